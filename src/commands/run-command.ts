import { DomainError } from '../errors.ts';
import type { Reply } from '../replies/reply.ts';
import { runBots } from './bots.ts';
import type { Command, CommandMistake } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { runChannels } from './channels.ts';
import { runCompare } from './compare.ts';
import { runFunnel } from './funnel.ts';
import { runHelp, runMetricsList } from './help.ts';
import { runMetric } from './metric.ts';
import { runOutcomes } from './outcomes.ts';
import { parseCommand } from './parse-command.ts';
import { runSummary } from './summary.ts';

/** A command's own runner, for sub-systems that plug in later (digests, alerts). */
export type ExtraRunner = (command: Extract<Command, { name: 'digest' | 'alert' }>, ctx: CommandContext) => Promise<Reply>;

/** Runs a parsed command. */
export async function runCommand(command: Command, ctx: CommandContext, extra: Partial<Record<'digest' | 'alert', ExtraRunner>> = {}): Promise<Reply> {
  switch (command.name) {
    case 'help':
      return runHelp(command.topic);
    case 'metrics':
      return runMetricsList();
    case 'bots':
      return runBots(ctx);
    case 'summary':
      return runSummary(command.scope, ctx);
    case 'metric':
      return runMetric(command.metric, command.scope, command.by, ctx);
    case 'funnel':
      return runFunnel(command.scope, ctx);
    case 'outcomes':
      return runOutcomes(command.scope, ctx);
    case 'channels':
      return runChannels(command.scope, ctx);
    case 'compare':
      return runCompare(command, ctx);
    case 'digest':
    case 'alert': {
      const runner = extra[command.name];
      if (runner) return runner(command, ctx);
      return { kind: 'info', title: `${command.name} is not available yet`, figures: [], notes: [], text: `Scheduled ${command.name}s are not part of this botwatch yet.` };
    }
  }
}

/** The reply for a mistake in the command: what is wrong and how the command is used. */
export function mistakeReply(mistake: CommandMistake): Reply {
  return { kind: 'error', title: mistake.message, figures: [], notes: [], text: mistake.usage };
}

/**
 * Answers command text with a reply, whatever happens: mistakes and domain errors become an
 * error reply saying what to do; anything unexpected is logged with its cause and the person is
 * told something went wrong (never a stack trace, never silence).
 */
export async function answer(text: unknown, ctx: CommandContext, extra: Partial<Record<'digest' | 'alert', ExtraRunner>> = {}): Promise<Reply> {
  const command = parseCommand(text);
  if (command.name === 'mistake') return mistakeReply(command);
  try {
    return await runCommand(command, ctx, extra);
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'error', title: error.message, figures: [], notes: [] };
    ctx.logger.error('command failed', { command: typeof text === 'string' ? text.slice(0, 200) : '', error });
    return { kind: 'error', title: 'Sorry — something went wrong while answering that.', figures: [], notes: ['The cause is in the botwatch log.'] };
  }
}

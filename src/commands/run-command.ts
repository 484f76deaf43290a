import type { Asker } from '../chat/destination.ts';
import { DomainError } from '../errors.ts';
import type { Reply } from '../replies/reply.ts';
import { retentionNotes } from '../retention/retention-notes.ts';
import type { TimeWindow } from '../time/windows.ts';
import { runAnomalies } from '../anomaly/anomalies-command.ts';
import { runBots } from './bots.ts';
import type { Command, CommandMistake } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { runChannels } from './channels.ts';
import { runCompare } from './compare.ts';
import { runFunnel } from './funnel.ts';
import { runHelp, runMetricsList } from './help.ts';
import { runIntents } from './intents.ts';
import { runList } from './list.ts';
import { runConversation } from './conversation.ts';
import { runMetric } from './metric.ts';
import { runOutcomes } from './outcomes.ts';
import { listBots } from '../metrics/bot-info.ts';
import { understandCommand } from './natural/understand.ts';
import type { Understood } from './natural/understand.ts';
import { changesSettings, refusal } from './permissions.ts';
import { runSummary } from './summary.ts';

/**
 * A command's own runner, for sub-systems that plug in (digests, alerts). `asker` says who typed it
 * and where (digests subscribe that conversation); undefined in the terminal.
 */
export type ExtraRunner = (command: Extract<Command, { name: 'digest' | 'alert' }>, ctx: CommandContext, asker?: Asker) => Promise<Reply>;

export interface AnswerOptions {
  /** Who asked, from where; omitted in the terminal (`botwatch ask`), where everything is allowed. */
  asker?: Asker;
  runners?: Partial<Record<'digest' | 'alert', ExtraRunner>>;
}

/** Runs a parsed command. */
export async function runCommand(command: Command, ctx: CommandContext, options: AnswerOptions = {}): Promise<Reply> {
  const extra = options.runners ?? {};
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
      return runMetric(command.metric, command.scope, command.by, ctx, { band: command.band === true });
    case 'funnel':
      return runFunnel(command.scope, ctx);
    case 'outcomes':
      return runOutcomes(command.scope, ctx);
    case 'channels':
      return runChannels(command.scope, ctx);
    case 'compare':
      return runCompare(command, ctx);
    case 'intents':
      return runIntents(command.scope, ctx);
    case 'list':
      return runList(command, ctx);
    case 'conversation':
      return runConversation(command, ctx);
    case 'anomalies':
      return runAnomalies(command.scope, ctx);
    case 'digest':
    case 'alert': {
      if (options.asker && !options.asker.isAdmin && changesSettings(command)) return refusal(command, options.asker);
      const runner = extra[command.name];
      if (runner) return runner(command, ctx, options.asker);
      return { kind: 'info', title: `${command.name} is not available yet`, figures: [], notes: [], text: `Scheduled ${command.name}s are not part of this botwatch yet.` };
    }
  }
}

/** The reply for a mistake in the command: what is wrong and how the command is used. */
export function mistakeReply(mistake: CommandMistake): Reply {
  return { kind: 'error', title: mistake.message, figures: [], notes: [], text: mistake.usage };
}

/** Reads the text with the bots that exist, so plain words are not taken for bot ids. */
async function understand(text: unknown, ctx: CommandContext): Promise<Understood> {
  const knownBots = (await listBots(ctx.db)).map((b) => b.botId);
  return understandCommand(text, { now: ctx.now(), timeZone: ctx.timeZone, knownBots });
}

/** The reply to a phrase with several readings: each reading with its canonical command. */
export function choiceReply(choice: Extract<Understood, { kind: 'ask' }>): Reply {
  return {
    kind: 'help',
    title: `"${choice.phrase}" can be read ${choice.readings.length === 2 ? 'two' : 'several'} ways — which did you mean?`,
    figures: [],
    notes: [],
    text: choice.readings.map((r) => `${r.label}: /botwatch ${r.text}`).join('\n'),
  };
}

/**
 * Answers command text with a reply, whatever happens: mistakes and domain errors become an
 * error reply saying what to do; anything unexpected is logged with its cause and the person is
 * told something went wrong (never a stack trace, never silence).
 */
export async function answer(text: unknown, ctx: CommandContext, options: AnswerOptions = {}): Promise<Reply> {
  try {
    const understood = await understand(text, ctx);
    if (understood.kind === 'mistake') return mistakeReply(understood.mistake);
    if (understood.kind === 'ask') return choiceReply(understood);
    const windows: TimeWindow[] = [];
    const reply = await runCommand(understood.command, { ...ctx, onWindow: (w) => windows.push(w) }, options);
    const kept = windows.length === 0 || reply.kind === 'error' ? [] : await retentionNotes(ctx.db, windows);
    const shown = understood.canonical === undefined ? [] : [`Showing: \`${understood.canonical}\``];
    return shown.length === 0 && kept.length === 0 ? reply : { ...reply, notes: [...shown, ...reply.notes, ...kept] };
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'error', title: error.message, figures: [], notes: [] };
    ctx.logger.error('command failed', { command: typeof text === 'string' ? text.slice(0, 200) : '', error });
    return { kind: 'error', title: 'Sorry — something went wrong while answering that.', figures: [], notes: ['The cause is in the botwatch log.'] };
  }
}

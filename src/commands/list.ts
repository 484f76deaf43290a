import { findMetric } from '../metrics/catalog.ts';
import { metricCohorts } from '../metrics/drill-down/fates.ts';
import { listConversations } from '../metrics/drill-down/list-conversations.ts';
import { formatCount } from '../metrics/format.ts';
import { DomainError } from '../errors.ts';
import type { Reply } from '../replies/reply.ts';
import { formatInstant } from '../time/format-instant.ts';
import type { Command } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { resolveScope } from './resolve-scope.ts';

/** How many conversations a drill-down lists (the total is always given). */
export const listLimit = 20;

/**
 * `/botwatch list [bot] [window] [metric:<id>] [outcome:…] [step:…] [filters]`: the conversations
 * behind a number, newest first. `metric:` keeps those the metric was taken over (settled ones for
 * fate-based rates); with `outcome:` too, those it counted.
 */
export async function runList(command: Extract<Command, { name: 'list' }>, ctx: CommandContext): Promise<Reply> {
  const metric = command.metric === undefined ? undefined : findMetric(command.metric);
  if (metric !== undefined && metricCohorts[metric.id] === undefined) {
    throw new DomainError('no_drill_down', `${metric.name} is not a share of conversations, so it has no list of conversations behind it; list them by outcome instead (outcome:handoff, outcome:dropped, …)`);
  }
  const r = await resolveScope(command.scope, ctx);
  // No bot named is every known bot, named: the page and the total's partial hours then walk each
  // bot's (bot_id, started_at) index instead of reading the whole index for a window.
  const filter = r.filter.bots.length > 0 ? r.filter : { ...r.filter, bots: r.bots.map((b) => b.botId) };
  const { total, conversations } = await listConversations(ctx.db, {
    interval: r.window,
    filter,
    ...(metric ? { metric: metric.id } : {}),
    ...(command.outcome ? { outcome: command.outcome } : {}),
    ...(command.step !== undefined ? { step: command.step } : {}),
    now: r.now,
    idleMinutes: ctx.idleMinutes,
    limit: listLimit,
  });
  const what = [metric && `counted in ${metric.short}`, command.outcome && `outcome ${command.outcome}`, command.step !== undefined && `last step ${command.step}`].filter((w): w is string => typeof w === 'string');
  const several = r.bots.length !== 1 || command.scope.bots.length !== 1;
  return {
    kind: 'result',
    title: `Conversations — ${r.botsLabel}${what.length > 0 ? ` · ${what.join(' · ')}` : ''}`,
    subtitle: r.subtitle,
    figures: [{ metric: 'conversations', label: 'Matching conversations', unit: 'count', better: 'none', value: total, formatted: formatCount(total) }],
    ...(conversations.length > 0
      ? {
          table: {
            columns: [
              ...(several ? [{ key: 'bot', label: 'Bot' }] : []),
              { key: 'id', label: 'Conversation' },
              { key: 'started', label: 'Started' },
              { key: 'channel', label: 'Channel' },
              { key: 'version', label: 'Version' },
              { key: 'intent', label: 'First intent' },
              { key: 'fate', label: 'Outcome' },
              { key: 'step', label: 'Last step' },
              { key: 'messages', label: 'Messages', align: 'right' as const },
              { key: 'csat', label: 'CSAT', align: 'right' as const },
            ],
            rows: conversations.map((c) => ({
              bot: c.botId,
              id: c.conversationId,
              started: formatInstant(c.startedAt, r.window.timeZone),
              channel: c.channel ?? '–',
              version: c.version ?? '–',
              intent: c.firstIntent ?? '–',
              fate: c.fate,
              step: c.lastStep ?? '–',
              messages: formatCount(c.messages),
              csat: c.csat === null ? '–' : String(Math.round(c.csat * 10) / 10),
            })),
            values: conversations.map((c) => ({
              started: c.startedAt.toISOString(),
              channel: c.channel,
              version: c.version,
              intent: c.firstIntent,
              step: c.lastStep,
              messages: c.messages,
              csat: c.csat,
            })),
          },
        }
      : {}),
    notes: [
      total > conversations.length ? `Showing the ${conversations.length} most recent of ${formatCount(total)}.` : total === 0 ? 'No conversation matches.' : `All ${formatCount(total)} shown, most recent first.`,
      ...(metric?.settledOnly && command.outcome !== 'in-progress' ? ['Conversations still in progress are left out, as the metric leaves them out.'] : []),
    ],
  };
}

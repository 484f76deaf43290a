import { DomainError } from '../errors.ts';
import type { BotInfo } from '../metrics/bot-info.ts';
import { listBots } from '../metrics/bot-info.ts';
import type { CohortFilter } from '../metrics/cohort.ts';
import { parseWindow } from '../time/windows.ts';
import type { TimeWindow } from '../time/windows.ts';
import type { Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { nearest } from './suggest.ts';

/** A scope made concrete: known bots, a computed window, the filter for queries, a subtitle. */
export interface ResolvedScope {
  filter: CohortFilter;
  window: TimeWindow;
  bots: BotInfo[];
  /** "support-bot", "all bots (3)". */
  botsLabel: string;
  /** "support-bot · last 7 days · Europe/Berlin · channel web". */
  subtitle: string;
  now: Date;
}

/**
 * Throws a DomainError naming the first bot that has never sent events (with the nearest known
 * one), or saying that no bot has yet.
 */
export function assertKnownBots(bots: readonly string[], known: readonly BotInfo[]): void {
  if (known.length === 0) {
    throw new DomainError('no_bots', 'no bot has sent any events yet — send events to POST /v1/events or run `botwatch import` (see docs/events.md)');
  }
  for (const bot of bots) {
    if (!known.some((b) => b.botId === bot)) {
      const guess = nearest(bot, known.map((b) => b.botId));
      throw new DomainError('unknown_bot', `unknown bot "${bot}"${guess ? ` — did you mean ${guess}?` : ''} (known: ${known.map((b) => b.botId).join(', ')})`);
    }
  }
}

/** Checks bots exist (suggesting the nearest when not) and computes the window in the zone. */
export async function resolveScope(scope: Scope, ctx: CommandContext, defaultWindow = '7d'): Promise<ResolvedScope> {
  const known = await listBots(ctx.db);
  assertKnownBots(scope.bots, known);
  const now = ctx.now();
  const timeZone = scope.timeZone ?? ctx.timeZone;
  const window = parseWindow(scope.window ?? defaultWindow, { now, timeZone });
  if (window === undefined || 'error' in window) throw new DomainError('bad_window', window?.error ?? `"${scope.window ?? ''}" is not a window`);
  ctx.onWindow?.(window);
  const bots = scope.bots.length === 0 ? known : known.filter((b) => scope.bots.includes(b.botId));
  const botsLabel = scope.bots.length === 0 ? (known.length === 1 ? (known[0]?.botId ?? '') : `all bots (${known.length})`) : scope.bots.join(', ');
  const filters = [
    ...scope.versions.map((v) => `version ${v}`),
    ...scope.channels.map((c) => `channel ${c}`),
    ...scope.intents.map((i) => `intent ${i}`),
    ...scope.flows.map((f) => `flow ${f}`),
    ...(scope.score !== undefined ? [`score ${scope.score}`] : []),
  ];
  return {
    filter: { bots: scope.bots, versions: scope.versions, channels: scope.channels, intents: scope.intents, flows: scope.flows, ...(scope.score !== undefined ? { score: scope.score } : {}) },
    window,
    bots,
    botsLabel,
    subtitle: [botsLabel, window.label, timeZone, ...filters].join(' · '),
    now,
  };
}

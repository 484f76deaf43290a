import type { BotInfo } from '../../metrics/bot-info.ts';
import { formatSeconds } from '../../metrics/format.ts';
import { formatInstant } from '../../time/format-instant.ts';
import type { Interval } from '../../time/windows.ts';

export interface BotActivity {
  botId: string;
  /** Undefined when the bot has never sent an event. */
  info: BotInfo | undefined;
  /** Conversations it started in the period. */
  conversations: number;
}

/**
 * Data freshness, one note per problem: a bot that sent nothing in the period is called out (its
 * rates are n/a, never 0 %), and so is one that has sent nothing since the period ended (its last
 * hours may be missing). When every bot is current, one line says so.
 */
/** Quiet for less than this before the period ended is a lull, not missing data. */
const quietLimitMs = 60 * 60_000;

export function freshnessNotes(bots: readonly BotActivity[], period: Interval & { label: string }, timeZone: string): string[] {
  const notes: string[] = [];
  const current: BotInfo[] = [];
  for (const bot of bots) {
    if (bot.info === undefined) {
      notes.push(`${bot.botId} has never sent an event: nothing from it is in this digest.`);
    } else if (bot.conversations === 0) {
      notes.push(`${bot.botId} sent nothing in ${period.label} (last event ${formatInstant(bot.info.lastEventAt, timeZone)}): it is not counted, and its rates are n/a rather than 0 %.`);
    } else if (period.end.getTime() - bot.info.lastEventAt.getTime() >= quietLimitMs) {
      const silentFor = (period.end.getTime() - bot.info.lastEventAt.getTime()) / 1000;
      notes.push(`${bot.botId} has sent nothing since ${formatInstant(bot.info.lastEventAt, timeZone)}, ${formatSeconds(silentFor)} before the period ended: its last hours may be missing.`);
    } else {
      current.push(bot.info);
    }
  }
  if (notes.length === 0 && current.length > 0) {
    const latest = current.reduce((a, b) => (b.lastEventAt > a.lastEventAt ? b : a));
    notes.push(`Data is current: ${current.length === 1 ? `${latest.botId} has` : 'every bot has'} sent events up to the end of the period (latest ${formatInstant(latest.lastEventAt, timeZone)}).`);
  }
  return notes;
}

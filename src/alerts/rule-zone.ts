import type { Queryable } from '../db/database.ts';
import type { BotInfo } from '../metrics/bot-info.ts';
import { listBots } from '../metrics/bot-info.ts';
import { resolveLocalZone } from '../time/local-zone.ts';
import type { ResolvedZone } from '../time/local-zone.ts';
import type { AlertRule } from './alert-rule.ts';
import type { MeasureCache } from './evaluation.ts';

type ZonedRule = Pick<AlertRule, 'botId' | 'anomaly'>;

/**
 * The zone a rule's local hours are in, resolved now: its own `tz:` (anomaly rules store only a
 * given one), else its bot's current zone, else BOTWATCH_TZ — so `botwatch bots tz` set after a
 * rule was added moves the rule with it (docs/alerts.md "The bot's time zone").
 */
export function ruleZone(rule: ZonedRule, bots: readonly BotInfo[], deploymentZone: string): ResolvedZone {
  const bot = rule.botId === null ? undefined : bots.find((b) => b.botId === rule.botId);
  return resolveLocalZone(rule.anomaly?.timeZone, bot, deploymentZone);
}

/**
 * As ruleZone, reading the bots through the cycle's cache: one read of the bots table per
 * evaluation cycle, however many rules ask (none for a rule with its own tz: or over all bots).
 */
export async function resolveRuleZone(rule: ZonedRule, ctx: { db: Queryable; cache: MeasureCache; timeZone: string }): Promise<ResolvedZone> {
  if (rule.anomaly?.timeZone || rule.botId === null) return ruleZone(rule, [], ctx.timeZone);
  return ruleZone(rule, await ctx.cache.get(['bots'], () => listBots(ctx.db)), ctx.timeZone);
}

const sources: Record<ResolvedZone['source'], string> = { rule: 'its tz:', bot: "the bot's", deployment: 'BOTWATCH_TZ' };

/** "Europe/Berlin (the bot's)", "Asia/Tokyo (its tz:)", "UTC (BOTWATCH_TZ)". */
export const describeZone = (z: ResolvedZone): string => `${z.zone} (${sources[z.source]})`;

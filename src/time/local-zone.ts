/** Where a local zone came from: a rule's own `tz:`, the bot's zone (`botwatch bots tz`), or BOTWATCH_TZ. */
export type ZoneSource = 'rule' | 'bot' | 'deployment';

/** A zone and where it came from. */
export interface ResolvedZone {
  zone: string;
  source: ZoneSource;
}

/**
 * The zone whose local hours a bot's usual week is judged in (anomaly baselines, their "on
 * Tuesdays 10:00–11:00" labels, silence alerts' active hours): a rule's own `tz:` first, then the
 * bot's zone (`botwatch bots tz`), then the deployment's BOTWATCH_TZ. A rule over all bots has no
 * bot zone to go by.
 */
export function resolveLocalZone(ruleZone: string | null | undefined, bot: { timeZone?: string } | undefined, deploymentZone: string): ResolvedZone {
  if (ruleZone) return { zone: ruleZone, source: 'rule' };
  if (bot?.timeZone) return { zone: bot.timeZone, source: 'bot' };
  return { zone: deploymentZone, source: 'deployment' };
}

/** The zone alone (see resolveLocalZone). */
export function localZone(ruleZone: string | null | undefined, bot: { timeZone?: string } | undefined, deploymentZone: string): string {
  return resolveLocalZone(ruleZone, bot, deploymentZone).zone;
}

/**
 * The zone whose local hours a bot's usual week is judged in (anomaly baselines, their "on
 * Tuesdays 10:00–11:00" labels, silence alerts' active hours): a rule's own `tz:` first, then the
 * bot's zone (`botwatch bots tz`), then the deployment's BOTWATCH_TZ. A rule over all bots has no
 * bot zone to go by.
 */
export function localZone(ruleZone: string | null | undefined, bot: { timeZone?: string } | undefined, deploymentZone: string): string {
  return ruleZone ?? bot?.timeZone ?? deploymentZone;
}

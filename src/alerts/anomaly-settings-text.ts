import { maxBaselineWeeks, minBaselineWeeks } from '../anomaly/baseline.ts';
import { recoveryFraction } from '../anomaly/band.ts';
import { sensitivityLevels } from '../anomaly/sensitivity.ts';
import { formatCount, formatSeconds } from '../metrics/format.ts';
import { describeSpan } from '../time/durations.ts';
import type { ResolvedZone } from '../time/local-zone.ts';
import type { AlertRule } from './alert-rule.ts';
import { describeRule } from './describe-rule.ts';

/**
 * An anomaly rule's settings, defaults included, one per line (what `alert add` replies); `zone`
 * is the one its usual week is in now (its tz:, else its bot's, else BOTWATCH_TZ).
 */
export function anomalySettingsText(rule: AlertRule, zone: ResolvedZone): string {
  const a = rule.anomaly;
  if (a === undefined) return describeRule(rule);
  const side = { up: 'above', down: 'below', both: 'outside' }[a.direction];
  return [
    `Fires when ${describeRule(rule).replace(/^#\d+ /, '')}: ${side} the band of what is usual at this time of the week for ${formatSeconds(rule.forSeconds)}${rule.forSeconds === 0 ? ' (at once)' : ''}.`,
    `Usual: the median of the same local hours (${zone.zone}) in up to ${maxBaselineWeeks} previous weeks; the band is the ${sensitivityLevels[a.sensitivity].level * 100} % interval for the window's own count (${a.sensitivity} sensitivity), widened by how much those weeks varied.`,
    zoneLine(zone, rule.botId),
    `Learning until ${minBaselineWeeks} weeks of history: it does not fire before.`,
    `Clears when back within ${recoveryFraction * 100} % of the band's half-width.`,
    `Window: conversations started in the last ${describeSpan(rule.windowSeconds)}${rule.minConversations > 0 ? `; no alert with fewer than ${formatCount(rule.minConversations)}` : ''}.`,
  ].join('\n');
}

/** Where the zone comes from, and that a rule without tz: follows its bot's zone when that is set or changed. */
function zoneLine(z: ResolvedZone, botId: string | null): string {
  if (z.source === 'rule') return `Time zone: ${z.zone}, its own tz:.`;
  if (z.source === 'bot') return `Time zone: ${z.zone}, ${botId ?? 'the bot'}'s (botwatch bots tz); it follows the bot's zone if that changes.`;
  if (botId === null) return `Time zone: ${z.zone} (BOTWATCH_TZ).`;
  return `Time zone: ${z.zone} (BOTWATCH_TZ) until ${botId} is given one of its own (botwatch bots tz); then it follows the bot's.`;
}

import type { BotInfo } from '../metrics/bot-info.ts';
import { formatCount, formatSeconds } from '../metrics/format.ts';
import type { Reply } from '../replies/reply.ts';
import type { AlertRule } from './alert-rule.ts';
import { isMuted } from './alert-rule.ts';
import type { HistoryEntry } from './alert-history.ts';
import { describeRule, formatRuleValue } from './describe-rule.ts';
import { formatInstant } from './notification-reply.ts';
import { describeZone, ruleZone } from './rule-zone.ts';

const ago = (from: Date, now: Date) => formatSeconds(Math.max(0, (now.getTime() - from.getTime()) / 1000));

/**
 * `alert list`: every rule with its state, current value and last change; anomaly and silence
 * rules with the zone of their local hours as it is now and where it comes from (`bots`: their zones).
 */
export function alertListReply(rules: readonly AlertRule[], bots: readonly BotInfo[], now: Date, timeZone: string): Reply {
  if (rules.length === 0) {
    return { kind: 'info', title: 'Alerts', figures: [], notes: ['No alerts yet. Add one with /botwatch alert add handoff_rate above 20% <bot>.'] };
  }
  const notes: string[] = [];
  for (const r of rules) {
    if (isMuted(r, now)) notes.push(`#${r.id} is muted until ${formatInstant(r.mutedUntil!, timeZone)}${r.mutedBy ? ` (by ${r.mutedBy})` : ''}.`);
    if (r.deliveryStoppedAt) notes.push(`#${r.id} stopped posting ${formatInstant(r.deliveryStoppedAt, timeZone)}: ${r.deliveryStoppedReason ?? 'destination gone'} — fix it, then alert unmute ${r.id} (or alert test ${r.id}).`);
    if (r.lastError) notes.push(`#${r.id} could not be evaluated ${r.lastErrorAt ? `${ago(r.lastErrorAt, now)} ago` : ''}: ${r.lastError}`);
  }
  return {
    kind: 'info',
    title: 'Alerts',
    figures: [],
    table: {
      columns: [
        { key: 'rule', label: 'Rule' },
        { key: 'where', label: 'Notifies' },
        { key: 'state', label: 'State' },
        { key: 'now', label: 'Now', align: 'right' },
        { key: 'since', label: 'Last change' },
      ],
      rows: rules.map((r) => ({
        rule: r.kind === 'metric' ? describeRule(r) : `${describeRule(r)} · local time ${describeZone(ruleZone(r, bots, timeZone))}`,
        where: `${r.destination.name ?? r.destination.channelId} (${r.destination.platform})${r.mention ? ` ${r.mention}` : ''}`,
        state: stateLabel(r),
        now: currentLabel(r),
        since: `${r.state.replace('_', ' ')} for ${ago(r.stateSince, now)}`,
      })),
      values: rules.map((r) => ({ now: r.lastValue, since: r.stateSince.toISOString() })),
    },
    notes,
  };
}

function stateLabel(r: AlertRule): string {
  if (r.state === 'firing' && r.acknowledgedBy) return `firing (acknowledged by ${r.acknowledgedBy})`;
  return r.state.replace('_', ' ');
}

function currentLabel(r: AlertRule): string {
  if (r.lastEvaluatedAt === null) return 'not evaluated yet';
  if (r.lastValue === null) return r.lastNote ?? 'n/a';
  const sample = r.lastNumerator !== null && r.lastDenominator !== null ? ` (${formatCount(r.lastNumerator)} of ${formatCount(r.lastDenominator)})` : '';
  return `${formatRuleValue(r, r.lastValue)}${sample}`;
}

const eventLabels: Record<HistoryEntry['event'], string> = {
  added: 'added',
  removed: 'removed',
  transition: 'state',
  notified: 'posted',
  notify_failed: 'posting failed',
  suppressed: 'not posted',
  delivery_stopped: 'posting stopped',
  acknowledged: 'acknowledged',
  muted: 'muted',
  unmuted: 'unmuted',
  test: 'test',
  changed: 'changed',
};

/** `alert history [id]`: the latest transitions and notifications, newest first, with their numbers. */
export function alertHistoryReply(entries: readonly HistoryEntry[], ruleId: number | undefined, timeZone: string): Reply {
  const title = ruleId === undefined ? 'Alert history' : `Alert history — #${ruleId}`;
  if (entries.length === 0) return { kind: 'info', title, figures: [], notes: [ruleId === undefined ? 'Nothing has happened yet.' : `Nothing recorded for alert #${ruleId} (history is kept 90 days).`] };
  return {
    kind: 'info',
    title,
    figures: [],
    table: {
      columns: [
        { key: 'when', label: 'When' },
        { key: 'rule', label: 'Rule' },
        { key: 'what', label: 'What' },
        { key: 'value', label: 'Value', align: 'right' },
        { key: 'detail', label: 'Detail' },
      ],
      rows: entries.map((e) => {
        const rule = { id: e.ruleId, kind: e.kind ?? (e.metric === 'silence' ? ('silence' as const) : ('metric' as const)), metric: e.metric, botId: e.botId, filter: { versions: [], channels: [], intents: [], flows: [] }, direction: e.direction, threshold: e.threshold, windowSeconds: e.windowSeconds };
        const sample = e.numerator !== null && e.denominator !== null ? ` (${formatCount(e.numerator)} of ${formatCount(e.denominator)})` : '';
        return {
          when: formatInstant(e.at, timeZone),
          rule: describeRule(rule),
          what: e.event === 'transition' ? `${(e.fromState ?? '?').replace('_', ' ')} → ${(e.toState ?? '?').replace('_', ' ')}` : eventLabels[e.event],
          value: e.value === null ? '' : `${formatRuleValue(rule, e.value)}${sample}`,
          detail: e.detail ?? '',
        };
      }),
      values: entries.map((e) => ({ when: e.at.toISOString(), value: e.value })),
    },
    notes: ['Kept 90 days.'],
  };
}

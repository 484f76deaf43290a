import type { Signal } from '../events/contract.ts';
import { sentEventTypes } from '../metrics/bot-info.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { missingEvents } from '../metrics/evaluate-metrics.ts';
import { formatCount, formatValue } from '../metrics/format.ts';
import { rankIntents } from '../metrics/intent-ranking.ts';
import type { IntentVolume } from '../metrics/intent-ranking.ts';
import { queryAggregates } from '../metrics/query-aggregates.ts';
import type { RawValue, Reply } from '../replies/reply.ts';
import type { Scope } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { resolveScope } from './resolve-scope.ts';

/** The rates shown per intent, in column order. */
const rateIds = ['handoff_rate', 'fallback_rate', 'resolution_rate', 'drop_off_rate'] as const;
const tableRows = 15;
const chartBars = 10;

function changeText(i: IntentVolume): string {
  if (i.isNew) return 'new';
  const pct = Math.round(i.growth! * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)} % (${formatCount(i.previous.conversations)} before)`;
}

/**
 * `/botwatch intents [bot] [window] [filters]`: what people ask about — intents by volume (each
 * conversation counted under its first intent) with their share, change against the previous
 * window, and per intent the hand-off, no-match, resolution and drop-off rates.
 */
export async function runIntents(scope: Scope, ctx: CommandContext): Promise<Reply> {
  const resolved = await resolveScope(scope, ctx);
  const { window, filter } = resolved;
  const [rows, sent] = await Promise.all([
    queryAggregates(ctx.db, { filter, current: window, previous: window.previous, groupBy: 'intent', timeZone: window.timeZone, now: resolved.now, idleMinutes: ctx.idleMinutes }),
    sentEventTypes(ctx.db, filter.bots),
  ]);
  const ranking = rankIntents(rows);
  const context = { sends: (t: Signal) => sent.has(t) };
  const rates = rateIds.map((id) => findMetric(id)).filter((m): m is MetricDefinition => m !== undefined && missingEvents(m, sent, resolved.botsLabel) === undefined);
  const fastest = ranking.fastestGrowing;
  const title = `Intents — ${resolved.botsLabel}`;
  if (ranking.intents.length === 0) {
    return {
      kind: 'result', title, subtitle: resolved.subtitle, figures: [],
      notes: [ranking.total === 0 ? `No conversations started in this window (${window.label}).` : `None of the ${formatCount(ranking.total)} conversations in this window had an intent detected (intent.detected events).`],
    };
  }
  const named = ranking.intents.reduce((s, i) => s + i.current.conversations, 0);
  const rowsShown = ranking.intents.slice(0, tableRows).map((i) => {
    const row: Record<string, string> = {
      intent: i.intent,
      conversations: formatCount(i.current.conversations),
      share: formatValue(i.share, 'share'),
      change: changeText(i),
      flag: [i.isNew ? 'new' : '', i.intent === fastest ? 'fastest-growing' : ''].filter(Boolean).join(', '),
    };
    for (const m of rates) row[m.id] = formatValue(m.compute!(i.current, context).value, 'share');
    return row;
  });
  const values = ranking.intents.slice(0, tableRows).map((i) => {
    const raw: Record<string, RawValue> = {
      conversations: i.current.conversations,
      previous: i.previous.conversations,
      share: i.share,
      change: i.isNew ? null : (i.growth ?? null),
      new: i.isNew,
      fastest: i.intent === fastest,
    };
    for (const m of rates) raw[m.id] = m.compute!(i.current, context).value;
    return raw;
  });
  const rateColumns = rates.map((m) => ({ key: m.id, label: m.short.replace(/^./, (c) => c.toUpperCase()), align: 'right' as const }));
  const rest = ranking.intents.slice(chartBars);
  const newOnes = ranking.intents.filter((i) => i.isNew).map((i) => i.intent);
  const notes = [
    'Each conversation counts once, under the first intent detected in it; rates are per intent’s conversations (drop-off and resolution over settled ones).',
    ...(newOnes.length > 0 ? [`New since ${window.previous.label}: ${newOnes.slice(0, 10).join(', ')}${newOnes.length > 10 ? ` and ${newOnes.length - 10} more` : ''}.`] : []),
    ...(fastest ? [`Fastest-growing: ${fastest} (${changeText(ranking.intents.find((i) => i.intent === fastest)!)}).`] : []),
    ...(ranking.withoutIntent > 0 ? [`${formatCount(ranking.withoutIntent)} conversations had no intent detected.`] : []),
    ...(ranking.intents.length > tableRows ? [`${ranking.intents.length - tableRows} less frequent intents are not listed.`] : []),
    `Compared with ${window.previous.label}.`,
  ];
  return {
    kind: 'result',
    title,
    subtitle: resolved.subtitle,
    figures: [
      { metric: 'conversations', label: 'Conversations with an intent', unit: 'count', better: 'none', value: named, formatted: formatCount(named) },
      { metric: 'intents', label: 'Intents', unit: 'count', better: 'none', value: ranking.intents.length, formatted: formatCount(ranking.intents.length) },
      { metric: 'new_intents', label: 'New intents', unit: 'count', better: 'none', value: newOnes.length, formatted: formatCount(newOnes.length) },
    ],
    table: {
      columns: [
        { key: 'intent', label: 'Intent' },
        { key: 'conversations', label: 'Conversations', align: 'right' },
        { key: 'share', label: 'Share', align: 'right' },
        { key: 'change', label: 'Change', align: 'right' },
        ...rateColumns,
        { key: 'flag', label: '' },
      ],
      rows: rowsShown,
      // Change exported as growth (0.25 = +25 %), empty for new intents; the flags as two booleans.
      exportColumns: [
        { key: 'intent', label: 'Intent' },
        { key: 'conversations', label: 'Conversations' },
        { key: 'previous', label: 'Previous period' },
        { key: 'share', label: 'Share' },
        { key: 'change', label: 'Change' },
        ...rateColumns,
        { key: 'new', label: 'New' },
        { key: 'fastest', label: 'Fastest-growing' },
      ],
      values,
    },
    chart: {
      kind: 'bars',
      title: 'Conversations by first intent',
      subtitle: resolved.subtitle,
      unit: 'count',
      dimension: 'intent',
      metricLabel: 'Conversations',
      bars: [
        ...ranking.intents.slice(0, chartBars).map((i) => ({ label: i.intent, value: i.current.conversations })),
        ...(rest.length > 0 ? [{ label: `other (${rest.length})`, value: rest.reduce((s, i) => s + i.current.conversations, 0) }] : []),
      ],
    },
    notes,
  };
}

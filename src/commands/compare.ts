import { DomainError } from '../errors.ts';
import type { Signal } from '../events/contract.ts';
import { sentEventTypes } from '../metrics/bot-info.ts';
import { findMetric } from '../metrics/catalog.ts';
import type { MetricDefinition } from '../metrics/catalog.ts';
import { emptyFilter } from '../metrics/cohort.ts';
import { missingEvents } from '../metrics/evaluate-metrics.ts';
import { formatCount, formatValue } from '../metrics/format.ts';
import { queryAggregates, sumAggregates } from '../metrics/query-aggregates.ts';
import { holmAdjust, meanDifference, twoProportionZTest } from '../metrics/significance.ts';
import type { SampleSums } from '../metrics/significance.ts';
import type { Aggregates } from '../metrics/aggregates.ts';
import type { Figure, RawValue, Reply } from '../replies/reply.ts';
import type { Command, CompareSide } from './command.ts';
import type { CommandContext } from './command-context.ts';
import { compareScores } from './compare-scores.ts';
import { resolveScope } from './resolve-scope.ts';
import { summaryMetricIds } from './summary.ts';

const comparedRates = [...summaryMetricIds.filter((id) => id !== 'conversations' && id !== 'avg_response_ms'), 'fallback_rate', 'cta_click_rate', 'response_rate'];
const sideLabel = (s: CompareSide) => (s.version ? `${s.bot}@${s.version}` : s.bot);

/** A test's p-value after the multiple-comparison correction, and how many tests it allowed for. */
export interface Correction {
  p: number;
  tests: number;
}

const pText = (p: number, digits: number) => (p < 0.001 ? '< 0.001' : `= ${p.toFixed(digits)}`);

/**
 * Plain words for a rate comparison, e.g. "hand-off 14.2 % vs 11.0 %, lower by 3.2 pts, significant
 * at 95 % (p = 0.031)". With `corrected` (several rates tested at once), significance is called on
 * the Holm-adjusted p-value and the text says so.
 */
export function compareVerdict(metric: MetricDefinition, a: { x: number; n: number }, b: { x: number; n: number }, bLabel: string, corrected?: Correction): { text: string; significant: boolean } {
  const pa = a.x / a.n;
  const pb = b.x / b.n;
  const test = twoProportionZTest(a.x, a.n, b.x, b.n);
  const pts = Math.round(Math.abs(pb - pa) * 1000) / 10;
  const head = `${metric.short} ${formatValue(pa, 'share')} vs ${formatValue(pb, 'share')}`;
  if (pts === 0) return { text: `${head}, no difference`, significant: false };
  const moved = `${bLabel} ${pb > pa ? 'higher' : 'lower'} by ${pts} ${pts === 1 ? 'pt' : 'pts'}`;
  if (!test.enoughData) return { text: `${head}, ${moved}; not significant: too few conversations`, significant: false };
  if (corrected !== undefined && corrected.tests > 1) {
    const adjusted = `Holm-adjusted p ${pText(corrected.p, corrected.p < 0.1 ? 3 : 2)} over ${corrected.tests} rates`;
    if (corrected.p < 0.05) return { text: `${head}, ${moved}, significant at 95 % (${adjusted})`, significant: true };
    return { text: `${head}, ${moved}; not significant (${adjusted}; p ${pText(test.p, test.p < 0.1 ? 3 : 2)} alone)`, significant: false };
  }
  if (test.significant) return { text: `${head}, ${moved}, significant at 95 % (p ${pText(test.p, 3)})`, significant: true };
  return { text: `${head}, ${moved}; not significant (p = ${test.p.toFixed(2)})`, significant: false };
}

/** Measures compared as a difference in means: their sums per side (conversations' cost, calls' latency). */
const comparedMeans: { id: string; sums: (a: Aggregates) => SampleSums | undefined }[] = [
  { id: 'llm_cost_per_conversation', sums: (a) => (a.llm_unpriced_calls > 0 ? undefined : { n: a.llm_conversations, sum: a.llm_cost_usd, sumSq: a.llm_cost_sq }) },
  { id: 'llm_latency_avg', sums: (a) => ({ n: a.llm_latency_count, sum: a.llm_latency_sum, sumSq: a.llm_latency_sq }) },
];

/** Plain words for a difference in means: "LLM cost per conversation $0.012 vs $0.009, lower by $0.003 (95 % CI …)". */
export function compareMeansVerdict(label: string, unit: 'usd' | 'ms' | 'score', a: SampleSums, b: SampleSums, bLabel: string): { text: string; significant: boolean } {
  const head = `${label} ${formatValue(a.sum / a.n, unit)} vs ${formatValue(b.sum / b.n, unit)}`;
  const d = meanDifference(a, b);
  if (d === undefined) return { text: `${head}; too few to compare`, significant: false };
  if (Math.abs(d.difference) < 1e-12 && d.high - d.low < 1e-12) return { text: `${head}, no difference`, significant: false };
  const ci = `95 % CI ${formatValue(d.low, unit)} to ${formatValue(d.high, unit)}`;
  const moved = `${bLabel} ${d.difference > 0 ? 'higher' : 'lower'} by ${formatValue(Math.abs(d.difference), unit)} (${ci})`;
  if (!d.enoughData) return { text: `${head}, ${moved}; not significant: fewer than 30 per side`, significant: false };
  return d.significant ? { text: `${head}, ${moved}, significant at 95 %`, significant: true } : { text: `${head}, ${moved}; not significant`, significant: false };
}

/** `/botwatch compare A vs B [window]`: two bots, or two versions of one, rate by rate with a z-test. */
export async function runCompare(command: Extract<Command, { name: 'compare' }>, ctx: CommandContext): Promise<Reply> {
  const { a, b } = command;
  const r = await resolveScope({ ...command.scope, bots: [...new Set([a.bot, b.bot])] }, ctx);
  const sideFilter = (s: CompareSide) => ({ ...emptyFilter(), ...r.filter, bots: [s.bot], versions: s.version ? [s.version] : r.filter.versions });
  const side = async (s: CompareSide) => {
    const filter = sideFilter(s);
    const rows = await queryAggregates(ctx.db, { filter, current: r.window, timeZone: r.window.timeZone, now: r.now, idleMinutes: ctx.idleMinutes });
    return sumAggregates(rows.map((x) => x.aggregates));
  };
  const [aggA, aggB] = await Promise.all([side(a), side(b)]);
  for (const [s, agg] of [[a, aggA], [b, aggB]] as const) {
    if (agg.conversations === 0) throw new DomainError('empty_side', `${sideLabel(s)} has no conversations in this window (${r.window.label})${s.version ? '; check the version with /botwatch conversations ' + s.bot + ' by:version' : ''}`);
  }
  const sent = await sentEventTypes(ctx.db, [...new Set([a.bot, b.bot])]);
  const context = { sends: (t: Signal) => sent.has(t) };
  const metrics = comparedRates.map((id) => findMetric(id)).filter((m): m is MetricDefinition => m !== undefined && m.compute !== undefined && missingEvents(m, sent, 'x') === undefined);
  const aLabel = sideLabel(a);
  const bLabel = sideLabel(b);
  const rows: Record<string, string>[] = [];
  const raw: Record<string, RawValue>[] = [];
  const significant: string[] = [];
  const figures: Figure[] = [];
  const values = metrics.map((metric) => ({ metric, va: metric.compute!(aggA, context), vb: metric.compute!(aggB, context) }));
  const samples = values.map(({ va, vb }) =>
    va.value !== null && vb.value !== null && va.numerator !== undefined && va.denominator && vb.numerator !== undefined && vb.denominator
      ? { a: { x: va.numerator, n: va.denominator }, b: { x: vb.numerator, n: vb.denominator } }
      : undefined,
  );
  // Holm over the rates actually tested (both sides measured, enough data for the z-test).
  const tested = samples.flatMap((s, i) => {
    if (s === undefined) return [];
    const test = twoProportionZTest(s.a.x, s.a.n, s.b.x, s.b.n);
    return test.enoughData && s.a.x / s.a.n !== s.b.x / s.b.n ? [{ i, p: test.p }] : [];
  });
  const adjusted = new Map(holmAdjust(tested.map((t) => t.p)).map((p, k) => [tested[k]!.i, p]));
  values.forEach(({ metric, va, vb }, i) => {
    const sample = samples[i];
    let verdict = 'n/a on one side';
    let called: boolean | null = null;
    const p = adjusted.get(i);
    if (sample !== undefined) {
      const v = compareVerdict(metric, sample.a, sample.b, bLabel, p === undefined ? undefined : { p, tests: tested.length });
      verdict = v.text;
      called = v.significant;
      if (v.significant) significant.push(v.text);
    }
    raw.push({ metricId: metric.id, a: va.value, aN: va.denominator ?? null, b: vb.value, bN: vb.denominator ?? null, p: p ?? null, significant: called });
    rows.push({
      metric: metric.name,
      a: `${formatValue(va.value, metric.unit)}${va.denominator ? ` (n=${formatCount(va.denominator)})` : ''}`,
      b: `${formatValue(vb.value, metric.unit)}${vb.denominator ? ` (n=${formatCount(vb.denominator)})` : ''}`,
      verdict,
    });
  });
  if (sent.has('llm.call')) {
    for (const { id, sums } of comparedMeans) {
      const unit = id === 'llm_latency_avg' ? 'ms' : 'usd';
      const label = id === 'llm_latency_avg' ? 'Mean LLM latency' : 'LLM cost per conversation';
      const sa = sums(aggA);
      const sb = sums(aggB);
      const shown = (x: SampleSums | undefined) => (x === undefined ? 'n/a (a model has no price)' : x.n === 0 ? 'n/a' : `${formatValue(x.sum / x.n, unit)} (n=${formatCount(x.n)})`);
      let verdict = 'n/a on one side';
      let called: boolean | null = null;
      if (sa !== undefined && sb !== undefined && sa.n > 0 && sb.n > 0) {
        const v = compareMeansVerdict(id === 'llm_latency_avg' ? 'mean LLM latency' : 'LLM cost per conversation', unit, sa, sb, bLabel);
        verdict = v.text;
        called = v.significant;
        if (v.significant) significant.push(v.text);
      }
      const mean = (x: SampleSums | undefined) => (x === undefined || x.n === 0 ? null : x.sum / x.n);
      raw.push({ metricId: id, a: mean(sa), aN: sa?.n ?? null, b: mean(sb), bN: sb?.n ?? null, p: null, significant: called });
      rows.push({ metric: label, a: shown(sa), b: shown(sb), verdict });
    }
  }
  if (sent.has('score')) {
    const scores = await compareScores(ctx.db, r.window, { a: sideFilter(a), b: sideFilter(b) }, bLabel);
    rows.push(...scores.rows);
    raw.push(...scores.raw);
    significant.push(...scores.significant);
  }
  figures.push(
    { metric: 'conversations', label: `${aLabel} conversations`, unit: 'count', better: 'none', value: aggA.conversations, formatted: formatCount(aggA.conversations) },
    { metric: 'conversations', label: `${bLabel} conversations`, unit: 'count', better: 'none', value: aggB.conversations, formatted: formatCount(aggB.conversations) },
  );
  return {
    kind: 'result',
    title: `${aLabel} vs ${bLabel}`,
    subtitle: [r.window.label, r.window.timeZone].join(' · '),
    figures,
    table: {
      columns: [
        { key: 'metric', label: 'Metric' },
        { key: 'a', label: aLabel, align: 'right' },
        { key: 'b', label: bLabel, align: 'right' },
        { key: 'verdict', label: 'Verdict' },
      ],
      rows,
      // Each side as its value and sample size; `p` is the Holm-corrected p-value of a tested rate.
      exportColumns: [
        { key: 'metric', label: 'Metric' },
        { key: 'metricId', label: 'Metric id' },
        { key: 'a', label: aLabel },
        { key: 'aN', label: `${aLabel} n` },
        { key: 'b', label: bLabel },
        { key: 'bN', label: `${bLabel} n` },
        { key: 'p', label: 'Adjusted p' },
        { key: 'significant', label: 'Significant' },
        { key: 'verdict', label: 'Verdict' },
      ],
      values: raw,
    },
    notes: [
      significant.length > 0 ? `Significant differences: ${significant.join('; ')}.` : 'No difference is significant at 95 % in this window.',
      'Two-proportion z-test, two-sided; a difference needs at least 30 conversations and 5 of each outcome per side to be called.',
      ...(tested.length > 1
        ? [`${tested.length} rates were tested at once, so their p-values are Holm-corrected: "significant" means significant after the correction (a 5 % chance, across all ${tested.length}, of calling a difference that is noise).`]
        : []),
      ...(sent.has('llm.call') ? ['LLM cost and latency: difference in means with its 95 % confidence interval (Welch), not part of the Holm correction; at least 30 conversations (cost) or calls (latency) per side.'] : []),
      ...(sent.has('score') ? ['Named scores: difference in means of their numbers with its 95 % confidence interval (Welch), at least 30 per side, treating each score as one sample; not part of the Holm correction.'] : []),
    ],
  };
}

import type { BarsChart, ChartRequest, DigestPanelChart, FunnelChart, OutcomesChart, Point, TimeSeriesChart, Unit } from '../replies/reply.ts';
import { chartEmptiness } from './chart-emptiness.ts';
import { formatValue } from '../metrics/format.ts';

/** Slack's image `alt_text` takes at most 2,000 characters. */
const MAX_LENGTH = 2_000;
/** Bars listed by name in the alt text; the rest are counted. */
const LISTED_BARS = 12;

/**
 * A text description of the chart for screen readers and for clients that do not show images
 * (Slack `alt_text`, Teams `altText`): what it shows, the range of the values and the latest one.
 */
export function chartAltText(request: ChartRequest): string {
  const heading = `${request.title} (${request.subtitle})`;
  const empty = chartEmptiness(request);
  const text = `${kindName(request)}: ${heading}. ${empty ? `${empty.message}. ${empty.detail}` : describe(request)}`;
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH - 1)}…`;
}

function kindName(request: ChartRequest): string {
  const names: Record<ChartRequest['kind'], string> = {
    timeseries: 'Line chart',
    bars: 'Bar chart',
    funnel: 'Funnel chart',
    outcomes: 'Stacked bar chart',
    digest: 'Metric panels',
  };
  return names[request.kind];
}

function describe(request: ChartRequest): string {
  switch (request.kind) {
    case 'timeseries':
      return describeTimeSeries(request);
    case 'bars':
      return describeBars(request);
    case 'funnel':
      return describeFunnel(request);
    case 'outcomes':
      return describeOutcomes(request);
    case 'digest':
      return describeDigest(request);
  }
}

function describeTimeSeries(chart: TimeSeriesChart): string {
  const instants = chart.series.flatMap((s) => s.points.map((p) => Date.parse(p.t)));
  const from = Math.min(...instants);
  const to = Math.max(...instants);
  const when = (t: number): string => bucketLabel(t, chart);
  const parts = [from === to ? `One ${chart.bucket}, ${when(from)}.` : `By ${chart.bucket}, ${when(from)} to ${when(to)}.`];
  for (const series of chart.series) {
    const range = valueRange(series.points, chart.unit);
    if (!range) {
      parts.push(`${series.label}: n/a throughout.`);
      continue;
    }
    const latest = series.points.findLast((p) => p.value !== null);
    const gaps = series.points.filter((p) => p.value === null).length;
    const latestText = latest ? `latest ${formatValue(latest.value, chart.unit)} (${when(Date.parse(latest.t))})` : '';
    const gapText = gaps > 0 ? `; n/a for ${counted(gaps, chart.bucket)}` : '';
    const rangeText = range.low === range.high ? '' : `from ${range.low} to ${range.high}, `;
    parts.push(`${series.label}: ${rangeText}${latestText}${gapText}.`);
    const previous = series.previous ? valueRange(series.previous, chart.unit) : null;
    if (previous) parts.push(`Previous period (dashed): ${previous.low === previous.high ? previous.low : `${previous.low} to ${previous.high}`}.`);
  }
  if (chart.threshold) parts.push(`Threshold line: ${chart.threshold.label} (${formatValue(chart.threshold.value, chart.unit)}).`);
  return parts.join(' ');
}

function describeBars(chart: BarsChart): string {
  const listed = chart.bars.slice(0, LISTED_BARS).map((b) => `${b.label} ${formatValue(b.value, chart.unit)}`);
  const more = chart.bars.length > LISTED_BARS ? `, and ${chart.bars.length - LISTED_BARS} more` : '';
  const valued = chart.bars.filter((b): b is { label: string; value: number } => b.value !== null);
  const highest = valued.reduce((a, b) => (b.value > a.value ? b : a));
  const lowest = valued.reduce((a, b) => (b.value < a.value ? b : a));
  const extremes = valued.length > 1 ? ` Highest ${highest.label} (${formatValue(highest.value, chart.unit)}), lowest ${lowest.label} (${formatValue(lowest.value, chart.unit)}).` : '';
  return `${chart.metricLabel} by ${chart.dimension}, ${counted(chart.bars.length, chart.dimension)}: ${listed.join('; ')}${more}.${extremes}`;
}

function describeFunnel(chart: FunnelChart): string {
  const steps = chart.steps.map((s, i) =>
    i === 0
      ? `${s.step} ${formatValue(s.reached, 'count')}`
      : `${s.step} ${formatValue(s.reached, 'count')} (${formatValue(s.conversion, 'share')} of previous, ${formatValue(s.dropOff, 'count')} dropped off)`,
  );
  const first = chart.steps[0];
  const last = chart.steps.at(-1);
  const parts = [`Flow ${chart.flow}, ${counted(chart.steps.length, 'step')}: ${steps.join('; ')}.`];
  if (first && last && chart.steps.length > 1 && first.reached > 0) {
    parts.push(`${formatValue(last.reached / first.reached, 'share')} of the conversations that started reached ${last.step}.`);
    const worst = chart.steps.slice(1).reduce((a, b) => (b.dropOff > a.dropOff ? b : a));
    if (worst.dropOff > 0) parts.push(`Largest drop-off: ${formatValue(worst.dropOff, 'count')} before ${worst.step}.`);
  }
  return parts.join(' ');
}

function describeOutcomes(chart: OutcomesChart): string {
  const all = chart.groups.reduce((sum, g) => sum + g.success + g.mixed + g.unsuccessful, 0);
  return chart.groups
    .map((g) => {
      const total = g.success + g.mixed + g.unsuccessful;
      const part = (name: string, n: number): string => `${name} ${formatValue(n, 'count')} (${formatValue(total > 0 ? n / total : null, 'share')})`;
      return (
        `${g.group === 'contained' ? 'Contained' : 'Escalated'}: ${formatValue(total, 'count')} conversations (${formatValue(total / all, 'share')} of all): ` +
        `${part('success', g.success)}, ${part('mixed', g.mixed)}, ${part('unsuccessful', g.unsuccessful)}.`
      );
    })
    .join(' ');
}

function describeDigest(chart: DigestPanelChart): string {
  return chart.panels
    .map((p) => {
      const change = p.change ? `, ${p.change.formatted} vs previous period${p.change.assessment === 'neutral' ? '' : ` (${p.change.assessment === 'good' ? 'better' : 'worse'})`}` : '';
      const range = valueRange(p.points, p.unit);
      const trend = range && range.low !== range.high ? `; over the window ${range.low} to ${range.high}` : '';
      return `${p.label} ${p.formatted}${change}${trend}.`;
    })
    .join(' ');
}

function valueRange(points: Point[], unit: Unit): { low: string; high: string } | null {
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  if (values.length === 0) return null;
  return { low: formatValue(Math.min(...values), unit), high: formatValue(Math.max(...values), unit) };
}

const bucketFormats = new Map<string, Intl.DateTimeFormat>();

/** A bucket's start as people read it in the chart's zone: "Nov 23, 2026", or "Nov 23, 14:00" for hours. */
function bucketLabel(instant: number, chart: TimeSeriesChart): string {
  const key = `${chart.bucket === 'hour' ? 'hour' : 'date'} ${chart.timeZone}`;
  let format = bucketFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      'en-US',
      chart.bucket === 'hour'
        ? { timeZone: chart.timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone: chart.timeZone, month: 'short', day: 'numeric', year: 'numeric' },
    );
    bucketFormats.set(key, format);
  }
  return format.format(instant);
}

/** "1 step", "5 steps". */
function counted(n: number, noun: string): string {
  return `${formatValue(n, 'count')} ${noun}${n === 1 ? '' : 's'}`;
}

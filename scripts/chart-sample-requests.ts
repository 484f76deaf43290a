/**
 * Realistic chart requests for `npm run charts:samples` and `npm run bench:charts`: what the
 * metric engine hands the charts module, built here without a database. Deterministic (seeded).
 */
import type {
  BarsChart,
  ChartRequest,
  DigestPanelChart,
  FunnelChart,
  OutcomesChart,
  Point,
  TimeSeriesChart,
} from '../src/replies/reply.ts';
import { Random } from '../src/gen/random.ts';
import { fromLocal, isoWeekday } from '../src/time/zoned.ts';

export const ZONE = 'Europe/Berlin';

/** A seeded generator so samples do not change between runs. */
export function seeded(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

/** The instant local midnight of `date` (YYYY-MM-DD) happens in `zone`. */
function zonedMidnight(date: string, zone: string): Date {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  return fromLocal({ year, month, day, hour: 0, minute: 0 }, zone);
}

/** ISO instants of local midnights: `days` days ending with `lastDate`. */
function dailyBuckets(lastDate: string, days: number, zone: string): string[] {
  const last = Date.parse(`${lastDate}T00:00:00Z`);
  return Array.from({ length: days }, (_v, i) => {
    const date = new Date(last - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return zonedMidnight(date, zone).toISOString();
  });
}

export function hourlyBuckets(start: string, hours: number): string[] {
  const first = Date.parse(start);
  return Array.from({ length: hours }, (_v, i) => new Date(first + i * 3_600_000).toISOString());
}

/** A daily rate with a weekly rhythm and noise; weekends (the 6th and 7th day) run higher. */
function dailyRate(buckets: string[], base: number, weekend: number, noise: number, seed: number): Point[] {
  const random = seeded(seed);
  return buckets.map((t, i) => {
    const lift = isoWeekday(Date.parse(t), ZONE) >= 6 ? weekend : 0;
    const drift = 0.012 * Math.sin(i / 5);
    return { t, value: Math.round((base + lift + drift + (random() - 0.5) * noise) * 1000) / 1000 };
  });
}

/** Support-bot hand-off over 30 days, with the previous 30 days, an alert threshold and one n/a day. */
export function handoffTimeSeries(): TimeSeriesChart {
  const buckets = dailyBuckets('2026-11-23', 30, ZONE);
  const previousBuckets = dailyBuckets('2026-10-24', 30, ZONE);
  const points = dailyRate(buckets, 0.145, 0.035, 0.03, 7);
  // Nov 12: the bot was down all day, so no conversation started: n/a, drawn as a gap.
  const outage = points.findIndex((p) => p.t.startsWith('2026-11-11T23'));
  if (outage >= 0) points[outage] = { t: points[outage]?.t ?? '', value: null };
  return {
    kind: 'timeseries',
    title: 'Human hand-off rate',
    subtitle: 'support-bot · last 30 days · Europe/Berlin',
    unit: 'share',
    bucket: 'day',
    timeZone: ZONE,
    series: [
      {
        metric: 'handoff_rate',
        label: 'Hand-off rate',
        points,
        previous: dailyRate(previousBuckets, 0.128, 0.03, 0.03, 11),
      },
    ],
    threshold: { value: 0.2, label: 'Alert above 20 %' },
  };
}

/** Support-bot hand-off rate by channel; SMS had no conversations, so its rate is n/a. */
export function handoffByChannel(): BarsChart {
  return {
    kind: 'bars',
    title: 'Human hand-off rate by channel',
    subtitle: 'support-bot · last 30 days · Europe/Berlin',
    unit: 'share',
    dimension: 'channel',
    metricLabel: 'Hand-off rate',
    bars: [
      { label: 'web', value: 0.142 },
      { label: 'whatsapp', value: 0.189 },
      { label: 'messenger', value: 0.11 },
      { label: 'teams', value: 0.096 },
      { label: 'sms', value: null },
    ],
  };
}

/** Lead-gen-bot's qualification flow: the seed's worked funnel shape. */
export function leadGenFunnel(): FunnelChart {
  const reached = [1_000, 750, 610, 420, 260];
  const names = ['welcome', 'qualify', 'company_size', 'contact_details', 'schedule'];
  return {
    kind: 'funnel',
    title: 'Qualification funnel',
    subtitle: 'lead-gen-bot · flow qualify-and-book · last 30 days · Europe/Berlin',
    flow: 'qualify-and-book',
    steps: names.map((step, i) => {
      const before = reached[i - 1];
      const now = reached[i] ?? 0;
      return { step, reached: now, conversion: before ? now / before : null, dropOff: before ? before - now : 0 };
    }),
  };
}

/** Support-bot outcomes: contained vs escalated × success / mixed / unsuccessful. */
export function supportOutcomes(): OutcomesChart {
  return {
    kind: 'outcomes',
    title: 'Conversation outcomes',
    subtitle: 'support-bot · last 30 days · Europe/Berlin',
    groups: [
      { group: 'contained', success: 1_412, mixed: 233, unsuccessful: 305 },
      { group: 'escalated', success: 281, mixed: 97, unsuccessful: 164 },
    ],
  };
}

/** A weekly digest's headline metrics with 14-day sparklines. */
export function weeklyDigestPanel(): DigestPanelChart {
  const buckets = dailyBuckets('2026-11-23', 14, ZONE);
  // Daily values drifting by `perDay` towards `latest`, with noise, so each sparkline agrees with its change.
  const trend = (latest: number, perDay: number, noise: number, seed: number, digits = 3): Point[] => {
    const random = seeded(seed);
    return buckets.map((t, i) => {
      const daysBack = buckets.length - 1 - i;
      const wobble = i === buckets.length - 1 ? 0 : (random() - 0.5) * noise;
      return { t, value: Number((latest - perDay * daysBack + wobble).toFixed(digits)) };
    });
  };
  const withGap = (points: Point[], at: number): Point[] => points.map((p, i) => (i === at ? { t: p.t, value: null } : p));
  return {
    kind: 'digest',
    title: 'Weekly digest',
    subtitle: 'support-bot · Nov 17 – Nov 23 vs the week before · Europe/Berlin',
    panels: [
      {
        metric: 'conversations', label: 'Conversations', unit: 'count', better: 'none', value: 8_436, formatted: '8,436',
        change: { absolute: 624, relative: 0.08, formatted: '+8 %', direction: 'up', assessment: 'neutral' },
        points: trend(1_240, 9, 160, 21, 0),
      },
      {
        metric: 'handoff_rate', label: 'Hand-off rate', unit: 'share', better: 'lower', value: 0.142, formatted: '14.2 %',
        change: { absolute: 0.018, relative: 0.145, formatted: '+1.8 pts', direction: 'up', assessment: 'bad' },
        points: trend(0.146, 0.0015, 0.02, 22),
      },
      {
        metric: 'resolution_rate', label: 'Resolution rate', unit: 'share', better: 'higher', value: 0.715, formatted: '71.5 %',
        change: { absolute: 0.021, relative: 0.03, formatted: '+2.1 pts', direction: 'up', assessment: 'good' },
        points: trend(0.718, 0.0018, 0.025, 23),
      },
      {
        metric: 'csat', label: 'CSAT', unit: 'share', better: 'higher', value: 0.82, formatted: '82 %',
        change: { absolute: -0.012, relative: -0.014, formatted: '−1.2 pts', direction: 'down', assessment: 'bad' },
        // No survey answers on one day: n/a, a gap in the sparkline.
        points: withGap(trend(0.815, -0.0011, 0.03, 24), 9),
      },
      {
        metric: 'p95_response_ms', label: 'Response time (p95)', unit: 'ms', better: 'lower', value: 1_850, formatted: '1,850 ms',
        change: { absolute: -120, relative: -0.061, formatted: '−120 ms', direction: 'down', assessment: 'good' },
        points: trend(1_840, -11, 160, 25, 0),
      },
      {
        metric: 'drop_off_rate', label: 'Drop-off rate', unit: 'share', better: 'lower', value: 0.224, formatted: '22.4 %',
        change: { absolute: 0.001, relative: 0.004, formatted: '+0.1 pts', direction: 'flat', assessment: 'neutral' },
        points: trend(0.224, 0.0001, 0.02, 26),
      },
    ],
  };
}

/** One example of each kind: the pictures in docs/charts.md. */
export function sampleRequests(): Record<string, ChartRequest> {
  return {
    'chart-timeseries': handoffTimeSeries(),
    'chart-bars': handoffByChannel(),
    'chart-funnel': leadGenFunnel(),
    'chart-outcomes': supportOutcomes(),
    'chart-digest': weeklyDigestPanel(),
  };
}

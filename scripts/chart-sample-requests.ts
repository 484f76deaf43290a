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
import { wallClockMs } from '../src/charts/zoned-time.ts';

const ZONE = 'Europe/Berlin';

/** A tiny seeded generator (mulberry32) so samples do not change between runs. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The instant local midnight of `date` (YYYY-MM-DD) happens in `zone`. */
function zonedMidnight(date: string, zone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  let guess = wall;
  for (let i = 0; i < 3; i++) guess += wall - wallClockMs(guess, zone);
  return new Date(guess);
}

/** ISO instants of local midnights: `days` days ending with `lastDate`. */
function dailyBuckets(lastDate: string, days: number, zone: string): string[] {
  const last = Date.parse(`${lastDate}T00:00:00Z`);
  return Array.from({ length: days }, (_v, i) => {
    const date = new Date(last - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return zonedMidnight(date, zone).toISOString();
  });
}

function hourlyBuckets(start: string, hours: number): string[] {
  const first = Date.parse(start);
  return Array.from({ length: hours }, (_v, i) => new Date(first + i * 3_600_000).toISOString());
}

/** A daily rate with a weekly rhythm and noise; weekends (the 6th and 7th day) run higher. */
function dailyRate(buckets: string[], base: number, weekend: number, noise: number, seed: number): Point[] {
  const random = seeded(seed);
  return buckets.map((t, i) => {
    const day = new Date(wallClockMs(t, ZONE)).getUTCDay();
    const lift = day === 0 || day === 6 ? weekend : 0;
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

/** One example of each kind: the README's pictures. */
export function sampleRequests(): Record<string, ChartRequest> {
  return {
    'chart-timeseries': handoffTimeSeries(),
    'chart-bars': handoffByChannel(),
    'chart-funnel': leadGenFunnel(),
    'chart-outcomes': supportOutcomes(),
    'chart-digest': weeklyDigestPanel(),
  };
}

/** Edge cases looked at by eye (not committed): empty, one point, 1,000 points, all n/a, long labels. */
export function edgeCaseRequests(): Record<string, ChartRequest> {
  const base = handoffTimeSeries();
  const [series] = base.series;
  if (!series) throw new Error('sample series missing');
  const hours = hourlyBuckets('2026-10-13T00:00:00Z', 1_000);
  const random = seeded(5);
  const thousand = hours.map((t, i) => {
    const hour = new Date(wallClockMs(t, ZONE)).getUTCHours();
    const night = hour < 7 || hour > 21;
    // Nights are quiet: some hours have no conversation, so their rate is n/a.
    if (night && random() < 0.25) return { t, value: null };
    return { t, value: Math.max(0, 0.13 + (night ? 0.05 : 0) + 0.01 * Math.sin(i / 24) + (random() - 0.5) * 0.06) };
  });
  const longLabel = 'billing_question_about_invoice_that_was_charged_twice_after_the_plan_upgrade';
  return {
    'timeseries-empty': { ...base, threshold: undefined, series: [{ ...series, points: [], previous: [] }] },
    'timeseries-no-series': { ...base, series: [] },
    'timeseries-one-point': { ...base, threshold: undefined, series: [{ ...series, points: series.points.slice(-1), previous: undefined }] },
    'timeseries-one-point-threshold': { ...base, series: [{ ...series, points: series.points.slice(-1), previous: series.previous?.slice(-1) }] },
    'timeseries-1000-hourly': {
      ...base,
      bucket: 'hour',
      subtitle: 'support-bot · 2026-10-13 .. 2026-11-23 · Europe/Berlin',
      series: [{ ...series, points: thousand, previous: undefined }],
    },
    'timeseries-all-na': { ...base, series: [{ ...series, points: series.points.map((p) => ({ t: p.t, value: null })), previous: undefined }] },
    'timeseries-24h-hourly': {
      ...base,
      bucket: 'hour',
      subtitle: 'support-bot · last 24 hours · Europe/Berlin',
      threshold: undefined,
      series: [{ ...series, points: thousand.slice(-24), previous: undefined }],
    },
    'timeseries-weekly-counts': {
      kind: 'timeseries',
      title: 'Conversation volume',
      subtitle: 'all bots · last 12 weeks · UTC',
      unit: 'count',
      bucket: 'week',
      timeZone: 'UTC',
      series: ['support-bot', 'lead-gen-bot', 'booking-bot'].map((bot, b) => ({
        metric: 'conversations',
        label: bot,
        points: Array.from({ length: 12 }, (_v, i) => ({
          t: new Date(Date.parse('2026-09-07T00:00:00Z') + i * 7 * 86_400_000).toISOString(),
          value: Math.round([8_200, 3_100, 1_450][b]! * (1 + 0.04 * i) * (0.9 + 0.2 * random())),
        })),
      })),
    },
    'timeseries-long-title': {
      ...base,
      title: 'Human hand-off rate for conversations that started on the website widget after the spring campaign',
      subtitle: 'support-bot-with-a-very-long-name-for-the-emea-region · 2026-10-25..2026-11-23 · America/Argentina/Buenos_Aires',
      series: [{ ...series, label: 'Hand-off rate of the support bot with a very long series label' }],
    },
    'bars-empty': { ...handoffByChannel(), bars: [] },
    'bars-all-na': { ...handoffByChannel(), bars: handoffByChannel().bars.map((b) => ({ label: b.label, value: null })) },
    'bars-one': { ...handoffByChannel(), bars: [{ label: 'web', value: 0.142 }] },
    'bars-long-labels': {
      kind: 'bars',
      title: 'Conversations by intent',
      subtitle: 'support-bot · last 7 days · Europe/Berlin',
      unit: 'count',
      dimension: 'intent',
      metricLabel: 'Conversations',
      bars: [
        { label: longLabel, value: 1_204 },
        { label: 'order_status', value: 18_450 },
        { label: 'reset_password', value: 912 },
        { label: `${longLabel}_again`, value: 77 },
        { label: 'greeting', value: 0 },
      ],
    },
    'bars-many': {
      kind: 'bars',
      title: 'Conversations by intent',
      subtitle: 'support-bot · last 30 days · UTC',
      unit: 'count',
      dimension: 'intent',
      metricLabel: 'Conversations',
      bars: Array.from({ length: 60 }, (_v, i) => ({ label: `intent_${String(i + 1).padStart(2, '0')}`, value: Math.round(5_000 / (i + 1)) })),
    },
    'funnel-empty': { ...leadGenFunnel(), steps: [] },
    'funnel-one-step': { ...leadGenFunnel(), steps: leadGenFunnel().steps.slice(0, 1) },
    'funnel-nobody': { ...leadGenFunnel(), steps: leadGenFunnel().steps.map((s) => ({ ...s, reached: 0, dropOff: 0, conversion: null })) },
    'funnel-long-steps': {
      ...leadGenFunnel(),
      steps: leadGenFunnel().steps.map((s, i) => ({ ...s, step: i === 2 ? 'ask_for_company_size_and_industry_and_number_of_seats_needed' : s.step })),
    },
    'outcomes-empty': { ...supportOutcomes(), groups: [] },
    'outcomes-zero': { ...supportOutcomes(), groups: supportOutcomes().groups.map((g) => ({ group: g.group, success: 0, mixed: 0, unsuccessful: 0 })) },
    'outcomes-lopsided': {
      ...supportOutcomes(),
      groups: [
        { group: 'contained', success: 9_870, mixed: 12, unsuccessful: 3 },
        { group: 'escalated', success: 2, mixed: 0, unsuccessful: 1 },
      ],
    },
    'digest-empty': { ...weeklyDigestPanel(), panels: [] },
    'digest-four': { ...weeklyDigestPanel(), panels: weeklyDigestPanel().panels.slice(0, 4) },
    'digest-na-and-no-points': {
      ...weeklyDigestPanel(),
      panels: weeklyDigestPanel().panels.slice(0, 5).map((p, i) =>
        i === 1 ? { ...p, value: null, formatted: 'n/a', change: undefined, points: p.points.map((q) => ({ t: q.t, value: null })) } : i === 2 ? { ...p, points: [] } : i === 3 ? { ...p, points: p.points.slice(-1) } : p,
      ),
    },
  };
}

/**
 * Edge cases for `npm run charts:samples`, rendered into charts-edge-cases/ and looked at by eye:
 * no points, one point, 1,000 points, all n/a, long labels, many bars, lopsided groups.
 */
import type { ChartRequest } from '../src/replies/reply.ts';
import { toLocal } from '../src/time/zoned.ts';
import { ZONE, handoffByChannel, handoffTimeSeries, hourlyBuckets, leadGenFunnel, seeded, supportOutcomes, weeklyDigestPanel } from './chart-sample-requests.ts';

/** Edge cases looked at by eye (not committed): empty, one point, 1,000 points, all n/a, long labels. */
export function edgeCaseRequests(): Record<string, ChartRequest> {
  const base = handoffTimeSeries();
  const [series] = base.series;
  if (!series) throw new Error('sample series missing');
  const hours = hourlyBuckets('2026-10-13T00:00:00Z', 1_000);
  const random = seeded(5);
  const thousand = hours.map((t, i) => {
    const hour = toLocal(Date.parse(t), ZONE).hour;
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

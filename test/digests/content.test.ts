import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiredAlert } from '../../src/alerts/fired-alerts.ts';
import { renderChartPng } from '../../src/charts/render-chart-png.ts';
import { answer } from '../../src/commands/run-command.ts';
import { composeDigest } from '../../src/digests/content/compose-digest.ts';
import type { DigestContentSpec } from '../../src/digests/subscription.ts';
import { silentLogger } from '../../src/log.ts';
import { sentEventTypes } from '../../src/metrics/bot-info.ts';
import { findMetric } from '../../src/metrics/catalog.ts';
import type { MetricDefinition } from '../../src/metrics/catalog.ts';
import { emptyFilter } from '../../src/metrics/cohort.ts';
import { evaluateMetrics } from '../../src/metrics/evaluate-metrics.ts';
import { describeChange, formatValue } from '../../src/metrics/format.ts';
import { queryAggregates } from '../../src/metrics/query-aggregates.ts';
import type { DigestPanelChart, Reply } from '../../src/replies/reply.ts';
import { parseWindow } from '../../src/time/windows.ts';
import type { Interval, TimeWindow } from '../../src/time/windows.ts';
import { dailySlot, fixtureZone, shopFixtureEvents, weeklySlot } from '../fixtures/digests/shop-fixture.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { loadEvents } from './digest-harness.ts';

let t: TestDatabase;
const now = new Date('2026-11-30T12:00:00Z');
const ctx = () => ({ db: t.db, now, idleMinutes: 30, logger: silentLogger });
beforeAll(async () => {
  t = await openTestDatabase();
  await loadEvents(t.db, shopFixtureEvents(), now);
});
afterAll(() => t?.close());

const shop = (over: Partial<DigestContentSpec> = {}): DigestContentSpec => ({ cadence: 'daily', timeZone: fixtureZone, bots: ['shop-bot'], metrics: [], ...over });
const window = (token: string, slot: Date) => parseWindow(token, { now: slot, timeZone: fixtureZone }) as TimeWindow;

/** What the metric engine says for these metrics, bots and window (and its previous window). */
async function engine(metricIds: string[], bots: string[], w: TimeWindow) {
  const metrics = metricIds.map((id) => findMetric(id)).filter((m): m is MetricDefinition => m !== undefined);
  const evaluation = await evaluateMetrics(t.db, metrics, { filter: { ...emptyFilter(), bots }, window: w, now, idleMinutes: 30, sent: await sentEventTypes(t.db, bots), botsLabel: bots.join(', ') });
  return new Map(evaluation.metrics.map((e) => [e.metric.id, e]));
}

describe(`digest content on a fixture (${testEngine})`, () => {
  let daily: Reply;
  beforeAll(async () => {
    daily = await composeDigest(shop(), dailySlot, ctx());
  });

  it('reports yesterday in its zone, with the headline figures the metric engine gives and their change against the day before', async () => {
    expect(daily).toMatchObject({ kind: 'digest', title: 'Daily digest — shop-bot', subtitle: 'shop-bot · Mon 23 Nov · Europe/Berlin' });
    const ids = daily.figures.map((f) => f.metric);
    expect(ids).toEqual(['conversations', 'engagement_rate', 'completion_rate', 'drop_off_rate', 'handoff_rate', 'resolution_rate', 'containment_rate', 'avg_response_ms', 'csat']);
    const expected = await engine(ids, ['shop-bot'], window('yesterday', dailySlot));
    for (const figure of daily.figures) {
      const e = expected.get(figure.metric)!;
      expect(figure.value, figure.metric).toBe(e.current.value);
      expect(figure.previous, figure.metric).toBe(e.previous.value);
      expect(figure.change, figure.metric).toEqual(describeChange(e.current.value, e.previous.value, e.metric.unit, e.metric.better));
    }
    // By hand from the fixture: 200 conversations (180 the day before); 52 of 200 handed off.
    expect(daily.figures.find((f) => f.metric === 'conversations')).toMatchObject({ value: 200, previous: 180, formatted: '200' });
    expect(daily.figures.find((f) => f.metric === 'handoff_rate')).toMatchObject({ value: 52 / 200, previous: 18 / 180, formatted: '26 %' });
  });

  it('agrees with /botwatch summary for the same day', async () => {
    const summary = await answer('summary shop-bot yesterday tz:Europe/Berlin', { db: t.db, now: () => dailySlot, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
    expect(daily.figures.map((f) => [f.metric, f.formatted])).toEqual(summary.figures.map((f) => [f.metric, f.formatted]));
  });

  it('compares each daily figure with the same day a week earlier', async () => {
    const weekAgo = await engine(['conversations', 'handoff_rate'], ['shop-bot'], window('2026-11-16', dailySlot));
    const conversations = daily.figures.find((f) => f.metric === 'conversations')!;
    expect(weekAgo.get('conversations')?.current.value).toBe(150);
    expect(conversations.note).toBe(`vs Mon 16 Nov: ${describeChange(200, 150, 'count', 'none')!.formatted}`);
    const handoff = daily.figures.find((f) => f.metric === 'handoff_rate')!;
    expect(handoff.note).toBe(`52 of 200 · vs Mon 16 Nov: ${describeChange(0.26, weekAgo.get('handoff_rate')!.current.value, 'share', 'lower')!.formatted}`);
    expect(daily.notes).toContain('Changes are against Sun 22 Nov; "vs Mon 16 Nov" is the same day a week earlier.');
  });

  it('lists the biggest movers with the numbers of the engine, by segment, the most surprising first', async () => {
    const yesterday = window('yesterday', dailySlot);
    const byChannel = await queryAggregates(t.db, { filter: { ...emptyFilter(), bots: ['shop-bot'] }, current: yesterday, previous: yesterday.previous, groupBy: 'channel', timeZone: fixtureZone, now, idleMinutes: 30 });
    const channel = (name: string, period: string) => byChannel.find((r) => r.group === name && r.period === period)!.aggregates;
    const sends = { sends: () => true };
    const row = (segment: string, metric: string) => daily.table?.rows.find((r) => r.segment === segment && r.metric === findMetric(metric)!.short);
    for (const [name, metricId] of [['whatsapp', 'handoff_rate'], ['web', 'drop_off_rate']] as const) {
      const metric = findMetric(metricId)!;
      const current = metric.compute!(channel(name, 'current'), sends).value;
      const previous = metric.compute!(channel(name, 'previous'), sends).value;
      expect(row(`channel ${name}`, metricId)).toEqual({
        segment: `channel ${name}`,
        metric: metric.short,
        now: formatValue(current, 'share'),
        before: formatValue(previous, 'share'),
        change: describeChange(current, previous, 'share', metric.better)!.formatted,
      });
    }
    // By hand: whatsapp hand-off 40 of 80 (8 of 80 the day before); web drop-off 60 of 120 (90 of 100: no flow steps that day).
    expect(row('channel whatsapp', 'handoff_rate')).toMatchObject({ now: '50 %', before: '10 %', change: '+40 pts' });
    expect(row('channel web', 'drop_off_rate')).toMatchObject({ now: '50 %', before: '90 %', change: '−40 pts' });
    // Web's hand-off rate (10 % both days) did not move: not a mover.
    expect(row('channel web', 'handoff_rate')).toBeUndefined();
    expect(daily.table?.rows.length).toBeLessThanOrEqual(5);
  });

  it('names the worst drop-off step, as the funnel command finds it', async () => {
    expect(daily.notes).toContain('Worst drop-off: flow "checkout" lost 60 of 120 conversations (50 %) before "payment".');
    const funnel = await answer('funnel shop-bot flow:checkout yesterday tz:Europe/Berlin', { db: t.db, now: () => dailySlot, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
    expect(funnel.notes).toContain('Biggest drop-off: 60 conversations lost before "payment".');
  });

  it('draws one chart of panels: the figures that have values, with hourly sparklines summing to the day', async () => {
    const chart = daily.chart as DigestPanelChart;
    expect(chart.kind).toBe('digest');
    expect(chart.panels.map((p) => p.metric)).toEqual(daily.figures.filter((f) => f.value !== null).slice(0, 6).map((f) => f.metric));
    const volume = chart.panels.find((p) => p.metric === 'conversations')!;
    expect(volume.points).toHaveLength(24);
    expect(volume.points.reduce((s, p) => s + (p.value ?? 0), 0)).toBe(200);
    expect(volume.points[0]?.t).toBe('2026-11-22T23:00:00.000Z');
    const rendered = await renderChartPng(chart);
    expect(rendered.png.length).toBeGreaterThan(10_000);
    expect(rendered.altText).toContain('Conversation volume 200');
  });

  it('calls out a bot that sent nothing, never showing it as 0 %', async () => {
    const quiet = await composeDigest(shop({ bots: ['quiet-bot'] }), dailySlot, ctx());
    expect(quiet.notes).toContain('quiet-bot sent nothing in Mon 23 Nov (last event Mon 16 Nov 10:19 CET): it is not counted, and its rates are n/a rather than 0 %.');
    expect(quiet.notes).toContain('No conversations started in Mon 23 Nov.');
    expect(quiet.figures.filter((f) => f.unit === 'share').every((f) => f.value === null && f.formatted === 'n/a')).toBe(true);
    expect(quiet.chart).toBeUndefined();

    const both = await composeDigest(shop({ bots: [] }), dailySlot, ctx());
    expect(both.title).toBe('Daily digest — all bots (2)');
    expect(both.notes.filter((n) => n.startsWith('quiet-bot sent nothing'))).toHaveLength(1);
    expect(both.notes.some((n) => n.startsWith('shop-bot'))).toBe(true);
  });

  it('lists the alerts that fired in the period when an alerts module provides them, and leaves the section out otherwise', async () => {
    const asked: [string[], Interval][] = [];
    const fired: FiredAlert[] = [
      { ruleId: '4', metric: 'handoff_rate', botId: 'shop-bot', direction: 'above', threshold: 0.2, value: 0.31, firedAt: new Date('2026-11-23T14:10:00Z'), resolvedAt: new Date('2026-11-23T16:40:00Z'), summary: 'hand-off 31 % > 20 % over the last hour' },
    ];
    const withAlerts = await composeDigest(shop(), dailySlot, { ...ctx(), firedAlerts: (bots, interval) => (asked.push([bots, interval]), Promise.resolve(fired)) });
    expect(asked).toEqual([[['shop-bot'], expect.objectContaining({ start: new Date('2026-11-22T23:00:00Z'), end: new Date('2026-11-23T23:00:00Z') }) as unknown]]);
    expect(withAlerts.notes).toContain('Alerts: 1 fired in Mon 23 Nov.');
    expect(withAlerts.notes).toContain('Alert: hand-off 31 % > 20 % over the last hour — fired Mon 23 Nov 15:10 CET, recovered Mon 23 Nov 17:40 CET.');
    expect(daily.notes.some((n) => n.startsWith('Alert'))).toBe(false);

    const failing = await composeDigest(shop(), dailySlot, { ...ctx(), firedAlerts: () => Promise.reject(new Error('alerts table missing')) });
    expect(failing.notes).toContain('Alerts: could not be read for this digest (the cause is in the botwatch log).');
  });

  it('reports last week for a weekly digest, against the week before', async () => {
    const weekly = await composeDigest(shop({ cadence: 'weekly', metrics: ['conversations', 'handoff_rate'] }), weeklySlot, ctx());
    expect(weekly).toMatchObject({ title: 'Weekly digest — shop-bot', subtitle: 'shop-bot · week of 23 Nov · Europe/Berlin' });
    const expected = await engine(['conversations', 'handoff_rate'], ['shop-bot'], window('last-week', weeklySlot));
    expect(weekly.figures.map((f) => [f.metric, f.value, f.previous])).toEqual([
      ['conversations', expected.get('conversations')!.current.value, expected.get('conversations')!.previous.value],
      ['handoff_rate', expected.get('handoff_rate')!.current.value, expected.get('handoff_rate')!.previous.value],
    ]);
    expect(weekly.figures[0]).toMatchObject({ value: 200, previous: 330 });
    expect((weekly.chart as DigestPanelChart).panels[0]?.points).toHaveLength(7);
  });
});

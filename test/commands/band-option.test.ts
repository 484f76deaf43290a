import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameLocalTimeWeeksBefore } from '../../src/anomaly/week-shift.ts';
import { timeSeriesSpec } from '../../src/charts/time-series-spec.ts';
import { writeChartPng } from '../../src/charts/write-chart-png.ts';
import { formatCommand } from '../../src/commands/format-command.ts';
import { understandCommand } from '../../src/commands/natural/understand.ts';
import { parseCommand } from '../../src/commands/parse-command.ts';
import type { Reply, TimeSeriesChart } from '../../src/replies/reply.ts';
import { addConversations, alertsHarness, spread, TestClock } from '../helpers/alerts-harness.ts';
import type { AlertsHarness } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const zone = 'Europe/Berlin';
const hourMs = 3_600_000;
// Tuesday 31 Mar 2026, 11:00 in Berlin, two days after the change to summer time.
const now = new Date('2026-03-31T09:00:00Z');

/**
 * 40 conversations an hour at 09:00 and 10:00 local on each of the last three days (this week) and
 * on the same days of `weeks` earlier weeks; about 15 % handed off, a little more this week.
 */
async function addHistory(t: TestDatabase, bot: string, weeks: number): Promise<void> {
  for (let day = 1; day <= 3; day++) {
    const nineLocal = new Date(now.getTime() - day * 24 * hourMs - 2 * hourMs);
    for (let k = 0; k <= weeks; k++) {
      const start = k === 0 ? nineLocal : sameLocalTimeWeeksBefore(nineLocal, k, zone);
      for (let hour = 0; hour < 2; hour++) {
        const handoffs = k === 0 ? 8 : 5 + ((k + day + hour) % 3);
        const from = new Date(start.getTime() + hour * hourMs);
        await addConversations(t.db, bot, spread(`${bot}-d${day}-w${k}-h${hour}`, from, 50, 40, (i) => i < handoffs).map((c) => ({ ...c, ended: true })));
      }
    }
  }
}

const chartOf = (reply: Reply): TimeSeriesChart => {
  if (reply.chart?.kind !== 'timeseries') throw new Error(`no trend chart in: ${reply.title} ${reply.notes.join(' | ')}`);
  return reply.chart;
};

describe(`band:on on an hourly trend (${testEngine})`, () => {
  let t: TestDatabase;
  let h: AlertsHarness;
  beforeAll(async () => {
    t = await openTestDatabase();
    await addHistory(t, 'steady-bot', 4);
    await addHistory(t, 'young-bot', 2);
    h = alertsHarness(t.db, new TestClock(now), { env: { BOTWATCH_TZ: zone } });
  });
  afterAll(() => t?.close());

  it('draws the usual band behind the line at the hours previous weeks had traffic, and says what the shading is', async () => {
    const reply = await h.ask('handoff_rate steady-bot 7d by:hour band:on');
    const chart = chartOf(reply);
    expect(chart.band?.label).toBe('usual (medium sensitivity)');
    const banded = chart.band!.points.filter((p) => p.low !== null && p.high !== null);
    expect(banded).toHaveLength(6);
    for (const p of banded) {
      expect(p.low!).toBeLessThan(0.15);
      expect(p.high!).toBeGreaterThan(0.15);
      expect(p.high!).toBeLessThan(0.5);
    }
    // Each banded hour is one the line has a value for (09:00 and 10:00 Berlin on the last three days).
    const values = new Map(chart.series[0]!.points.map((p) => [p.t, p.value]));
    for (const p of banded) expect(values.get(p.t)).not.toBeNull();
    expect(reply.notes).toContain('Shaded: the usual range for each hour (medium sensitivity, from up to 8 previous weeks).');

    const spec = JSON.stringify(timeSeriesSpec(chart));
    expect(spec).toContain('"type":"rect"');
    expect(spec).toContain('usual (medium sensitivity)');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bw-band-')), 'band.png');
    const rendered = await writeChartPng(chart, file);
    expect(fs.statSync(file).size).toBeGreaterThan(5_000);
    expect(rendered.altText).toBeDefined();
    if (process.env.BAND_PNG) fs.copyFileSync(file, process.env.BAND_PNG);
  });

  it('without band:on (or with band:off) draws no band', async () => {
    expect(chartOf(await h.ask('handoff_rate steady-bot 7d by:hour')).band).toBeUndefined();
    expect(chartOf(await h.ask('handoff_rate steady-bot 7d by:hour band:off')).band).toBeUndefined();
  });

  it('says "learning" when the bot has fewer weeks of history than a band needs', async () => {
    const reply = await h.ask('handoff_rate young-bot 7d by:hour band:on');
    expect(chartOf(reply).band?.points.every((p) => p.high === null)).toBe(true);
    expect(reply.notes).toContain('Shaded: the usual range for each hour (medium sensitivity, from up to 8 previous weeks) — learning (2 of 3 weeks): no band yet.');
  });

  it('draws a volume band too', async () => {
    const chart = chartOf(await h.ask('conversations steady-bot 7d by:hour band:on'));
    const banded = chart.band!.points.filter((p) => p.high !== null);
    expect(banded.length).toBeGreaterThan(0);
    for (const p of banded) expect(p.low!).toBeLessThan(40);
  });

  it('refuses band:on where there is no band, naming why', () => {
    const message = (text: string) => {
      const parsed = parseCommand(text);
      return parsed.name === 'mistake' ? parsed.message : `parsed as ${parsed.name}`;
    };
    expect(message('handoff_rate steady-bot 7d by:day band:on')).toMatch(/^band:on needs by:hour/);
    expect(message('handoff_rate steady-bot 7d band:on')).toMatch(/^band:on needs by:hour/);
    expect(message('avg_duration_s steady-bot 7d by:hour band:on')).toBe('band:on is for rates, volumes and reply times; avg_duration_s is none of these');
    expect(message('handoff_rate steady-bot 7d by:hour band:maybe')).toMatch(/^band: takes on or off/);
    expect(message('handoff_rate steady-bot young-bot 7d by:hour band:on')).toMatch(/^band:on draws one bot’s usual range/);
    expect(message('handoff_rate steady-bot 7d by:hour channel:web band:on')).toMatch(/^band:on is learnt from a bot’s whole traffic/);
    expect(message('summary steady-bot 7d band:on')).toMatch(/^unknown filter "band:"/);
  });

  it('keeps band:on in the canonical form of a question in words', () => {
    const parsed = parseCommand('handoff_rate steady-bot 7d by:hour band:on');
    expect(parsed.name === 'mistake' ? parsed.message : formatCommand(parsed)).toBe('handoff steady-bot 7d by:hour band:on');
    const read = understandCommand('handoff rate for steady-bot last week by hour band:on', { knownBots: ['steady-bot'], now, timeZone: zone });
    expect(read.kind === 'command' ? read.command : read).toMatchObject({ name: 'metric', metric: 'handoff_rate', by: 'hour', band: true });
  });

  it('answers a band:on mistake in the reply', async () => {
    const reply = await h.ask('handoff_rate steady-bot 30d by:day band:on');
    expect(`${reply.title} ${reply.text ?? ''} ${reply.notes.join(' ')}`).toContain('band:on needs by:hour');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChartPng } from '../../src/charts/write-chart-png.ts';
import type { CommandContext } from '../../src/commands/command-context.ts';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { rankIntents } from '../../src/metrics/intent-ranking.ts';
import { emptyAggregates } from '../../src/metrics/aggregates.ts';
import { intentsFixture, intentsNow } from '../fixtures/commands/intents-fixture.ts';
import { openTestDatabase } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  t = await openTestDatabase();
  const { rows, rejected } = validateEvents(intentsFixture, { storeMessageText: false, now: intentsNow });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
  ctx = { db: t.db, now: () => intentsNow, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
});
afterAll(() => t?.close());

describe('intents: what people ask about', () => {
  it('ranks first intents by volume with share, change and per-intent rates (hand-counted)', async () => {
    const reply = await answer('intents ib 7d', ctx);
    expect(reply.kind, JSON.stringify(reply)).toBe('result');
    expect(reply.table?.columns.map((c) => c.key)).toEqual(['intent', 'conversations', 'share', 'change', 'handoff_rate', 'fallback_rate', 'resolution_rate', 'drop_off_rate', 'flag']);
    expect(reply.table?.rows).toEqual([
      // billing: 6 of 12; hand-off 1/6; no-match 1 fallback of 7 intents; settled b1–b5: resolved b2 b5, dropped b2 b3.
      { intent: 'billing', conversations: '6', share: '50 %', change: '+20 % (5 before)', handoff_rate: '16.7 %', fallback_rate: '14.3 %', resolution_rate: '40 %', drop_off_rate: '40 %', flag: 'fastest-growing' },
      // order_status: 3 of 12; previous 1 is too few to call its growth.
      { intent: 'order_status', conversations: '3', share: '25 %', change: '+200 % (1 before)', handoff_rate: '33.3 %', fallback_rate: '0 %', resolution_rate: '33.3 %', drop_off_rate: '66.7 %', flag: '' },
      { intent: 'refund', conversations: '2', share: '16.7 %', change: 'new', handoff_rate: '0 %', fallback_rate: '0 %', resolution_rate: '50 %', drop_off_rate: '100 %', flag: 'new' },
    ]);
    expect(reply.figures.map((f) => [f.label, f.value])).toEqual([['Conversations with an intent', 11], ['Intents', 3], ['New intents', 1]]);
    expect(reply.notes).toContain('New since the 7 days before: refund.');
    expect(reply.notes).toContain('Fastest-growing: billing (+20 % (5 before)).');
    expect(reply.notes).toContain('1 conversations had no intent detected.');
    expect(reply.chart).toMatchObject({ kind: 'bars', bars: [{ label: 'billing', value: 6 }, { label: 'order_status', value: 3 }, { label: 'refund', value: 2 }] });
  });

  it('keeps intent: filters and the alias topics, and reads the question in words', async () => {
    const refund = await answer('topics ib 7d intent:refund', ctx);
    expect(refund.table?.rows.map((r) => r.intent)).toEqual(['refund']);
    const asked = await answer('what are people asking about in ib this week', ctx);
    expect(asked.notes[0]).toBe('Showing: `intents ib this-week`');
  });

  it('ranks by volume, with nothing new or growing without a previous window', () => {
    const rows = Array.from({ length: 13 }, (_, i) => ({ period: 'current' as const, group: `i${String(i).padStart(2, '0')}`, aggregates: { ...emptyAggregates(), conversations: 20 - i } }));
    const ranking = rankIntents(rows);
    expect(ranking.intents.map((i) => i.intent).slice(0, 3)).toEqual(['i00', 'i01', 'i02']);
    expect(ranking.total).toBe(rows.reduce((s, r) => s + r.aggregates.conversations, 0));
    expect(ranking.intents.every((i) => i.isNew)).toBe(true);
    expect(ranking.fastestGrowing).toBeUndefined();
  });

  it('draws the bar chart', async () => {
    const reply = await answer('intents ib 7d', ctx);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bw-intents-')), 'intents.png');
    const rendered = await writeChartPng(reply.chart!, file);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    expect(rendered.altText).toMatch(/billing/);
    if (process.env.KEEP_CHART) fs.copyFileSync(file, process.env.KEEP_CHART);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/command-context.ts';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { holmAdjust, twoProportionZTest } from '../../src/metrics/significance.ts';
import { openTestDatabase } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const now = new Date('2026-11-20T12:00:00Z');
let n = 0;

/**
 * Two versions of `hb`, 200 settled conversations each: hand-offs 40 vs 24 (p ≈ 0.03 alone) and
 * resolutions 100 vs 104 (p ≈ 0.69). Four rates differ and are tested: engagement (a hand-off
 * engages), hand-off, resolution, containment (1 − hand-off here); hand-off's difference, called
 * alone, does not survive Holm's correction over four.
 */
function conversations(version: string, total: number, handoffs: number, resolved: number): Record<string, unknown>[] {
  return Array.from({ length: total }, (_, i) => {
    const id = `${version}-${i}`;
    const t0 = Date.parse('2026-11-15T00:00:00Z') + i * 60_000;
    const ev = (minutes: number, type: string) => ({ id: `hb-${++n}`, type, timestamp: new Date(t0 + minutes * 60_000).toISOString(), botId: 'hb', conversationId: id, botVersion: version, channel: 'web' });
    return [ev(0, 'message.received'), ...(i < handoffs ? [ev(1, 'handoff')] : []), ...(i >= total - resolved ? [ev(2, 'resolved')] : []), ev(3, 'conversation.ended')];
  }).flat();
}

let t: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  t = await openTestDatabase();
  const { rows, rejected } = validateEvents([...conversations('1.0', 200, 40, 100), ...conversations('2.0', 200, 24, 104)], { storeMessageText: false, now });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
  ctx = { db: t.db, now: () => now, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
});
afterAll(() => t?.close());

describe('compare tests several rates at once', () => {
  it('Holm-corrects the p-values, calls significance on them and says so', async () => {
    const alone = twoProportionZTest(40, 200, 24, 200);
    expect(alone.significant).toBe(true);
    const reply = await answer('compare hb@1.0 vs hb@2.0 7d', ctx);
    expect(reply.kind, JSON.stringify(reply)).toBe('result');
    const byMetric: Record<string, string | undefined> = Object.fromEntries(reply.table!.rows.map((r) => [r.metric, r.verdict]));
    const [pEngagement, pHandoff, pResolution, pContainment] = holmAdjust([alone.p, alone.p, twoProportionZTest(100, 200, 104, 200).p, twoProportionZTest(160, 200, 176, 200).p]);
    expect(pHandoff).toBeCloseTo(4 * alone.p, 10);
    expect(pHandoff).toBeGreaterThan(0.05);
    expect(byMetric['Human hand-off rate']).toBe(`hand-off 20 % vs 12 %, hb@2.0 lower by 8 pts; not significant (Holm-adjusted p = ${pHandoff!.toFixed(2)} over 4 rates; p = ${alone.p.toFixed(3)} alone)`);
    expect(byMetric['User engagement rate']).toMatch(new RegExp(`Holm-adjusted p = ${pEngagement!.toFixed(2)} over 4 rates`));
    expect(byMetric['Containment (deflection)']).toMatch(new RegExp(`Holm-adjusted p = ${pContainment!.toFixed(2)} over 4 rates`));
    expect(byMetric['Resolution rate']).toMatch(new RegExp(`Holm-adjusted p = ${pResolution!.toFixed(2)} over 4 rates`));
    expect(reply.notes).toContain('No difference is significant at 95 % in this window.');
    expect(reply.notes.join(' ')).toMatch(/4 rates were tested at once, so their p-values are Holm-corrected/);
  });
});

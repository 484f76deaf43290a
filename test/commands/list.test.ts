import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/command-context.ts';
import { parseCommand } from '../../src/commands/parse-command.ts';
import { formatCommand } from '../../src/commands/format-command.ts';
import type { Command } from '../../src/commands/command.ts';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { findMetric } from '../../src/metrics/catalog.ts';
import { metricCohorts } from '../../src/metrics/drill-down/fates.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { catalogFixture, fixtureNow, fixtureWindow } from '../fixtures/metrics/catalog-fixture.ts';
import { openTestDatabase } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  t = await openTestDatabase();
  const { rows, rejected } = validateEvents(catalogFixture, { storeMessageText: false, now: fixtureNow });
  expect(rejected).toEqual([]);
  await storeEvents(t.db, rows);
  ctx = { db: t.db, now: () => fixtureNow, timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
});
afterAll(() => t?.close());

const ids = (reply: Reply) => (reply.table?.rows ?? []).map((r) => r.id).sort();
const total = (reply: Reply) => reply.figures[0]?.value;

/**
 * The catalog fixture's cohort on 10 Nov is A B C D E G; D is still in progress (see
 * test/fixtures/metrics/catalog-fixture.ts). Per metric: the conversations of its denominator and
 * of its numerator, worked out by hand.
 */
const expected: Record<string, { denominator: string[]; numerator?: string[] }> = {
  engagement_rate: { denominator: ['A', 'B', 'C', 'D', 'E', 'G'], numerator: ['A', 'B', 'C', 'D', 'E'] },
  conversion_rate: { denominator: ['A', 'B', 'C', 'D', 'E', 'G'], numerator: ['A'] },
  lead_capture_rate: { denominator: ['A', 'B', 'C', 'D', 'E', 'G'], numerator: ['A'] },
  handoff_rate: { denominator: ['A', 'B', 'C', 'D', 'E', 'G'], numerator: ['B'] },
  completion_rate: { denominator: ['A', 'B', 'C', 'E', 'G'], numerator: ['A'] },
  goal_completion_rate: { denominator: ['A', 'B', 'C', 'E', 'G'], numerator: ['A'] },
  drop_off_rate: { denominator: ['A', 'B', 'C', 'E', 'G'], numerator: ['C', 'E', 'G'] },
  resolution_rate: { denominator: ['A', 'B', 'C', 'E', 'G'], numerator: ['A'] },
  containment_rate: { denominator: ['A', 'B', 'C', 'E', 'G'], numerator: ['A', 'C', 'E', 'G'] },
  abandon_rate: { denominator: ['A', 'B', 'C', 'E'], numerator: ['C', 'E'] },
  health_score: { denominator: ['A', 'B', 'C', 'E', 'G'] },
};

describe('drill-down: the conversations behind a number', () => {
  it('covers every metric that is a share of conversations', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(metricCohorts).sort());
  });

  it.each(Object.entries(expected))('lists exactly the conversations %s counted (in-progress ones excluded where it excludes them)', async (id, { denominator, numerator }) => {
    const figure = (await answer(`${id} fx ${fixtureWindow}`, ctx)).figures[0]!;
    const over = await answer(`list fx ${fixtureWindow} metric:${id}`, ctx);
    expect(ids(over)).toEqual(denominator);
    expect(total(over)).toBe(denominator.length);
    expect(figure.denominator).toBe(denominator.length);
    if (findMetric(id)?.settledOnly) expect(over.notes).toContain('Conversations still in progress are left out, as the metric leaves them out.');
    const outcome = metricCohorts[id]!.numerator;
    if (numerator === undefined || outcome === undefined) return;
    const counted = await answer(`list fx ${fixtureWindow} metric:${id} outcome:${outcome}`, ctx);
    expect(ids(counted)).toEqual(numerator);
    expect(figure.numerator).toBe(numerator.length);
  });

  it('filters by outcome, last step, channel and version, and shows each conversation', async () => {
    expect(ids(await answer(`list fx ${fixtureWindow} outcome:in-progress`, ctx))).toEqual(['D']);
    expect(ids(await answer(`list fx ${fixtureWindow} outcome:unresolved`, ctx))).toEqual(['B', 'C', 'E', 'G']);
    expect(ids(await answer(`list fx ${fixtureWindow} step:s1`, ctx))).toEqual(['C']);
    expect(ids(await answer(`list fx ${fixtureWindow} channel:web version:v1`, ctx))).toEqual(['A', 'G']);
    const a = await answer(`list fx ${fixtureWindow} outcome:resolved`, ctx);
    expect(a.table?.rows).toEqual([{ bot: 'fx', id: 'A', started: 'Tue 10 Nov 10:00 UTC', channel: 'web', version: 'v1', intent: 'order_status', fate: 'resolved', step: 's2', messages: '4', csat: '5' }]);
    expect(a.notes).toEqual(['All 1 shown, most recent first.']);
  });

  it('says what is wrong with a drill-down it cannot do', async () => {
    expect(parseCommand('list fx outcome:lost')).toMatchObject({ name: 'mistake', message: expect.stringMatching(/^unknown outcome "lost"; use outcome:settled\|in-progress\|handoff/) });
    expect(parseCommand('list fx metric:handof')).toMatchObject({ name: 'mistake', message: 'unknown metric "handof" — did you mean handoff_rate?' });
    expect((await answer(`list fx ${fixtureWindow} metric:csat`, ctx)).title).toMatch(/^CSAT is not a share of conversations/);
    const command = parseCommand('list fx 7d metric:dropoff outcome:dropped step:s1 channel:web') as Command;
    expect(formatCommand(command)).toBe('list fx 7d metric:drop_off_rate outcome:dropped step:s1 channel:web');
    expect(parseCommand(formatCommand(command))).toEqual(command);
  });

  it('shows one conversation: its event timeline without stored text, its transcript with it', async () => {
    const b = await answer('conversation B', ctx);
    expect(b.title).toBe('Conversation B — fx');
    expect(b.table?.columns.map((c) => c.label)).toEqual(['Time', 'Event', 'Detail']);
    const events = (b.table?.rows ?? []).map((r) => [r.event, r.detail]);
    expect(events).toContainEqual(['intent.detected', 'none (fallback)']);
    expect(events.map(([e]) => e)).toContain('handoff');
    expect(events[0]).toEqual(['user', '']);
    expect(b.notes).toContain('Message text is not stored (BOTWATCH_STORE_MESSAGE_TEXT is off), so this is the event timeline.');

    const chat = [
      { id: 'tx-1', type: 'message.received', timestamp: '2026-11-10T09:00:00Z', botId: 'tx', conversationId: 'T1', text: 'Where is my parcel?' },
      { id: 'tx-2', type: 'step.reached', timestamp: '2026-11-10T09:00:05Z', botId: 'tx', conversationId: 'T1', flow: 'track', step: 'ask_number' },
      { id: 'tx-3', type: 'message.sent', timestamp: '2026-11-10T09:00:06Z', botId: 'tx', conversationId: 'T1', text: 'Your order number, please.', latencyMs: 900 },
      { id: 'tx-4', type: 'handoff', timestamp: '2026-11-10T09:01:00Z', botId: 'tx', conversationId: 'T1', reason: 'asked for a human' },
    ];
    const { rows } = validateEvents(chat, { storeMessageText: true, now: fixtureNow });
    await storeEvents(t.db, rows);
    const transcript = await answer('conversation T1 tx', ctx);
    expect(transcript.table?.rows).toEqual([
      { at: 'Tue 10 Nov 09:00 UTC', event: 'user', detail: 'Where is my parcel?' },
      { at: 'Tue 10 Nov 09:00 UTC', event: 'step.reached', detail: 'track › ask_number' },
      { at: 'Tue 10 Nov 09:00 UTC', event: 'bot', detail: 'Your order number, please. · 900 ms' },
      { at: 'Tue 10 Nov 09:01 UTC', event: 'handoff', detail: 'asked for a human' },
    ]);
    expect(transcript.notes).toEqual([]);
    expect((await answer('conversation nope', ctx)).title).toBe('no conversation "nope" is stored');
  });
});

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/errors.ts';
import { conversationFacts, conversationTotals, eventTypeCounts, importPlatformFile } from '../helpers/import-platform.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const moodbot = new URL('../fixtures/import/real/rasa/tracker_moodbot.json', import.meta.url);
// Hand-made `rasa export` lines (52 events, senders alice and bob interleaved). By hand:
//   alice, session 1 — 5 user / 5 bot messages (one an utter_submit action with no bot event),
//     clicks "Book a table", fills restaurant_form (cuisine, num_people, completed), one nlu_fallback
//   bob (no session_started: his conversation is his sender id) — 3 user / 2 bot messages, starts
//     restaurant_form and cancels it; his "stop" has no timestamp; his bot reply is stamped early
//   alice, session 2 (next day) — 1 user / 1 bot message, action_handoff_to_human
// = 3 conversations, 9 user and 8 bot messages, 1 handed off; 34 events, 28 events skipped.
const exported = new URL('../fixtures/import/rasa/export.jsonl', import.meta.url);
const aliceFirst = 'alice@2026-07-01T18:00:00.000Z';
const aliceSecond = 'alice@2026-07-02T08:00:00.000Z';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

describe(`Rasa tracker import (${testEngine})`, () => {
  it('imports tracker_moodbot.json as counted by hand, in tracker order although its timestamps are not', async () => {
    // By hand (7 events): sender mysender, 1 conversation; 2 user messages (greet 0.54, mood_great
    // 0.60); the bot's turns are utter_greet and utter_happy actions with no bot events → 2 bot
    // messages; 3 action_listen skipped; no hand-off.
    const { counts, rejected } = await importPlatformFile(t.db, 'rasa', moodbot, { botId: 'moodbot' });
    expect(rejected).toEqual([]);
    expect(counts).toEqual({ read: 9, accepted: 6, duplicate: 0, rejected: 0, skipped: 3, skippedBy: { 'action "action_listen" (not a metric)': 3 } });
    expect(await conversationTotals(t.db, 'moodbot')).toEqual({ conversations: 1, inbound: 2, outbound: 2, handedOff: 0 });
    expect(await conversationFacts(t.db, 'moodbot', 'mysender')).toMatchObject({
      // The first event listed (action_listen at …26.211031) is not the earliest: the user's …26.200036 is.
      started_at: new Date('2018-02-05T09:08:46.200Z'),
      first_intent: 'greet',
      intent_count: 2,
      user_id: 'mysender',
    });
    const again = await importPlatformFile(t.db, 'rasa', moodbot, { botId: 'moodbot' });
    expect(again.counts).toMatchObject({ accepted: 0, duplicate: 6 });
  });

  it('imports rasa export lines as counted by hand: sessions split a sender, forms are flows', async () => {
    const { counts, rejected } = await importPlatformFile(t.db, 'rasa', exported, { botId: 'restaurant' });
    expect(rejected).toEqual([]);
    expect(counts).toMatchObject({ read: 62, accepted: 34, rejected: 0, skipped: 28 });
    expect(await conversationTotals(t.db, 'restaurant')).toEqual({ conversations: 3, inbound: 9, outbound: 8, handedOff: 1 });
    expect(await eventTypeCounts(t.db, 'restaurant')).toEqual({
      'conversation.started': 2,
      'cta.clicked': 1,
      'handoff': 1,
      'intent.detected': 9,
      'message.received': 9,
      'message.sent': 8,
      'step.reached': 4,
    });
    expect(await conversationFacts(t.db, 'restaurant', aliceFirst)).toMatchObject({
      channel: 'web',
      completed_at: new Date('2026-07-01T18:00:40.330Z'),
      cta_shown: true,
      cta_clicked: true,
      fallback_count: 1,
      handed_off_at: null,
      latency_count: 5,
      latency_sum_ms: 310 + 430 + 330 + 210 + 340,
    });
    expect(await conversationFacts(t.db, 'restaurant', 'bob')).toMatchObject({ channel: 'messenger', completed_at: null, cta_clicked: false, latency_count: 1 });
    expect(await conversationFacts(t.db, 'restaurant', aliceSecond)).toMatchObject({ handed_off_at: new Date('2026-07-02T08:00:05.300Z'), inbound_count: 1 });

    const steps = await t.db.query(`SELECT conversation_id, flow, step, final FROM events WHERE bot_id = 'restaurant' AND type = 'step.reached' ORDER BY ts`);
    expect(steps).toEqual([
      { conversation_id: aliceFirst, flow: 'restaurant_form', step: 'cuisine', final: null },
      { conversation_id: aliceFirst, flow: 'restaurant_form', step: 'num_people', final: null },
      { conversation_id: aliceFirst, flow: 'restaurant_form', step: 'completed', final: true },
      { conversation_id: 'bob', flow: 'restaurant_form', step: 'cuisine', final: null },
    ]);
    const stop = await t.db.query<{ ts: Date; attrs: Record<string, unknown> }>(`SELECT ts, attrs FROM events WHERE bot_id = 'restaurant' AND type = 'message.received' AND conversation_id = 'bob' ORDER BY ts DESC LIMIT 1`);
    expect(stop).toEqual([{ ts: new Date('2026-07-01T18:01:00.340Z'), attrs: { timestampSource: 'previous event' } }]);
    expect(counts.skippedBy).toMatchObject({
      'utter action followed by its bot event (the message is counted once, from the bot event)': 2,
      'form deactivated before completing (a drop-off, not a step)': 1,
      'action "action_listen" (not a metric)': 11,
    });
  });

  it('gives an event the same id whether it comes from an export or a tracker, so nothing is added twice', async () => {
    const again = await importPlatformFile(t.db, 'rasa', exported, { botId: 'restaurant' });
    expect(again.counts).toMatchObject({ accepted: 0, duplicate: 34 });
    const bobLines = fs.readFileSync(exported, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.sender_id === 'bob');
    // A tracker dump lists `events` before `sender_id` here: the events wait for it.
    const tracker = JSON.stringify({ events: bobLines.map(({ sender_id: _, ...e }) => e), sender_id: 'bob', slots: {}, paused: false }, null, 2);
    const fromTracker = await importPlatformFile(t.db, 'rasa', { text: tracker }, { botId: 'restaurant' });
    expect(fromTracker.counts).toMatchObject({ accepted: 0, duplicate: 9, rejected: 0 }); // bob: 3 received, 3 intents, 2 sent, 1 step
  });

  it('takes the hand-off actions it is told to, instead of names with handoff or human', async () => {
    const { counts } = await importPlatformFile(t.db, 'rasa', exported, { botId: 'restaurant-custom', handoffActions: ['action_escalate'] });
    expect(counts.skippedBy['action "action_handoff_to_human" (not a metric)']).toBe(1);
    expect(await conversationTotals(t.db, 'restaurant-custom')).toMatchObject({ handedOff: 0 });
  });

  it('reports a cut-off last line and a tracker cut mid-event by position, keeping what came before', async () => {
    const text = fs.readFileSync(exported, 'utf8');
    const cut = await importPlatformFile(t.db, 'rasa', { text: text.slice(0, text.length - 30) }, { botId: 'restaurant-cut' });
    expect(cut.rejected).toEqual([expect.stringMatching(/^line 52: not valid JSON \(/)]);
    expect(await conversationTotals(t.db, 'restaurant-cut')).toEqual({ conversations: 3, inbound: 9, outbound: 8, handedOff: 1 });

    const tracker = fs.readFileSync(moodbot, 'utf8');
    const at = tracker.indexOf('"name": "utter_happy"');
    const truncated = await importPlatformFile(t.db, 'rasa', { text: tracker.slice(0, at) }, { botId: 'moodbot-cut' });
    expect(truncated.rejected).toEqual([`event 6: the file ends at byte ${at} before this event is complete (truncated or corrupt?)`]);
    expect(await conversationTotals(t.db, 'moodbot-cut')).toEqual({ conversations: 1, inbound: 2, outbound: 1, handedOff: 0 });
  });

  it('asks for --bot: trackers do not name their bot', async () => {
    const error = await importPlatformFile(t.db, 'rasa', moodbot).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe('Rasa trackers do not name the bot; say which with --bot <id>');
  });
});

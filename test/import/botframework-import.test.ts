import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationFacts, conversationTotals, eventTypeCounts, importPlatformFile } from '../helpers/import-platform.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const real = (name: string) => new URL(`../fixtures/import/real/botframework/${name}`, import.meta.url);
const handMade = (name: string) => new URL(`../fixtures/import/botframework/${name}`, import.meta.url);

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

describe(`Bot Framework transcript import (${testEngine})`, () => {
  it('imports addItemWithButton.transcript as counted by hand, and nothing the second time', async () => {
    // By hand (12 activities): 1 conversation; conversationUpdate → started; 2 user messages (one a
    // postBack from the card's "Add item" button → also cta.clicked); 3 bot messages; 1 LUIS trace
    // (Action_ShowAction 0.978); 3 BotState + 2 ShowAction state traces skipped; no hand-off.
    const first = await importPlatformFile(t.db, 'botframework', real('addItemWithButton.transcript'), { botId: 'add-item' });
    expect(first.rejected).toEqual([]);
    expect(first.counts).toEqual({
      read: 13,
      accepted: 8,
      duplicate: 0,
      rejected: 0,
      skipped: 5,
      skippedBy: { 'trace activity "BotState" (not a metric)': 3, 'trace activity "ShowAction" (not a metric)': 2 },
    });
    expect(await conversationTotals(t.db, 'add-item')).toEqual({ conversations: 1, inbound: 2, outbound: 3, handedOff: 0 });
    expect(await eventTypeCounts(t.db, 'add-item')).toEqual({ 'conversation.started': 1, 'cta.clicked': 1, 'intent.detected': 1, 'message.received': 2, 'message.sent': 3 });

    const facts = await conversationFacts(t.db, 'add-item', '83fa1400-e127-11ea-8037-9fd05751be53|livechat');
    expect(facts).toMatchObject({
      started_at: new Date('2020-08-18T07:50:42.521Z'),
      last_event_at: new Date('2020-08-18T07:51:01.588Z'),
      user_id: '1ce384f1-8322-4546-bf5e-fcc2723eab1d',
      channel: 'emulator',
      first_intent: 'Action_ShowAction',
      // Replies to "show tasks" (2045 ms) and to the click (1291 ms); the greeting answers nobody.
      latency_count: 2,
      latency_sum_ms: 2045 + 1291,
      cta_shown: true,
      cta_clicked: true,
      engaged: true,
    });
    const click = await t.db.query<{ cta: string }>(`SELECT cta FROM events WHERE bot_id = 'add-item' AND type = 'cta.clicked'`);
    expect(click).toEqual([{ cta: 'Add item' }]);

    const again = await importPlatformFile(t.db, 'botframework', real('addItemWithButton.transcript'), { botId: 'add-item' });
    expect(again.counts).toMatchObject({ read: 13, accepted: 0, duplicate: 8, rejected: 0, skipped: 5 });
  });

  it('imports sandwich.transcript as counted by hand', async () => {
    // By hand (76 activities): 1 conversation (Emulator); 15 user and 27 bot messages; 15 LUIS v3
    // traces → 15 intents (all "sandwich"); 1 conversationUpdate → started; 17 BotState traces and
    // the SetTestOptions event skipped; no hand-off.
    const { counts, rejected } = await importPlatformFile(t.db, 'botframework', real('sandwich.transcript'), { botId: 'sandwich' });
    expect(rejected).toEqual([]);
    expect(counts).toMatchObject({ read: 76, accepted: 58, rejected: 0, skipped: 18 });
    expect(counts.skippedBy).toEqual({ 'trace activity "BotState" (not a metric)': 17, 'event activity "SetTestOptions" (not a metric)': 1 });
    expect(await conversationTotals(t.db, 'sandwich')).toEqual({ conversations: 1, inbound: 15, outbound: 27, handedOff: 0 });
    expect(await eventTypeCounts(t.db, 'sandwich')).toEqual({ 'conversation.started': 1, 'intent.detected': 15, 'message.received': 15, 'message.sent': 27 });
    const intents = await t.db.query<{ intent: string; n: number }>(`SELECT intent, count(*) AS n FROM events WHERE bot_id = 'sandwich' AND type = 'intent.detected' GROUP BY intent`);
    expect(intents).toEqual([{ intent: 'sandwich', n: 15 }]);
  });

  it('names the bot after its account when --bot is not given', async () => {
    const { counts } = await importPlatformFile(t.db, 'botframework', handMade('out-of-order.transcript'));
    expect(counts.accepted).toBe(5);
    expect(await conversationTotals(t.db, 'clockwork')).toMatchObject({ conversations: 1 });
  });

  it('keeps everything before the point where a truncated transcript ends, and says where', async () => {
    const text = fs.readFileSync(real('sandwich.transcript'), 'utf8');
    // Cut inside activity 21 (the user's "jim"): activities 1–20 are whole.
    const cut = text.indexOf('"text": "jim"') + 5;
    const { counts, rejected } = await importPlatformFile(t.db, 'botframework', { text: text.slice(0, cut) }, { botId: 'sandwich-cut' });
    expect(rejected).toEqual([`activity 21: the file ends at byte ${Buffer.byteLength(text.slice(0, cut))} before this activity is complete (truncated or corrupt?)`]);
    // Activities 1–20 by hand: the SetTestOptions event and 5 BotState traces skipped; started;
    // 3 user messages (wheat, bread, whole wheat), 7 bot messages, 3 intents.
    expect(counts).toMatchObject({ accepted: 14, rejected: 1, skipped: 6 });
    expect(await conversationTotals(t.db, 'sandwich-cut')).toEqual({ conversations: 1, inbound: 3, outbound: 7, handedOff: 0 });
  });

  it('reports a corrupt activity by position, goes on when the structure holds, and stops where it breaks', async () => {
    const text = fs.readFileSync(real('addItemWithButton.transcript'), 'utf8');
    // A broken value inside activity 4 ("show tasks"): that activity is lost, the rest is read.
    const broken = text.replace('"requiresBotState": true', '"requiresBotState": tru');
    const one = await importPlatformFile(t.db, 'botframework', { text: broken }, { botId: 'corrupt-one' });
    expect(one.rejected).toEqual([expect.stringMatching(/^activity 4: not valid JSON \(/)]);
    expect(await conversationTotals(t.db, 'corrupt-one')).toMatchObject({ inbound: 1, outbound: 3 });

    // Garbage between activities 6 and 7: activities 1–6 are kept, reading stops there.
    const at = nthActivityEnd(text, 6);
    const garbled = `${text.slice(0, at)} #garbage# ${text.slice(at)}`;
    const two = await importPlatformFile(t.db, 'botframework', { text: garbled }, { botId: 'corrupt-two' });
    expect(two.rejected).toEqual([`activity 7: unexpected "#" at byte ${Buffer.byteLength(text.slice(0, at)) + 1} after activity 6; expected "," or "]"`]);
    expect(await conversationTotals(t.db, 'corrupt-two')).toMatchObject({ inbound: 1, outbound: 1 });
  });

  it('reads timestamps with and without offsets, across midnight in another zone, and fills a missing one from the previous activity', async () => {
    const { counts, rejected } = await importPlatformFile(t.db, 'botframework', handMade('timestamps.transcript'));
    // The opening conversationUpdate has no time and nothing before it: the one rejection, explained.
    expect(rejected).toEqual(['activity 1: no timestamp, and no earlier activity of this conversation has one']);
    expect(counts).toMatchObject({ accepted: 7, rejected: 1 });
    const events = await t.db.query<{ id: string; type: string; ts: Date; latency_ms: number | null; attrs: Record<string, unknown> | null }>(
      `SELECT id, type, ts, latency_ms, attrs FROM events WHERE bot_id = 'timekeeper' ORDER BY ts, type`,
    );
    expect(events.map((e) => [e.type, e.ts.toISOString(), e.latency_ms, e.attrs?.timestampSource ?? null])).toEqual([
      ['message.received', '2026-03-02T07:59:30.000Z', null, null], // localTimestamp 23:59:30-08:00 on 1 March
      ['message.sent', '2026-03-02T07:59:31.500Z', 1500, null], // timestamp without an offset: UTC
      ['message.received', '2026-03-02T08:00:10.000Z', null, null], // localTimestamp 00:00:10-0800 on 2 March
      ['message.sent', '2026-03-02T08:00:10.000Z', null, 'previous activity'], // no time at all
      ['message.received', '2026-03-02T08:00:40.123Z', null, null], // seven fraction digits
      ['conversation.ended', '2026-03-02T08:00:41.000Z', null, 'previous activity'], // localTimestamp without offset names no instant
      ['message.sent', '2026-03-02T08:00:41.000Z', 877, null],
    ]);
    // One conversation, though it spans midnight in Los Angeles.
    const span = await t.db.query<{ n: number; local_start: string; local_end: string }>(
      `SELECT count(*) AS n, min(to_char(started_at AT TIME ZONE 'America/Los_Angeles', 'YYYY-MM-DD HH24:MI:SS')) AS local_start,
              min(to_char(last_event_at AT TIME ZONE 'America/Los_Angeles', 'YYYY-MM-DD HH24:MI:SS')) AS local_end
       FROM conversation_facts WHERE bot_id = 'timekeeper'`,
    );
    expect(span).toEqual([{ n: 1, local_start: '2026-03-01 23:59:30', local_end: '2026-03-02 00:00:41' }]);
  });

  it('takes activities out of time order as they come: no negative latency, the earliest time starts the conversation', async () => {
    await importPlatformFile(t.db, 'botframework', handMade('out-of-order.transcript'), { botId: 'ooo' });
    expect(await conversationFacts(t.db, 'ooo', 'ooo-conversation')).toMatchObject({
      started_at: new Date('2026-05-04T09:59:59Z'),
      last_event_at: new Date('2026-05-04T10:01:02Z'),
      latency_count: 1,
      latency_sum_ms: 2000,
    });
  });

  it('maps hand-offs, the end of conversations, suggested actions and card clicks', async () => {
    // By hand (23 activities, 4 conversations): conv-a (webchat) 1 user / 2 bot messages, clicks the
    // "Talk to a person" suggested action, QnA finds no answer (fallback), handoff.initiate to queue
    // billing, ends completedSuccessfully; conv-b (msteams) 4 user / 3 bot messages, LUIS BookDemo,
    // clicks a postBack hero button, an Adaptive Card submit inside a ShowCard, and a messageBack,
    // ends userCancelled; conv-c (directline) 2 user / 1 bot message and a `handoff` activity; conv-d
    // has one message nobody can place. 2 hand-offs; typing and handoff.status skipped.
    const { counts, rejected } = await importPlatformFile(t.db, 'botframework', handMade('handoffs-and-ctas.transcript'), { botId: 'handoff-bot' });
    expect(rejected).toEqual(['activity 23: cannot tell whether this message is from the user or the bot (no from.role)']);
    expect(counts).toMatchObject({ rejected: 1, skipped: 2 });
    expect(counts.skippedBy).toEqual({ 'typing activity (not a metric)': 1, 'handoff.status event (the hand-off is counted at handoff.initiate)': 1 });
    expect(await conversationTotals(t.db, 'handoff-bot')).toEqual({ conversations: 3, inbound: 7, outbound: 6, handedOff: 2 });

    const a = await conversationFacts(t.db, 'handoff-bot', 'conv-a');
    expect(a).toMatchObject({ channel: 'web', handed_off_at: new Date('2026-06-01T09:00:06.500Z'), end_outcome: 'success', cta_shown: true, cta_clicked: true, fallback_count: 1 });
    expect(await conversationFacts(t.db, 'handoff-bot', 'conv-b')).toMatchObject({ channel: 'teams', end_outcome: 'unsuccessful', first_intent: 'BookDemo', handed_off_at: null });
    expect(await conversationFacts(t.db, 'handoff-bot', 'conv-c')).toMatchObject({ channel: 'directline', inbound_count: 2 });

    const rows = await t.db.query<{ conversation_id: string; type: string; cta: string | null; ctas: string[] | null; expects_reply: boolean | null; attrs: Record<string, unknown> | null }>(
      `SELECT conversation_id, type, cta, ctas, expects_reply, attrs FROM events
       WHERE bot_id = 'handoff-bot' AND type IN ('cta.clicked', 'handoff') OR (bot_id = 'handoff-bot' AND type = 'message.sent' AND ctas IS NOT NULL)
       ORDER BY ts, type`,
    );
    expect(rows.map((r) => [r.conversation_id, r.type, r.cta ?? r.ctas ?? r.attrs])).toEqual([
      ['conv-a', 'message.sent', ['Opening hours', 'Talk to a person']],
      ['conv-b', 'message.sent', ['Book now', 'Pricing']],
      ['conv-a', 'cta.clicked', 'Talk to a person'],
      ['conv-a', 'handoff', { queue: 'billing', reason: 'user asked for a person' }],
      ['conv-b', 'cta.clicked', 'Book now'],
      ['conv-b', 'message.sent', ['Confirm', 'Other times', 'Wednesday']],
      ['conv-b', 'cta.clicked', 'Wednesday'],
      ['conv-b', 'message.sent', ['Rate us']],
      ['conv-b', 'cta.clicked', 'Rate us'],
      ['conv-c', 'handoff', { reason: 'Refund request' }],
    ]);
    expect(rows[0]?.expects_reply).toBe(true);
  });
});

/** The offset just after the `n`th activity of a pretty-printed transcript (1-based). */
function nthActivityEnd(text: string, n: number): number {
  let depth = 0;
  let seen = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0 && ++seen === n) return i + 1;
  }
  throw new Error(`no activity ${n}`);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { at, event } from '../helpers/events.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
let replicas: Database[];
beforeAll(async () => {
  t = await openTestDatabase();
  replicas = [t.db, ...(t.openReplica ? [t.openReplica(), t.openReplica()] : [])];
});
afterAll(async () => {
  for (const r of replicas.slice(1)) await r.close();
  await t?.close();
});

describe(`concurrent ingestion (${testEngine}${testEngine === 'postgres' ? ', three pools' : ''})`, () => {
  it('keeps facts complete and counts nothing twice when batches for the same conversations race', async () => {
    const conversations = ['a', 'b', 'c', 'd', 'e'];
    // 12 batches, each with one new message per conversation (in a different order per batch),
    // plus a re-send of the previous batch's events.
    const batches = Array.from({ length: 12 }, (_, b) =>
      (b % 2 === 0 ? conversations : [...conversations].reverse()).map((c) =>
        event('message.received', { id: `${c}-${b}`, botId: 'race', conversationId: c, timestamp: at('2026-11-10T10:00:00Z', b) }),
      ),
    );
    const results = await Promise.all(
      batches.map((batch, b) => {
        const { rows } = validateEvents([...batch, ...(batches[b - 1] ?? [])], { storeMessageText: false });
        return storeEvents(replicas[b % replicas.length]!, rows);
      }),
    );
    expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(60);
    const facts = await t.db.query<{ conversation_id: string; inbound_count: number; event_count: number }>(
      `SELECT conversation_id, inbound_count, event_count FROM conversation_facts WHERE bot_id = 'race' ORDER BY 1`,
    );
    expect(facts).toEqual(conversations.map((c) => ({ conversation_id: c, inbound_count: 12, event_count: 12 })));
  });
});

import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '../db/database.ts';
import type { GeneratedEvent } from '../gen/conversation-writer.ts';
import { storeEvents } from '../events/store-events.ts';
import { describeRejection, validateEvents } from '../events/validate-events.ts';

export interface StoredCounts {
  conversations: number;
  events: number;
  accepted: number;
}

/**
 * Stores generated conversations through the ingest path (validation, then `storeEvents`, which
 * keeps facts and rollups), `batchSize` events per transaction, letting the server answer
 * requests between batches. Generated events that fail
 * validation are a bug in the generator: it throws, naming the first.
 */
export async function storeDemoEvents(db: Database, conversations: Iterable<GeneratedEvent[]>, options: { now: Date; batchSize?: number }): Promise<StoredCounts> {
  const batchSize = options.batchSize ?? 5_000;
  const counts: StoredCounts = { conversations: 0, events: 0, accepted: 0 };
  let batch: GeneratedEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const { rows, rejected } = validateEvents(batch, { storeMessageText: false, now: options.now });
    if (rejected[0] !== undefined) throw new Error(`generated demo event is invalid: ${describeRejection(rejected[0])} in ${JSON.stringify(batch[rejected[0].index])}`);
    counts.accepted += (await storeEvents(db, rows)).accepted;
    batch = [];
    // PGlite runs on this thread and its promises settle as microtasks: without a turn of the
    // event loop between batches, a background load would keep the server from answering at all.
    await nextTurn();
  };
  for (const events of conversations) {
    counts.conversations++;
    counts.events += events.length;
    batch.push(...events);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return counts;
}

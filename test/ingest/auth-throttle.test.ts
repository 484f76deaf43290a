import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { event } from '../helpers/events.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { startTestServer } from '../helpers/test-server.ts';
import type { TestServer } from '../helpers/test-server.ts';

/** The test database, counting the statements that look up API keys. */
function countingKeyLookups(db: Database): { db: Database; lookups: () => number } {
  let lookups = 0;
  const counted: Database = {
    engine: db.engine,
    query: (sql, params) => {
      if (/FROM api_keys/i.test(sql)) lookups++;
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
    transaction: (work) => db.transaction(work),
    close: () => db.close(),
  };
  return { db: counted, lookups: () => lookups };
}

describe(`ingest requests without a valid key (${testEngine})`, () => {
  let t: TestDatabase;
  let server: TestServer;
  let lookups: () => number;
  beforeAll(async () => {
    t = await openTestDatabase();
    const counting = countingKeyLookups(t.db);
    lookups = counting.lookups;
    server = await startTestServer(counting.db, {}, { modules: [] });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.close();
  });

  it('are throttled per client address before any database look-up, while a key already seen valid still gets through', async () => {
    const c = { botId: 'throttle-bot', conversationId: 'c1', userId: 'u1', channel: 'web' };
    expect((await server.postEvents([event('message.received', c)])).status).toBe(200);

    // 30 failures at once, then about one a second (the bucket refills while this slow loop runs).
    let failures = 0;
    let throttled: Awaited<ReturnType<TestServer['postEvents']>> | undefined;
    let lookupsBefore = 0;
    while (throttled === undefined && failures < 200) {
      lookupsBefore = lookups();
      const response = await server.postEvents([], { key: failures % 2 === 0 ? `bw_guess_${failures}` : null });
      if (response.status === 429) throttled = response;
      else failures++;
    }
    expect(failures).toBeGreaterThanOrEqual(30);
    expect(throttled?.body.error).toMatch(/too many requests without a valid API key from (::ffff:)?127\.0\.0\.1; retry in \d+ s/);
    expect(Number(throttled?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(lookups()).toBe(lookupsBefore);
    const before = lookups();

    const stillGood = await server.postEvents([event('message.sent', c)]);
    expect(stillGood.status).toBe(200);
    expect(stillGood.body).toMatchObject({ accepted: 1 });
    expect(lookups()).toBe(before + 1); // and still looked up: a revoked key stops at once
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertsModule } from '../../src/alerts/alerts-module.ts';
import type { AlertsModule } from '../../src/alerts/alerts-module.ts';
import type { ModuleFactory } from '../../src/app/module.ts';
import type { Asker, Destination } from '../../src/chat/destination.ts';
import { loadConfig } from '../../src/config.ts';
import { consoleModule } from '../../src/console/console-module.ts';
import { createDigestsModule } from '../../src/digests/digests-module.ts';
import { createApiKey } from '../../src/keys/api-keys.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { retentionModule } from '../../src/retention/retention-module.ts';
import { startBotwatch } from '../../src/serve.ts';
import type { RunningBotwatch } from '../../src/serve.ts';
import { RecordingDeliverer } from '../helpers/recording-deliverer.ts';
import { standbyUnavailableReason, startStreamingStandby } from '../helpers/streaming-standby.ts';
import type { StreamingStandby } from '../helpers/streaming-standby.ts';

// One primary and its streaming standby for this file (made once, removed at the end). They are
// clusters of their own, so this runs the same whether the other suites use PostgreSQL or PGlite.
const unavailable = standbyUnavailableReason();
if (unavailable !== undefined) console.warn(`read replica tests skipped: ${unavailable}`);

const ops: Destination = { platform: 'slack', channelId: 'C-OPS', workspaceId: 'T1', name: '#ops' };
const admin: Asker = { platform: 'slack', userId: 'U-ADMIN', displayName: 'Ana', isAdmin: true, destination: ops };

describe.skipIf(unavailable !== undefined)('botwatch with DATABASE_READ_URL on a streaming standby', () => {
  let standby: StreamingStandby;
  let app: RunningBotwatch;
  let key: string;
  let dataDir: string;
  const slack = new RecordingDeliverer('slack');

  beforeAll(async () => {
    standby = await startStreamingStandby();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-replica-'));
    const config = loadConfig({ DATABASE_URL: standby.primaryUrl, DATABASE_READ_URL: standby.standbyUrl, PORT: '0', BOTWATCH_DATA_DIR: dataDir, BOTWATCH_RETENTION_DAYS: '30' });
    const recorder: ModuleFactory = () => ({ name: 'recorder', deliverer: slack });
    app = await startBotwatch(config, silentLogger, { modules: [recorder, consoleModule, createDigestsModule, createAlertsModule, retentionModule()] });
    key = (await createApiKey(app.db, 'replica-test')).key;
  });

  afterAll(async () => {
    await app?.stop();
    await standby?.stop();
    if (dataDir !== undefined) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Settled conversations of `bot` that started at `start` (default two hours ago). */
  const conversations = (bot: string, ids: string[], start = Date.now() - 2 * 3_600_000) =>
    ids.flatMap((id) => {
      return [
        { id: `${id}-a`, type: 'message.received', timestamp: new Date(start).toISOString(), botId: bot, conversationId: id, channel: 'web' },
        { id: `${id}-b`, type: 'conversation.ended', timestamp: new Date(start + 60_000).toISOString(), botId: bot, conversationId: id, channel: 'web' },
      ];
    });
  const ingest = async (events: unknown[]) => {
    const response = await fetch(`${app.server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(events) });
    expect(response.status, await response.text()).toBeLessThan(300);
  };
  /** The "Conversations (24 h)" botwatch answers for `bot` in `/botwatch bots`. */
  const answeredVolume = async (bot: string) => {
    const reply = await app.services.answer('bots', admin);
    return reply.table?.rows.find((r) => r.bot === bot)?.volume;
  };
  const onPrimary = async (sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: standby.primaryUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const vocabularyBots = async () => ((await (await fetch(`${app.server.url}/console/vocabulary`)).json()) as { bots: string[] }).bots;

  it('reads answers through a read-only session on the standby and writes through the primary', async () => {
    const [read] = await app.services.readDb.query<{ recovering: boolean; readOnly: string }>(`SELECT pg_is_in_recovery() AS recovering, current_setting('default_transaction_read_only') AS "readOnly"`);
    expect(read).toEqual({ recovering: true, readOnly: 'on' });
    const [primary] = await app.db.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
    expect(primary?.recovering).toBe(false);
    expect(app.services.commandContext().db).toBe(app.services.readDb);
  });

  it('answers from the standby: what it has not replayed yet is not in the answer, though the primary has it', async () => {
    await ingest(conversations('shop-bot', ['s1', 's2']));
    await standby.waitForReplay();
    expect(await answeredVolume('shop-bot')).toBe('2');

    await standby.pauseReplay();
    try {
      await ingest(conversations('shop-bot', ['s3', 's4', 's5']));
      await ingest(conversations('late-bot', ['l1']));
      // Ingest went to the primary while the standby stood still.
      expect(await onPrimary(`SELECT count(*)::int AS n FROM conversation_facts WHERE bot_id = 'shop-bot'`)).toEqual([{ n: 5 }]);
      expect(await answeredVolume('shop-bot')).toBe('2');
      expect(await vocabularyBots()).not.toContain('late-bot');
    } finally {
      await standby.resumeReplay();
    }
    await standby.waitForReplay();
    expect(await answeredVolume('shop-bot')).toBe('5');
    expect(await vocabularyBots()).toContain('late-bot');
  });

  it('claims digest runs, moves alert states and claims retention on the primary while the standby is read-only', async () => {
    // Yesterday noon (UTC): inside the daily digest's period.
    const yesterdayNoon = new Date(new Date().setUTCHours(12, 0, 0, 0) - 86_400_000).getTime();
    await ingest(conversations('digest-bot', ['d1', 'd2', 'd3', 'd4', 'd5'], yesterdayNoon));
    await standby.waitForReplay();
    const added = await app.services.answer('digest add daily 09:00 digest-bot', admin);
    expect(added.kind, added.title).not.toBe('error');
    // The subscription was written a moment ago: `digest list` reads it from the primary, not the lagging standby.
    await standby.pauseReplay();
    let sent: Reply;
    try {
      const listed = await app.services.answer('digest list', admin);
      expect(JSON.stringify(listed)).toContain('digest-bot');
      await ingest(conversations('digest-bot', ['d6', 'd7', 'd8', 'd9'], yesterdayNoon));
      const [subscription] = await onPrimary('SELECT id FROM digest_subscriptions');
      sent = await app.services.answer(`digest send ${String(subscription?.id)}`, admin);
    } finally {
      await standby.resumeReplay();
    }
    expect(sent.kind, JSON.stringify(sent)).not.toBe('error');
    const runs = await onPrimary('SELECT state, claimed_by FROM digest_runs');
    expect(runs).toEqual([expect.objectContaining({ state: 'delivered' })]);
    // The digest's figures are the standby's: 5 conversations replayed, not the primary's 9.
    const volume = slack.delivered().at(-1)?.reply.figures.find((f) => f.metric === 'conversations');
    expect(volume?.value).toBe(5);
    expect(await onPrimary(`SELECT count(*)::int AS n FROM conversation_facts WHERE bot_id = 'digest-bot'`)).toEqual([{ n: 9 }]);

    const rule = await app.services.answer('alert add conversations below 100 shop-bot window:24h', admin);
    expect(rule.kind, rule.title).not.toBe('error');
    const alerts = app.modules.find((m) => m.name === 'alerts') as AlertsModule;
    const cycle = await alerts.evaluator.runCycle();
    // The metric rule and the silence rule `alert add` made beside it.
    expect(cycle).toMatchObject({ rules: 2, errors: 0 });
    expect(cycle.transitions).toBeGreaterThanOrEqual(1);
    // Below its threshold: the rule moved from ok to pending (it fires once that lasts its `for:`).
    expect(await onPrimary(`SELECT state FROM alert_rules WHERE kind = 'metric'`)).toEqual([{ state: 'pending' }]);

    // The retention module claimed today's run at start, on the primary.
    expect(await onPrimary(`SELECT count(*)::int AS n FROM retention_runs WHERE slot IS NOT NULL`)).toEqual([{ n: 1 }]);
  });

  // Last: it stops the standby for good.
  it('keeps ingesting while the replica is down, though answers fail', async () => {
    await standby.stopStandby();
    const reply = await app.services.answer('bots', admin);
    expect(reply).toMatchObject({ kind: 'error', title: 'Sorry — something went wrong while answering that.' });
    await ingest(conversations('shop-bot', ['s10']));
    expect(await onPrimary(`SELECT count(*)::int AS n FROM conversation_facts WHERE bot_id = 'shop-bot'`)).toEqual([{ n: 6 }]);
  });
});

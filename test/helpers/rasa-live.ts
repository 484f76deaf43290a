import { expect } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { createRasaModule } from '../../src/intake/rasa/rasa-module.ts';
import type { RasaModule, RasaModuleTuning } from '../../src/intake/rasa/rasa-module.ts';
import { rabbitUrl } from './rasa-publisher.ts';
import { startTestServer } from './test-server.ts';
import type { TestServer } from './test-server.ts';

/** botwatch serving `db` with only the Rasa module, consuming `queue` as the bot `botId`. */
export async function startRasaServer(db: Database, botId: string, queue: string, options: { url?: string; tuning?: RasaModuleTuning } = {}): Promise<{ server: TestServer; rasa: RasaModule }> {
  const env = { BOTWATCH_RASA_AMQP_URL: options.url ?? rabbitUrl(), BOTWATCH_RASA_QUEUE: queue, BOTWATCH_RASA_BOT_ID: botId };
  const server = await startTestServer(db, env, { modules: [(services) => createRasaModule(services, { utteranceWaitMs: 200, ...options.tuning })] });
  const rasa = server.app.modules.find((m) => m.name === 'rasa') as RasaModule;
  return { server, rasa };
}

/** A bot's stored events as the figures see them (everything but the bot id). */
export async function storedEvents(db: Database, botId: string): Promise<unknown[]> {
  return db.query(
    `SELECT id, type, ts, conversation_id, user_id, channel, intent, confidence, fallback, flow, step, final, cta, ctas, latency_ms
     FROM events WHERE bot_id = $1 ORDER BY id`,
    [botId],
  );
}

/** The figures `/botwatch summary` answers for a bot over a window. */
export async function summaryFigures(server: TestServer, botId: string, window: string): Promise<unknown[]> {
  const reply = await server.app.services.answer(`summary ${botId} ${window}`);
  expect(reply.kind).toBe('result');
  return reply.figures.map((f) => [f.metric, f.value]);
}

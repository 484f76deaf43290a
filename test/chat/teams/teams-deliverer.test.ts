import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deliverer } from '../../../src/chat/deliver.ts';
import { teamsMessageLimitBytes, utf16JsonBytes } from '../../../src/chat/teams/render-adaptive-card.ts';
import { createTeamsModule } from '../../../src/chat/teams/teams-module.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import { startBotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import type { BotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import { postActivity, teamsBotMembership, teamsTeam } from '../../helpers/teams-activities.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';
import { startTestServer } from '../../helpers/test-server.ts';
import type { TestServer } from '../../helpers/test-server.ts';
import { cardOf, elementsOf, textsOf } from './adaptive-card-content.ts';

const channel = { platform: 'teams', channelId: teamsTeam.id } as const;
const alert: Reply = { kind: 'alert', title: 'Hand-off rate above 20 %', figures: [], notes: ['24.1 % of 187 conversations in the last hour.'], actions: [{ id: 'alert.acknowledge', label: 'Acknowledge', value: 'rule-1:9', style: 'primary' }] };

describe(`the Teams deliverer: retries, refusals and size (${testEngine})`, () => {
  let t: TestDatabase;
  let connector: BotConnectorStandIn;
  let server: TestServer;
  let deliverer: Deliverer;

  beforeAll(async () => {
    t = await openTestDatabase();
    connector = await startBotConnectorStandIn();
    // Retries as in production, with millisecond waits.
    const retry = { attempts: 4, baseDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 5_000 };
    server = await startTestServer(t.db, {}, { modules: [(s) => createTeamsModule(s, { retry })] });
    expect((await postActivity(server.url, teamsBotMembership('added', { serviceUrl: connector.serviceUrl }))).status).toBe(200);
    deliverer = server.app.services.deliverers.teams!;
  });

  afterAll(async () => {
    await server?.stop();
    await connector?.close();
    await t?.close();
  });

  let before = 0;
  beforeEach(() => {
    before = connector.requests.length;
  });
  const statuses = () => connector.requests.slice(before).map((r) => r.status);

  it('retries a 429 and then posts', async () => {
    connector.failNext({ status: 429, code: 'ThrottledTooManyRequests' });
    const result = await deliverer.deliver(channel, alert);
    expect(result).toEqual({ ok: true, messageId: connector.requests.at(-1)?.messageId });
    expect(statuses()).toEqual([429, 201]);
  });

  it('honours Retry-After and retries 412, 502 and 504 too', async () => {
    connector.failNext({ status: 429, retryAfter: 0 }, { status: 412, code: 'PreconditionFailed' }, { status: 502 });
    expect(await deliverer.deliver(channel, alert)).toMatchObject({ ok: true });
    expect(statuses()).toEqual([429, 412, 502, 201]);
  });

  it('gives up after four tries and reports a transient failure (the SDK adds no retries of its own)', async () => {
    connector.failNext({ status: 504 }, { status: 502 }, { status: 502 }, { status: 503, retryAfter: 1 });
    const result = await deliverer.deliver(channel, alert);
    expect(result).toEqual({ ok: false, kind: 'transient', reason: 'HTTP 503 Service Unavailable: scripted 503 (after 4 tries)', retryAfterSeconds: 1 });
    expect(statuses()).toEqual([504, 502, 502, 503]);
  });

  it('reports a Retry-After longer than it waits as transient at once, with the wait asked for', async () => {
    connector.failNext({ status: 429, retryAfter: 120 });
    expect(await deliverer.deliver(channel, alert)).toMatchObject({ ok: false, kind: 'transient', retryAfterSeconds: 120 });
    expect(statuses()).toEqual([429]);
  });

  it('reports a bot removed from the conversation (403) or a conversation that no longer exists (404) as gone, without retrying', async () => {
    connector.failNext({ status: 403, code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' });
    expect(await deliverer.deliver(channel, alert)).toEqual({ ok: false, kind: 'gone', reason: 'HTTP 403 BotNotInConversationRoster: The bot is not part of the conversation roster.' });
    connector.failNext({ status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' });
    expect(await deliverer.deliver(channel, alert)).toMatchObject({ ok: false, kind: 'gone' });
    expect(statuses()).toEqual([403, 404]);
  });

  it('reports a bad request as failed, without retrying', async () => {
    connector.failNext({ status: 400, code: 'BadArgument', message: 'Unknown activity type' });
    expect(await deliverer.deliver(channel, alert)).toMatchObject({ ok: false, kind: 'failed', reason: 'HTTP 400 BadArgument: Unknown activity type' });
    expect(statuses()).toEqual([400]);
  });

  it('keeps a card with a large table under the Teams message limit, saying how many rows it shows', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => ({ intent: `intent_number_${i}`, conversations: String(1000 + i), handoff: `${(i % 100) / 10} %` }));
    const reply: Reply = {
      kind: 'result',
      title: 'Hand-off rate by intent — support-bot',
      figures: [],
      table: { columns: [{ key: 'intent', label: 'Intent' }, { key: 'conversations', label: 'Conversations', align: 'right' }, { key: 'handoff', label: 'Hand-off rate', align: 'right' }], rows },
      notes: [],
    };
    expect(await deliverer.deliver(channel, reply)).toMatchObject({ ok: true });
    const posted = connector.posted().at(-1)!.activity;
    expect(utf16JsonBytes(posted)).toBeLessThanOrEqual(teamsMessageLimitBytes);
    const [table] = elementsOf(cardOf(posted), 'Table');
    const shown = (table?.rows as unknown[]).length - 1;
    expect(shown).toBeGreaterThan(20);
    expect(textsOf(table)[3]).toBe('intent_number_0');
    expect(textsOf(cardOf(posted))).toContain(`Showing the first ${shown} of 2,000 rows: a Teams message holds no more. Narrow the command (a shorter window, a filter) to see the rest.`);
  });
});

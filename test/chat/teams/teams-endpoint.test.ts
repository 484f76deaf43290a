import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import { createServices } from '../../../src/app/create-services.ts';
import { findTeamsConversation } from '../../../src/chat/teams/conversation-store.ts';
import { createTeamsModule } from '../../../src/chat/teams/teams-module.ts';
import { createLogger } from '../../../src/log.ts';
import { startBotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import type { BotConnectorStandIn } from '../../helpers/bot-connector-stand-in.ts';
import { postActivity, teamsBotMembership, teamsMessage, teamsTeam } from '../../helpers/teams-activities.ts';
import { openTestDatabase, testEngine } from '../../helpers/test-database.ts';
import type { TestDatabase } from '../../helpers/test-database.ts';
import { startTestServer } from '../../helpers/test-server.ts';
import type { TestServer } from '../../helpers/test-server.ts';

const appId = '0b7c6f1e-2d4a-4e8b-9c3f-5a6d7e8f9012';

describe(`the Teams messaging endpoint (${testEngine})`, () => {
  let t: TestDatabase;
  let connector: BotConnectorStandIn;

  beforeAll(async () => {
    t = await openTestDatabase();
    connector = await startBotConnectorStandIn();
  });

  afterAll(async () => {
    await connector?.close();
    await t?.close();
  });

  describe('with an app id configured', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(
        t.db,
        { MicrosoftAppId: appId, MicrosoftAppPassword: 'client-secret', HOST: '127.0.0.1', PUBLIC_BASE_URL: 'https://botwatch.example.com' },
        { modules: [(s) => createTeamsModule(s, { openIdMetadataUrl: connector.openIdMetadataUrl })] },
      );
    });
    afterAll(() => server?.stop());

    const message = () => teamsMessage('summary', { serviceUrl: connector.serviceUrl });

    it('refuses an activity without a token with 401, and answers nothing', async () => {
      const response = await postActivity(server.url, message());
      expect(response).toEqual({ status: 401, body: { error: 'a valid Bot Framework token is required' } });
      expect(connector.requests).toEqual([]);
    });

    it('refuses tokens that are forged, for another bot, expired or for another service URL', async () => {
      const tokens = {
        forged: connector.signToken({ aud: appId }, { signedWith: 'unknown-key' }),
        'unknown key id': connector.signToken({ aud: appId }, { signedWith: 'unknown-key', kid: 'other-key' }),
        'another bot': connector.signToken({ aud: '11111111-2222-4333-8444-555555555555' }),
        expired: connector.signToken({ aud: appId, exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 }),
        'another service URL': connector.signToken({ aud: appId, serviceurl: 'https://smba.trafficmanager.net/emea/' }),
        'another issuer': connector.signToken({ aud: appId, iss: 'https://sts.windows.net/attacker/' }),
      };
      for (const [what, token] of Object.entries(tokens)) {
        const response = await postActivity(server.url, message(), { token });
        expect(response.status, what).toBe(401);
      }
      expect(connector.requests).toEqual([]);
    });

    it('accepts an activity with a valid Bot Framework token', async () => {
      const added = teamsBotMembership('added', { serviceUrl: connector.serviceUrl });
      const response = await postActivity(server.url, added, { token: connector.signToken({ aud: appId }) });
      expect(response.status).toBe(200);
      expect(await findTeamsConversation(t.db, teamsTeam.id)).toMatchObject({ teamId: teamsTeam.id });
    });
  });

  describe('when the identity provider cannot be reached', () => {
    let server: TestServer;
    beforeAll(async () => {
      // Port 1 on loopback: nothing listens, so fetching the signing keys fails (node-fetch's FetchError).
      server = await startTestServer(
        t.db,
        { MicrosoftAppId: appId, MicrosoftAppPassword: 'client-secret', HOST: '127.0.0.1', PUBLIC_BASE_URL: 'https://botwatch.example.com' },
        { modules: [(s) => createTeamsModule(s, { openIdMetadataUrl: 'http://127.0.0.1:1/.well-known/openid-configuration' })] },
      );
    });
    afterAll(() => server?.stop());

    it('answers 503 with Retry-After (a token it cannot check), and 401 to a request without a token', async () => {
      const message = teamsMessage('summary', { serviceUrl: connector.serviceUrl });
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${connector.signToken({ aud: appId })}` },
        body: JSON.stringify(message),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('10');
      expect((await postActivity(server.url, message)).status).toBe(401);
      expect(connector.requests).toEqual([]);
    });

    it('answers 400 to an activity nested deeper than 64 levels, before anything else reads it', async () => {
      const raw = `${JSON.stringify(teamsMessage('summary', { serviceUrl: connector.serviceUrl })).slice(0, -1)},"value":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
      expect({ status: response.status, body: await response.json() }).toEqual({ status: 400, body: { error: 'not a Bot Framework activity: nested deeper than 64 levels' } });
    });
  });

  describe('without an app id (local use)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(t.db, {}, { modules: [(s) => createTeamsModule(s)] });
    });
    afterAll(() => server?.stop());

    it('answers malformed activities with 400 naming what is wrong, and keeps serving', async () => {
      const cases: [string, string, RegExp][] = [
        ['not JSON', '{"type": "message", ', /^the body is not JSON/],
        ['an array', '[]', /expected one activity/],
        ['no conversation', JSON.stringify({ ...teamsMessage('help', { serviceUrl: connector.serviceUrl }), conversation: undefined }), /^not a Bot Framework activity: conversation:/],
        ['no conversation id', JSON.stringify({ ...teamsMessage('help', { serviceUrl: connector.serviceUrl }), conversation: { id: '' } }), /conversation\.id: expected the conversation id/],
        ['a relative service URL', JSON.stringify(teamsMessage('help', { serviceUrl: '/v3' })), /serviceUrl: expected the absolute URL/],
      ];
      for (const [what, raw, error] of cases) {
        const response = await postActivity(server.url, undefined, { raw });
        expect(response.status, what).toBe(400);
        expect((response.body as { error: string }).error, what).toMatch(error);
      }
      expect((await postActivity(server.url, undefined, { raw: '{}', contentType: 'text/plain' })).status).toBe(415);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(connector.requests).toEqual([]);
    });

    it('answers only a Bot Connector on this machine', async () => {
      const response = await postActivity(server.url, teamsMessage('summary', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }));
      expect(response.status).toBe(403);
      expect((await postActivity(server.url, teamsMessage('help', { serviceUrl: connector.serviceUrl }))).status).toBe(200);
      expect(connector.posted().map((p) => p.activity.type)).toEqual(['typing', 'message']);
    });
  });

  it('stays off, saying why, when there is no app id and botwatch listens on a public interface', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const { services } = createServices(loadConfig({ HOST: '0.0.0.0', BOTWATCH_DATA_DIR: '/nonexistent' }), t.db, logger);
    expect(createTeamsModule(services)).toBeUndefined();
    expect(lines.join('\n')).toMatch(/Teams is off: no MicrosoftAppId is set and HOST 0\.0\.0\.0 is reachable from other machines/);
  });

  it('runs without an app id on loopback, warning loudly that authentication is off', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const { services } = createServices(loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent' }), t.db, logger);
    expect(createTeamsModule(services)?.routes?.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/messages']);
    expect(lines.join('\n')).toMatch(/WARN.*TEAMS AUTHENTICATION IS OFF/);
  });
});

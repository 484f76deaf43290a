import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/app/create-services.ts';
import { buildSlackModule } from '../../src/chat/slack/slack-module.ts';
import { createTeamsModule } from '../../src/chat/teams/teams-module.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { runCli } from '../helpers/run-cli.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { startTestServer } from '../helpers/test-server.ts';

const appId = '6f1c2a9e-0b4d-4c8e-9a57-3d2e1f0a8b7c';
const teams = { MicrosoftAppId: appId, MicrosoftAppPassword: 'planted-client-secret', HOST: '127.0.0.1' };

describe(`start-up checks (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t?.close());

  it('refuse to start Teams without an https PUBLIC_BASE_URL, naming the variable', async () => {
    const teamsOnly = { modules: [createTeamsModule] };
    await expect(startTestServer(t.db, teams, teamsOnly)).rejects.toThrow(ConfigError);
    await expect(startTestServer(t.db, teams, teamsOnly)).rejects.toThrow(/^PUBLIC_BASE_URL: expected the https:\/\/ address Teams reaches botwatch at.*it is not set, so they would point at http:\/\/127\.0\.0\.1:0$/);
    await expect(startTestServer(t.db, { ...teams, PUBLIC_BASE_URL: 'http://botwatch.example.com' }, teamsOnly)).rejects.toThrow(/^PUBLIC_BASE_URL: .*got "http:\/\/botwatch\.example\.com" \(Teams loads images over https only\)$/);
    const server = await startTestServer(t.db, { ...teams, PUBLIC_BASE_URL: 'https://botwatch.example.com' }, teamsOnly);
    expect(server.app.modules.map((m) => m.name)).toEqual(['teams']);
    await server.stop();
  });

  it('`botwatch serve` with Teams and no PUBLIC_BASE_URL exits with one line naming it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bw-startup-'));
    try {
      const result = await runCli(['serve'], { ...teams, PORT: '0', BOTWATCH_DATA_DIR: dataDir, BOTWATCH_DEMO: 'off' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^botwatch: PUBLIC_BASE_URL: expected the https:\/\/ address Teams reaches botwatch at/m);
      expect(result.stderr + result.stdout).not.toContain('planted-client-secret');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 300_000); // the embedded database is created first: minutes on a busy machine

  it('warn in Slack HTTP mode without PUBLIC_BASE_URL, naming the Request URL to set', () => {
    const warnings = (env: Record<string, string>) => {
      const lines: string[] = [];
      const logger = createLogger({ write: (line) => lines.push(line) });
      const { services } = createServices(loadConfig({ BOTWATCH_DATA_DIR: '/nonexistent', SLACK_SIGNING_SECRET: 'signing-secret', SLACK_BOT_TOKEN: 'xoxb-1', ...env }), t.db, logger);
      expect(buildSlackModule(services)).toBeDefined();
      return lines.filter((l) => l.includes(' WARN '));
    };
    const [warning] = warnings({});
    expect(warning).toMatch(/PUBLIC_BASE_URL is not set: Slack posts commands and button presses to the Request URL https:\/\/<botwatch's public address>\/slack\/events\. Set PUBLIC_BASE_URL/);
    expect(warnings({ PUBLIC_BASE_URL: 'https://botwatch.example.com' })).toEqual([]);
    expect(warnings({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]); // Socket Mode needs no public address
  });
});

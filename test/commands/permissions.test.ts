import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asker } from '../../src/chat/destination.ts';
import type { CommandContext } from '../../src/commands/command-context.ts';
import { answer } from '../../src/commands/run-command.ts';
import { silentLogger } from '../../src/log.ts';
import { openTestDatabase } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

let t: TestDatabase;
let ctx: CommandContext;
beforeAll(async () => {
  t = await openTestDatabase();
  ctx = { db: t.db, now: () => new Date(), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger };
});
afterAll(() => t?.close());

const asker = (isAdmin: boolean): Asker => ({ platform: 'slack', userId: 'U123', isAdmin, destination: { platform: 'slack', channelId: 'C1' } });

describe('who may change things', () => {
  it('refuses digest and alert changes to non-admins, saying why', async () => {
    const reply = await answer('alert add handoff above 20% support-bot', ctx, { asker: asker(false) });
    expect(reply).toMatchObject({ kind: 'error', title: 'Only botwatch admins can alert add.' });
    expect(reply.text).toContain('SLACK_ADMIN_USER_IDS');
    expect(reply.text).toContain('U123');
    expect((await answer('digest remove 3', ctx, { asker: asker(false) })).kind).toBe('error');
  });

  it('lets everyone read, and admins change', async () => {
    const runners = { alert: (c: { action: string }) => Promise.resolve({ kind: 'info' as const, title: `ran ${c.action}`, figures: [], notes: [] }) };
    expect((await answer('alert list', ctx, { asker: asker(false), runners })).title).toBe('ran list');
    expect((await answer('alert add handoff above 20%', ctx, { asker: asker(true), runners })).title).toBe('ran add');
  });
});

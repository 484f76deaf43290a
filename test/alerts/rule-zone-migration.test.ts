import { afterEach, describe, expect, it } from 'vitest';
import { listHistory } from '../../src/alerts/alert-history.ts';
import type { RuleSettings } from '../../src/alerts/alert-rule.ts';
import { findRule, insertRule } from '../../src/alerts/rule-store.ts';
import { migrate, readMigrations } from '../../src/db/migrations.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

describe(`migration 0018: rules from before zones were told apart (${testEngine})`, () => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
  });

  it('makes a zone stored before 0016 follow the bot, with a history entry naming it, and keeps a tz: given since', async () => {
    const o = await openTestDatabase({ migrated: false });
    opened.push(o);
    const known = readMigrations();
    await migrate(o.db, known.filter((m) => m.version < 18));
    await o.db.query(`UPDATE botwatch_migrations SET applied_at = '2026-11-01T00:00:00Z' WHERE version = 16`);
    const settings = (timeZone: string): RuleSettings => ({
      kind: 'anomaly', metric: 'handoff_rate', botId: 'office-bot', filter: { versions: [], channels: [], intents: [], flows: [] },
      direction: 'above', threshold: 0, recoverThreshold: 0, windowSeconds: 3600, minConversations: 10, forSeconds: 60, renotifySeconds: 0,
      mention: null, destination: { platform: 'slack', channelId: 'C0ONCALL', name: '#oncall' }, anomaly: { direction: 'up', sensitivity: 'medium', timeZone },
    });
    const before = await insertRule(o.db, settings('Europe/Berlin'), 'Ana', new Date('2026-10-20T09:00:00Z'));
    const since = await insertRule(o.db, settings('Asia/Tokyo'), 'Ana', new Date('2026-11-05T09:00:00Z'));

    expect(await migrate(o.db, known)).toContain(18);
    expect((await findRule(o.db, before.id))?.anomaly?.timeZone).toBeNull();
    expect((await findRule(o.db, since.id))?.anomaly?.timeZone).toBe('Asia/Tokyo');
    const history = await listHistory(o.db, { limit: 10 });
    expect(history.map((e) => [e.ruleId, e.event])).toEqual([[before.id, 'changed']]);
    expect(history[0]?.detail).toContain('instead of Europe/Berlin');
    expect(history[0]?.detail).toContain('add the rule again with tz:Europe/Berlin');
  });
});

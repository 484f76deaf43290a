import { describe, expect, it } from 'vitest';
import type { ModuleFactory } from '../../src/app/module.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startBotwatch } from '../../src/serve.ts';
import { openTestDatabase } from '../helpers/test-database.ts';

describe('starting botwatch', () => {
  it('stops modules already started and closes the server when a module cannot start', async () => {
    const t = await openTestDatabase();
    const events: string[] = [];
    const first: ModuleFactory = () => ({ name: 'first', start: () => Promise.resolve(void events.push('first started')), stop: () => Promise.resolve(void events.push('first stopped')) });
    const failing: ModuleFactory = () => ({ name: 'failing', start: () => Promise.reject(new Error('SLACK_BOT_TOKEN: refused')) });
    const never: ModuleFactory = () => ({ name: 'never', start: () => Promise.resolve(void events.push('never started')) });
    try {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', BOTWATCH_DATA_DIR: '/nonexistent' });
      await expect(startBotwatch(config, silentLogger, { db: t.db, modules: [first, failing, never] })).rejects.toThrow('SLACK_BOT_TOKEN: refused');
      expect(events).toEqual(['first started', 'first stopped']);
      // The database was the caller's: still open.
      expect(await t.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await t.close();
    }
  });
});

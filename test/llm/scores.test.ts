import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureRule } from '../../src/alerts/measure-rule.ts';
import { MeasureCache } from '../../src/alerts/evaluation.ts';
import { parseAlertAdd } from '../../src/alerts/parse-alert-add.ts';
import { findRule, insertRule } from '../../src/alerts/rule-store.ts';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

/**
 * test/fixtures/llm/scores.jsonl, bot rag-bot on 2 Nov 2026:
 *   c1 08:00 web — faithfulness 0.9 (pass), user_feedback 1 (thumbs_up)
 *   c2 09:30 web — faithfulness 0.5 (fail), user_feedback thumbs_down (no number)
 *   c3 10:15 sms — faithfulness 0.4
 */
const fixture = new URL('../fixtures/llm/scores.jsonl', import.meta.url);
const fixtureEvents = (): unknown[] => fs.readFileSync(fixture, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);

describe(`named scores: score_avg, by:score and alerts (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    const { rows, rejected } = validateEvents(fixtureEvents(), { storeMessageText: false, now: new Date('2026-11-10T00:00:00Z') });
    expect(rejected).toEqual([]);
    await storeEvents(t.db, rows);
  });
  afterAll(() => t?.close());

  const ask = (command: string): Promise<Reply> => answer(command, { db: t.db, now: () => new Date('2026-11-10T00:00:00Z'), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });

  it('averages one name over the window, with filters and by a conversation dimension', async () => {
    expect((await ask('score_avg rag-bot 2026-11-02 score:faithfulness')).figures[0]).toMatchObject({ value: (0.9 + 0.5 + 0.4) / 3, denominator: 3 });
    expect((await ask('score_avg rag-bot 2026-11-02 score:faithfulness channel:web')).figures[0]?.value).toBeCloseTo(0.7, 12);
    const byChannel = await ask('score_avg rag-bot 2026-11-02 score:faithfulness by:channel');
    expect(byChannel.table?.values?.map((v) => v.group)).toEqual(['web', 'sms']);
    expect(byChannel.table?.values?.map((v) => Number(v.value))).toEqual([expect.closeTo(0.7, 12), expect.closeTo(0.4, 12)]);
    // A name with a number in one score and only a label in another averages its numbers.
    expect((await ask('score_avg rag-bot 2026-11-02 score:user_feedback')).figures[0]).toMatchObject({ value: 1, denominator: 1 });
  });

  it('refuses score: and by:score where they mean nothing, saying why', async () => {
    expect(JSON.stringify(await ask('handoff_rate rag-bot 7d score:faithfulness'))).toContain('score: selects the score that score_avg averages; it does not apply to handoff_rate');
    expect(JSON.stringify(await ask('csat rag-bot 7d by:score'))).toContain('csat cannot be grouped by:score');
    expect(JSON.stringify(await ask('score_avg rag-bot 7d by:score score:faithfulness'))).toContain('give score:<name> for one score or by:score for every score, not both');
    expect(JSON.stringify(await ask('summary rag-bot 7d score:faithfulness'))).toContain('score: is for score_avg');
  });

  it('watches a named score with an alert', async () => {
    const destination = { platform: 'slack' as const, channelId: 'C1' };
    const context = { knownBots: ['rag-bot'], destination, silenceSeconds: 3600, intervalSeconds: 60, timeZone: 'UTC' };
    expect(parseAlertAdd(['score_avg', 'below', '0.7', 'rag-bot'], context)).toEqual({ error: 'alert add score_avg needs the score it watches, e.g. alert add score_avg below 0.7 support-bot score:faithfulness' });
    const parsed = parseAlertAdd(['score_avg', 'below', '0.7', 'rag-bot', 'score:faithfulness', 'window:1d', 'min:1'], context);
    if (!('settings' in parsed)) throw new Error(JSON.stringify(parsed));
    const stored = await insertRule(t.db, parsed.settings, 'U1', new Date('2026-11-02T12:00:00Z'));
    const rule = (await findRule(t.db, stored.id))!;
    expect(rule.filter.score).toBe('faithfulness');
    const measured = await measureRule(rule, { db: t.db, now: new Date('2026-11-02T12:00:00Z'), idleMinutes: 30, timeZone: 'UTC', cache: new MeasureCache() });
    expect(measured).toMatchObject({ kind: 'measured', value: (0.9 + 0.5 + 0.4) / 3, denominator: 3, breach: true });
  });

  it('compares named scores between two bots as a difference in means', async () => {
    const other = [0.2, 0.3].map((value, i) => ({ id: `o${i}`, type: 'score', timestamp: `2026-11-02T11:0${i}:00Z`, botId: 'rag-two', conversationId: `o${i}`, name: 'faithfulness', value }));
    await storeEvents(t.db, validateEvents(other, { storeMessageText: false, now: new Date('2026-11-10T00:00:00Z') }).rows);
    const compared = await ask('compare rag-bot vs rag-two 2026-11-02');
    expect(compared.table?.rows.filter((r) => r.metric?.endsWith('(score mean)'))).toEqual([
      { metric: 'faithfulness (score mean)', a: '0.6 (n=3)', b: '0.3 (n=2)', verdict: 'faithfulness score 0.6 vs 0.3, rag-two lower by 0.4 (95 % CI -0.7 to 0.0); not significant: fewer than 30 per side' },
      { metric: 'user_feedback (score mean)', a: '1.0 (n=1)', b: 'n/a', verdict: 'n/a on one side' },
    ]);
    const one = await ask('compare rag-bot vs rag-two 2026-11-02 score:faithfulness');
    expect(one.table?.rows.filter((r) => r.metric?.endsWith('(score mean)')).map((r) => r.metric)).toEqual(['faithfulness (score mean)']);
  });

  it('answers through the command line’s import and ask --json', async () => {
    const cli = await cliDatabaseEnv();
    try {
      const imported = await runCli(['import', fixture.pathname], cli.env);
      expect(imported.code, imported.stderr).toBe(0);
      const asked = await runCli(['ask', 'score_avg rag-bot 2026-11-02 by:score', '--json', '--now', '2026-11-10T00:00:00Z'], cli.env);
      expect(asked.code, asked.stderr).toBe(0);
      const reply = JSON.parse(asked.stdout) as Reply;
      expect(reply.figures[0]).toMatchObject({ metric: 'score_avg', value: null, note: 'score names are not averaged together (each has its own scale); see each name below' });
      expect(reply.table?.rows.map((r) => [r.group, r.value, r.sample])).toEqual([
        ['user_feedback', '1.0', '1'],
        ['faithfulness', '0.6', '3'],
      ]);
      expect(reply.notes).toContain('Labels: faithfulness — fail 1, pass 1; user_feedback — thumbs_down 1, thumbs_up 1.');
    } finally {
      await cli.close();
    }
  }, 180_000);
});

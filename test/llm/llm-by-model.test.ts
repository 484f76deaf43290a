import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { silentLogger } from '../../src/log.ts';
import { queryLlmGroupAggregates } from '../../src/metrics/llm-group-aggregates.ts';
import { emptyFilter } from '../../src/metrics/cohort.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { cliDatabaseEnv } from '../helpers/cli-database-env.ts';
import { runCli } from '../helpers/run-cli.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

/**
 * test/fixtures/llm/by-model.jsonl, bot llm-mix on 2 Nov 2026, priced from the starting table
 * (gpt-4o 2.50 / 10.00, claude-sonnet-4 3.00 / 15.00, gpt-4o-mini 0.15 / 0.60 per million):
 *   c1 08:00 gpt-4o/openai 1000 in 500 out 100 ms → $0.0075; resolved
 *   c2 08:10 gpt-4o/openai 2000/1000 300 ms → $0.015, claude-sonnet-4/anthropic 1000/200 500 ms failed → $0.006; handed off
 *   c3 09:00 claude-sonnet-4/anthropic 3000/1000 700 ms → $0.024; resolved
 *   c5 09:30 no model call; resolved
 *   c6 09:45 in-house (no provider) 100/100 50 ms, costUsd $0.001
 *   c4 10:10 gpt-4o-mini/openai 10000/1000 200 ms → $0.0021; resolved
 */
const fixture = new URL('../fixtures/llm/by-model.jsonl', import.meta.url);
const fixtureEvents = (): unknown[] => fs.readFileSync(fixture, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);

describe(`LLM metrics by model and by provider (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    const { rows, rejected } = validateEvents(fixtureEvents(), { storeMessageText: false, now: new Date('2026-11-10T00:00:00Z') });
    expect(rejected).toEqual([]);
    await storeEvents(t.db, rows);
  });
  afterAll(() => t?.close());

  const ask = async (command: string, now = '2026-11-10T00:00:00Z'): Promise<Reply> => {
    const reply = await answer(command, { db: t.db, now: () => new Date(now), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
    expect(reply.kind, JSON.stringify(reply)).toBe('result');
    return reply;
  };
  /** Group label → raw value, from the breakdown's bar chart; and the total figure. */
  const groups = async (command: string, now?: string) => {
    const reply = await ask(command, now);
    if (reply.chart?.kind !== 'bars') throw new Error(`no bar chart in ${JSON.stringify(reply)}`);
    return { total: reply.figures[0]?.value, bars: Object.fromEntries(reply.chart.bars.map((b) => [b.label, b.value])), reply };
  };

  it('breaks cost, tokens, errors and latency down by model: each model’s calls over the conversations that called it', async () => {
    const cost = await groups('llm_cost_per_conversation llm-mix 2026-11-02 by:model');
    expect(Object.keys(cost.bars).sort()).toEqual(['claude-sonnet-4', 'gpt-4o', 'gpt-4o-mini', 'in-house']);
    expect(cost.bars['gpt-4o']).toBeCloseTo(0.0225 / 2, 12);
    expect(cost.bars['claude-sonnet-4']).toBeCloseTo(0.03 / 2, 12);
    expect(cost.bars['gpt-4o-mini']).toBeCloseTo(0.0021, 12);
    expect(cost.bars['in-house']).toBeCloseTo(0.001, 12);
    // The figure is the whole cohort's, as without by: ($0.0556 over the 5 conversations with calls).
    expect(cost.total).toBeCloseTo(0.0556 / 5, 12);
    expect(cost.reply.notes.join(' ')).toMatch(/called more than one model counts in each of their groups/);

    const tokens = await groups('llm_tokens_per_conversation llm-mix 2026-11-02 by:model');
    expect(tokens.bars).toEqual({ 'gpt-4o-mini': 11000, 'claude-sonnet-4': 2600, 'gpt-4o': 2250, 'in-house': 200 });

    const errors = await groups('llm_error_rate llm-mix 2026-11-02 by:model');
    expect(errors.bars).toEqual({ 'claude-sonnet-4': 0.5, 'gpt-4o': 0, 'gpt-4o-mini': 0, 'in-house': 0 });
    expect(errors.total).toBeCloseTo(1 / 6, 12);

    // Resolved conversations that called the model: gpt-4o c1, claude c3, gpt-4o-mini c4, in-house none.
    const resolved = await groups('llm_cost_per_resolved llm-mix 2026-11-02 by:model');
    expect(resolved.bars['gpt-4o']).toBeCloseTo(0.0225, 12);
    expect(resolved.bars['claude-sonnet-4']).toBeCloseTo(0.03, 12);
    expect(resolved.bars['gpt-4o-mini']).toBeCloseTo(0.0021, 12);
    expect(resolved.bars['in-house']).toBeNull();
    expect(resolved.total).toBeCloseTo(0.0556 / 4, 12);

    // c2 handed off: its gpt-4o calls cost $0.015 and its claude call $0.006.
    const handoff = await groups('llm_cost_per_handoff llm-mix 2026-11-02 by:model');
    expect(handoff.bars['gpt-4o']).toBeCloseTo(0.015, 12);
    expect(handoff.bars['claude-sonnet-4']).toBeCloseTo(0.006, 12);
    expect(handoff.bars['gpt-4o-mini']).toBeNull();

    const p50 = await groups('llm_latency_p50_ms llm-mix 2026-11-02 by:model');
    expect(p50.bars).toEqual({ 'claude-sonnet-4': 600, 'gpt-4o': 200, 'gpt-4o-mini': 200, 'in-house': 50 });
    expect(p50.total).toBe(250);
    const p95 = await groups('llm_latency_p95_ms llm-mix 2026-11-02 by:model');
    expect(p95.bars).toEqual({ 'claude-sonnet-4': 690, 'gpt-4o': 290, 'gpt-4o-mini': 200, 'in-house': 50 });
  });

  it('groups by provider, calls without one in their own group', async () => {
    const cost = await groups('llm_cost_per_conversation llm-mix 2026-11-02 by:provider');
    // openai: c1, c2 (its gpt-4o calls) and c4 → $0.0246 over 3.
    expect(cost.bars.openai).toBeCloseTo(0.0246 / 3, 12);
    expect(cost.bars.anthropic).toBeCloseTo(0.015, 12);
    expect(cost.bars['(no provider)']).toBeCloseTo(0.001, 12);
    const resolved = await groups('cost_per_resolved llm-mix 2026-11-02 by:provider');
    expect(resolved.bars.openai).toBeCloseTo(0.0246 / 2, 12);
    const tokens = await groups('tokens llm-mix 2026-11-02 by:provider');
    expect(tokens.bars.openai).toBeCloseTo(15500 / 3, 9);
    const p95 = await groups('llm_p95 llm-mix 2026-11-02 by:provider');
    expect(p95.bars).toEqual({ anthropic: 690, openai: 290, '(no provider)': 50 });
  });

  it('gives the same groups from hourly rollups plus a partial hour as from the facts alone', async () => {
    // 24 h up to 10:30: whole hours from the rollups, 10:00–10:30 (c4) from the facts.
    const cost = await groups('llm_cost_per_conversation llm-mix 24h by:provider', '2026-11-02T10:30:00Z');
    expect(cost.bars.openai).toBeCloseTo(0.0246 / 3, 12);
    const q = {
      filter: { ...emptyFilter(), bots: ['llm-mix'] },
      current: { start: new Date('2026-11-01T10:30:00Z'), end: new Date('2026-11-02T10:30:00Z') },
      now: new Date('2026-11-02T10:30:00Z'),
      idleMinutes: 30,
    };
    for (const dimension of ['model', 'provider'] as const) {
      const sorted = (rows: Awaited<ReturnType<typeof queryLlmGroupAggregates>>) => [...rows].sort((a, b) => String(a.group).localeCompare(String(b.group)));
      const fromRollups = sorted(await queryLlmGroupAggregates(t.db, { ...q, timeZone: 'UTC' }, dimension));
      // A zone with half-hour offsets cannot use UTC-hour rollups: everything comes from the facts.
      const fromFacts = sorted(await queryLlmGroupAggregates(t.db, { ...q, timeZone: 'Asia/Kolkata' }, dimension));
      expect(fromRollups).toEqual(fromFacts);
      expect(fromRollups.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps the model rollups exact when a late event changes a conversation, and the migration backfill rebuilds them', async () => {
    const late = [{ id: 'late-1', type: 'llm.call', timestamp: '2026-11-02T07:59:00Z', botId: 'llm-mix', conversationId: 'c3', model: 'gpt-4o', provider: 'openai', inputTokens: 400, outputTokens: 0, latencyMs: 80 }];
    await storeEvents(t.db, validateEvents(late, { storeMessageText: false, now: new Date('2026-11-10T00:00:00Z') }).rows);
    const read = () => t.db.query(`SELECT * FROM llm_group_rollups ORDER BY bot_id, hour, bot_version, channel, first_intent, dimension, value`);
    const maintained = await read();
    // c3 moved to 07:00 and now also called gpt-4o: nothing is left counting no conversation.
    expect(maintained.filter((r) => Number(r.conversations) === 0)).toEqual([]);
    const tokens = await groups('tokens llm-mix 2026-11-02 by:model');
    expect(tokens.bars['gpt-4o']).toBeCloseTo((4500 + 400) / 3, 9);

    const migration = fs.readFileSync(new URL('../../migrations/0013_llm_group_rollups.sql', import.meta.url), 'utf8');
    const factsBefore = await t.db.query(`SELECT conversation_id, llm_groups FROM conversation_facts ORDER BY conversation_id`);
    await t.db.transaction(async (tx) => {
      await tx.query('DELETE FROM llm_group_rollups');
      await tx.query('UPDATE conversation_facts SET llm_groups = NULL');
      await tx.exec(migration.slice(migration.indexOf('UPDATE conversation_facts')));
    });
    expect(await t.db.query(`SELECT conversation_id, llm_groups FROM conversation_facts ORDER BY conversation_id`)).toEqual(factsBefore);
    expect(await read()).toEqual(maintained);
  });

  it('refuses by:model for a metric that is not made of model calls, naming the ones that are', async () => {
    const reply = await answer('handoff_rate llm-mix 7d by:model', { db: t.db, now: () => new Date('2026-11-10T00:00:00Z'), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
    expect(JSON.stringify(reply)).toMatch(/handoff_rate cannot be grouped by:model .* works with llm_tokens_per_conversation, llm_cost_per_conversation/);
  });

  it('answers by:model through the command line’s ask --json', async () => {
    const cli = await cliDatabaseEnv();
    try {
      const imported = await runCli(['import', fixture.pathname], cli.env);
      expect(imported.code, imported.stderr).toBe(0);
      const asked = await runCli(['ask', 'llm_cost_per_conversation llm-mix 2026-11-02 by:model', '--json'], cli.env);
      expect(asked.code, asked.stderr).toBe(0);
      const reply = JSON.parse(asked.stdout) as Reply;
      expect(reply.figures[0]?.metric).toBe('llm_cost_per_conversation');
      expect(reply.chart?.kind === 'bars' ? reply.chart.bars.map((b) => b.label) : []).toEqual(['claude-sonnet-4', 'gpt-4o', 'gpt-4o-mini', 'in-house']);
      expect(reply.table?.rows.map((r) => [r.group, r.value])).toEqual([['claude-sonnet-4', '$0.015'], ['gpt-4o', '$0.0113'], ['gpt-4o-mini', '$0.0021'], ['in-house', '$0.001']]);
    } finally {
      await cli.close();
    }
  }, 180_000);
});

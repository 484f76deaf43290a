import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/commands/run-command.ts';
import { storeEvents } from '../../src/events/store-events.ts';
import { validateEvents } from '../../src/events/validate-events.ts';
import { setModelPrice, unpricedModels } from '../../src/llm/model-prices.ts';
import { repriceConversations } from '../../src/llm/reprice.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/replies/reply.ts';
import { runCli } from '../helpers/run-cli.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

/**
 * LLM calls through the import pipeline, priced from the shipped table (gpt-4o 2.50 / 1.25 cached /
 * 10.00 per million; gpt-4o-mini 0.15 / 0.60), an event's own costUsd, and a model with no price.
 */
function llmEvents(): Record<string, unknown>[] {
  const t0 = Date.parse('2026-11-02T08:00:00Z');
  const lines: Record<string, unknown>[] = [];
  let n = 0;
  const add = (conversationId: string, type: string, fields: Record<string, unknown> = {}, botId = 'llm-bot') =>
    lines.push({ id: `e${n}`, type, timestamp: new Date(t0 + n++ * 1000).toISOString(), botId, conversationId, ...fields });
  // c1: 800 uncached + 200 cached input, 500 output on gpt-4o → 0.002 + 0.00025 + 0.005 = 0.00725; resolved.
  add('c1', 'message.received');
  add('c1', 'llm.call', { model: 'gpt-4o', provider: 'openai', inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500, latencyMs: 100 });
  add('c1', 'resolved');
  // c2: a dated gpt-4o snapshot (2000 in, 1000 out → 0.015) and a call with its own cost 0.01; handed off.
  add('c2', 'message.received');
  add('c2', 'llm.call', { model: 'gpt-4o-2024-08-06', inputTokens: 2000, outputTokens: 1000, latencyMs: 200 });
  add('c2', 'llm.call', { model: 'in-house-model', inputTokens: 100, outputTokens: 50, latencyMs: 300, costUsd: 0.01 });
  add('c2', 'handoff');
  // c3: gpt-4o-mini (10000 in, 2000 out → 0.0015 + 0.0012 = 0.0027), failed; two tool calls, one failed; resolved.
  add('c3', 'message.received');
  add('c3', 'llm.call', { model: 'gpt-4o-mini', inputTokens: 10000, outputTokens: 2000, latencyMs: 400, error: 'rate_limit' });
  add('c3', 'tool.call', { tool: 'lookup_order', latencyMs: 30, error: 'timeout' });
  add('c3', 'tool.call', { tool: 'lookup_order', latencyMs: 25 });
  add('c3', 'resolved');
  // Another bot calls a model nobody priced.
  add('d1', 'message.received', {}, 'mystery-bot');
  add('d1', 'llm.call', { model: 'mystery-1', inputTokens: 1_000_000, outputTokens: 500_000 }, 'mystery-bot');
  return lines;
}

describe(`LLM tokens, cost and latency (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    const { rows, rejected } = validateEvents(llmEvents(), { storeMessageText: false, now: new Date('2026-11-10T00:00:00Z') });
    expect(rejected).toEqual([]);
    await storeEvents(t.db, rows);
  });
  afterAll(() => t?.close());

  const ask = async (command: string): Promise<Reply> => {
    const reply = await answer(command, { db: t.db, now: () => new Date('2026-11-10T00:00:00Z'), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
    expect(reply.kind, reply.title).toBe('result');
    return reply;
  };
  const figures = (reply: Reply) => Object.fromEntries(reply.figures.map((f) => [f.metric, f]));

  it('prices calls from the table, takes an event’s costUsd over it, and shows cost in the summary', async () => {
    const byMetric = figures(await ask('summary llm-bot 2026-11-02'));
    const cost = 0.00725 + 0.015 + 0.01 + 0.0027;
    expect(byMetric.llm_cost_per_conversation?.value).toBeCloseTo(cost / 3, 12);
    expect(byMetric.llm_cost_per_resolved?.value).toBeCloseTo(cost / 2, 12);
    expect(byMetric.llm_cost_per_handoff?.value).toBeCloseTo(0.025, 12);
    expect(byMetric.llm_cost_per_handoff?.formatted).toBe('$0.025');
    expect(byMetric.llm_tokens_per_conversation?.value).toBeCloseTo((1000 + 500 + 2000 + 1000 + 100 + 50 + 10000 + 2000) / 3, 9);
    expect(byMetric.llm_error_rate?.value).toBe(0.25);
  });

  it('reports LLM latency percentiles over calls and the tool error rate', async () => {
    expect(figures(await ask('llm_latency_p50_ms llm-bot 2026-11-02')).llm_latency_p50_ms?.value).toBe(250);
    expect(figures(await ask('llm_latency_p95_ms llm-bot 2026-11-02')).llm_latency_p95_ms?.value).toBe(385);
    expect(figures(await ask('tool_error_rate llm-bot 2026-11-02')).tool_error_rate?.value).toBe(0.5);
  });

  it('says cost is n/a, and why, for a model without a price — until one is set', async () => {
    const before = figures(await ask('llm_cost_per_conversation mystery-bot 2026-11-02')).llm_cost_per_conversation;
    expect(before?.value).toBeNull();
    expect(before?.formatted).toBe('n/a');
    expect(JSON.stringify(await ask('llm_cost_per_conversation mystery-bot 2026-11-02'))).toMatch(/1 LLM call in this window is of a model with no price/);
    expect(await unpricedModels(t.db)).toEqual([{ model: 'mystery-1', calls: 1 }]);

    await setModelPrice(t.db, { model: 'mystery-1', inputPerMTok: 1, cachedInputPerMTok: null, outputPerMTok: 2 }, new Date());
    expect(await repriceConversations(t.db, 'mystery-1')).toBe(1);
    expect(await unpricedModels(t.db)).toEqual([]);
    expect(figures(await ask('llm_cost_per_conversation mystery-bot 2026-11-02')).llm_cost_per_conversation?.value).toBeCloseTo(1 + 1, 12);
  });

  it('re-prices stored history when a price changes', async () => {
    await setModelPrice(t.db, { model: 'gpt-4o', inputPerMTok: 5, cachedInputPerMTok: null, outputPerMTok: 20 }, new Date());
    // c1 and c2 called gpt-4o (c2 a dated snapshot of it).
    expect(await repriceConversations(t.db, 'gpt-4o')).toBe(2);
    // c1: 1000 × 5 + 500 × 20 per million (no cached price → cached input at the input price); c2: 0.03 + 0.01.
    const byMetric = figures(await ask('summary llm-bot 2026-11-02'));
    expect(byMetric.llm_cost_per_conversation?.value).toBeCloseTo((0.015 + 0.04 + 0.0027) / 3, 12);
    expect(byMetric.llm_cost_per_handoff?.value).toBeCloseTo(0.04, 12);
  });

  it('compares LLM cost between versions as a difference in means with its 95 % confidence interval', async () => {
    const events: Record<string, unknown>[] = [];
    for (const version of ['1.0', '2.0']) {
      for (let i = 0; i < 40; i++) {
        const c = { botId: 'ab-bot', conversationId: `${version}-${i}`, botVersion: version };
        const at = new Date(Date.parse('2026-11-03T08:00:00Z') + i * 60_000).toISOString();
        events.push({ id: `${version}-${i}-m`, type: 'message.received', timestamp: at, ...c });
        // 0.010 … 0.014 on 1.0 and 0.020 … 0.024 on 2.0, eight conversations each.
        events.push({ id: `${version}-${i}-l`, type: 'llm.call', timestamp: at, model: 'x', costUsd: (version === '1.0' ? 0.01 : 0.02) + (i % 5) * 0.001, latencyMs: 1000, ...c });
      }
    }
    await storeEvents(t.db, validateEvents(events, { storeMessageText: false, now: new Date('2026-11-10T00:00:00Z') }).rows);
    const reply = await ask('compare ab-bot@1.0 vs ab-bot@2.0 2026-11-03');
    const row = reply.table?.rows.find((r) => r.metric === 'LLM cost per conversation');
    // Difference 0.01; each side's sample variance 80e-6 / 39, so the standard error is √(2 × 80e-6 / 39 / 40) = 0.00032026.
    expect(row?.verdict).toBe('LLM cost per conversation $0.012 vs $0.022, ab-bot@2.0 higher by $0.01 (95 % CI $0.0094 to $0.0106), significant at 95 %');
    expect(reply.table?.rows.find((r) => r.metric === 'Mean LLM latency')?.verdict).toBe('mean LLM latency 1,000 ms vs 1,000 ms, no difference');
  });

  it('refuses a price that is not an amount, naming the flag', async () => {
    const bad = await runCli(['models', 'price', 'gpt-4o', '--input', 'cheap', '--output', '1'], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--input: expected US dollars per million tokens ≥ 0, got "cheap"/);
  });
});

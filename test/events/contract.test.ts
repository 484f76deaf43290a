import { describe, expect, it } from 'vitest';
import { checkEvent, eventTypes } from '../../src/events/contract.ts';
import { validateEvents } from '../../src/events/validate-events.ts';

const base = { id: 'e1', timestamp: '2026-11-10T10:00:00+01:00', botId: 'support-bot', conversationId: 'c1' };
const problem = (candidate: unknown) => {
  const r = checkEvent(candidate);
  return r.ok ? undefined : `${r.problem.path}: ${r.problem.message}`;
};

describe('the ingest contract', () => {
  it('accepts a minimal event of every type', () => {
    const required: Record<string, Record<string, unknown>> = {
      'intent.detected': { intent: 'x' },
      'step.reached': { flow: 'f', step: 's' },
      'goal.completed': { goal: 'g' },
      csat: { score: 5 },
      sentiment: { score: -1 },
      'cta.clicked': { cta: 'c' },
      delivery: { status: 'delivered' },
      'llm.call': { model: 'gpt-4o' },
      'tool.call': { tool: 'lookup_order' },
      score: { name: 'faithfulness', value: 0.9 },
    };
    for (const type of eventTypes) expect(problem({ ...base, type, ...required[type] }), type).toBeUndefined();
  });

  it('names the field and what it expects', () => {
    expect(problem({ ...base, type: 'message.received', timestamp: '2026-11-10 10:00' })).toBe('timestamp: expected ISO-8601 date-time with offset or Z');
    expect(problem({ ...base, type: 'message.received', timestamp: '2026-11-10T10:00:00' })).toBe('timestamp: expected ISO-8601 date-time with offset or Z');
    expect(problem({ ...base, type: 'message.sent', latencyMs: -1 })).toBe('latencyMs: expected a whole number of milliseconds ≥ 0');
    expect(problem({ ...base, type: 'message.sent', ctas: ['ok', 3] })).toBe('ctas.1: expected a string of 1–256 characters');
    expect(problem({ ...base, type: 'intent.detected', intent: 'x', confidence: 1.5 })).toBe('confidence: expected a number from 0 to 1');
    expect(problem({ ...base, type: 'conversion', currency: 'euro' })).toBe('currency: expected an ISO-4217 currency code such as EUR');
    expect(problem({ ...base, type: 'conversation.ended', outcome: 'great' })).toBe('outcome: expected success, mixed or unsuccessful');
    expect(problem({ ...base, type: 'delivery', status: 'read' })).toBe('status: expected sent, delivered, rejected, expired or undeliverable');
    expect(problem({ ...base, type: 'message.received', id: '' })).toBe('id: expected a string of 1–128 characters');
    expect(problem({ ...base, type: 'message.received', conversationId: undefined })).toBe('conversationId: required: expected a string of 1–256 characters');
    expect(problem({ ...base })).toMatch(/^type: missing event type; expected one of/);
  });

  it('checks the LLM event fields (contract v1.1)', () => {
    expect(problem({ ...base, type: 'llm.call' })).toBe('model: required: expected a string of 1–256 characters');
    expect(problem({ ...base, type: 'llm.call', model: 'm', inputTokens: 1.5 })).toBe('inputTokens: expected a whole number of tokens ≥ 0');
    expect(problem({ ...base, type: 'llm.call', model: 'm', costUsd: -0.01 })).toBe('costUsd: expected a cost in US dollars ≥ 0');
    expect(problem({ ...base, type: 'llm.call', model: 'm', inputTokens: 10, cachedInputTokens: 11 })).toBe(
      'cachedInputTokens: expected at most inputTokens (cached input tokens are part of the input tokens)',
    );
    expect(problem({ ...base, type: 'tool.call', tool: 't', latencyMs: -3 })).toBe('latencyMs: expected a whole number of milliseconds ≥ 0');
    expect(problem({ ...base, type: 'llm.call', model: 'm', provider: 'openai', inputTokens: 10, cachedInputTokens: 4, outputTokens: 3, latencyMs: 800, error: 'timeout', costUsd: 0 })).toBeUndefined();
  });

  it('checks named scores (contract v1.2): a name, and a number, a label or both', () => {
    expect(problem({ ...base, type: 'score', value: 0.9 })).toBe('name: required: expected a string of 1–128 characters');
    expect(problem({ ...base, type: 'score', name: '', value: 0.9 })).toBe('name: expected a string of 1–128 characters');
    expect(problem({ ...base, type: 'score', name: 'faithfulness' })).toBe('value: required: expected a number value, a label, or both');
    expect(problem({ ...base, type: 'score', name: 'faithfulness', value: 'high' })).toBe('value: expected a finite number');
    expect(problem({ ...base, type: 'score', name: 'faithfulness', value: Number.NaN, label: 'pass' })).toBe('value: expected a finite number');
    expect(problem({ ...base, type: 'score', name: 'user_feedback', label: 'x'.repeat(129) })).toBe('label: expected a string of 1–128 characters');
    expect(problem({ ...base, type: 'score', name: 'user_feedback', label: 'thumbs_down', comment: 'x'.repeat(2001) })).toBe('comment: expected a string of 1–2000 characters');
    expect(problem({ ...base, type: 'score', name: 'user_feedback', label: 'thumbs_down' })).toBeUndefined();
    expect(problem({ ...base, type: 'score', name: 'helpfulness', value: -1 })).toBeUndefined();

    const { rows } = validateEvents([{ ...base, type: 'score', name: 'faithfulness', value: 0.25, label: 'fail', comment: 'unsupported claim' }], { storeMessageText: false });
    expect(rows[0]).toMatchObject({ type: 'score', score_name: 'faithfulness', score_label: 'fail', value: 0.25, attrs: { comment: 'unsupported claim' } });
    // The same field names on other types fill no score column.
    const { rows: other } = validateEvents([{ ...base, type: 'resolved', name: 'x', label: 'y' }], { storeMessageText: false });
    expect(other[0]).toMatchObject({ score_name: null, score_label: null, attrs: { name: 'x', label: 'y' } });
  });

  it('refuses timestamps far in the future or before 2000', () => {
    const now = new Date('2026-11-10T00:00:00Z');
    const { rejected } = validateEvents(
      [
        { ...base, type: 'resolved', timestamp: '2026-11-12T00:00:00Z' },
        { ...base, type: 'resolved', timestamp: '1999-12-31T23:59:59Z' },
        { ...base, type: 'resolved', timestamp: '2026-11-10T23:00:00Z' },
      ],
      { storeMessageText: false, now },
    );
    expect(rejected.map((r) => `${r.index} ${r.path}: ${r.message}`)).toEqual([
      '0 timestamp: is more than 24 hours in the future; check the sender’s clock',
      '1 timestamp: is before 2000-01-01',
    ]);
  });

  it('keeps unknown fields and stores timestamps in UTC', () => {
    const { rows } = validateEvents([{ ...base, type: 'handoff', queue: 'billing', custom: 1 }], { storeMessageText: false });
    expect(rows[0]).toMatchObject({ ts: '2026-11-10T09:00:00.000Z', attrs: { queue: 'billing', custom: 1 } });
  });
});

describe('text Postgres cannot store', () => {
  it('refuses NUL and broken Unicode in contract fields, and repairs it in extra fields', () => {
    expect(problem({ ...base, type: 'message.received', conversationId: 'a\u0000b' })).toBe('conversationId: expected text without NUL characters or broken Unicode');
    expect(problem({ ...base, type: 'goal.completed', goal: 'x\ud800' })).toBe('goal: expected text without NUL characters or broken Unicode');
    const { rows } = validateEvents([{ ...base, type: 'resolved', note: 'a\u0000\udc00', ['k\u0000']: ['\ud800'] }], { storeMessageText: false });
    expect(rows[0]?.attrs).toEqual({ note: 'a\uFFFD\uFFFD', 'k\uFFFD': ['\uFFFD'] });
  });
});

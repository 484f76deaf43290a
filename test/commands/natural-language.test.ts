import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/commands/command.ts';
import { formatCommand } from '../../src/commands/format-command.ts';
import { understandCommand } from '../../src/commands/natural/understand.ts';
import { parseCommand } from '../../src/commands/parse-command.ts';
import { metricCatalog } from '../../src/metrics/catalog.ts';

interface Corpus {
  now: string;
  timeZone: string;
  knownBots: string[];
  phrasings: { say: string; means: string }[];
  asks: { say: string; readings: string[] }[];
}
const corpus = JSON.parse(fs.readFileSync(new URL('../fixtures/commands/phrasings.json', import.meta.url), 'utf8')) as Corpus;
const options = { now: new Date(corpus.now), timeZone: corpus.timeZone, knownBots: corpus.knownBots };

/** What a text was understood as, written canonically. */
function canonicalOf(text: string): string {
  const u = understandCommand(text, options);
  if (u.kind === 'command') return u.canonical ?? formatCommand(u.command);
  return u.kind === 'ask' ? `ask: ${u.readings.map((r) => r.text).join(' | ')}` : `mistake: ${u.mistake.message}`;
}

describe('asking in plain words', () => {
  it('has a corpus of at least 200 phrasings', () => {
    expect(corpus.phrasings.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.phrasings.map((p) => p.say)).size).toBe(corpus.phrasings.length);
  });

  it.each(corpus.phrasings)('reads "$say" as `$means`', ({ say, means }) => {
    expect(canonicalOf(say)).toBe(means);
    // The canonical form is a command of the exact grammar, and parses to itself.
    const parsed = parseCommand(means);
    expect(parsed.name).not.toBe('mistake');
    expect(formatCommand(parsed as Command)).toBe(means);
  });

  it('asks which reading was meant when a phrase has several', () => {
    for (const { say, readings } of corpus.asks) {
      const u = understandCommand(say, options);
      expect(u, say).toMatchObject({ kind: 'ask' });
      if (u.kind === 'ask') expect(u.readings.map((r) => r.text)).toEqual(readings);
    }
  });

  it('shows the canonical form only for what it interpreted', () => {
    expect(understandCommand('handoff support-bot last-week by:channel', options)).toEqual({ kind: 'command', command: parseCommand('handoff support-bot last-week by:channel') });
    expect(understandCommand('handoff rate for support-bot last week by channel', options)).toMatchObject({ kind: 'command', canonical: 'handoff support-bot last-week by:channel' });
  });

  it('reads "by model" and "per provider" for the LLM metrics', () => {
    expect(understandCommand('tokens per conversation for support-bot last week by model', options)).toMatchObject({ kind: 'command', command: { metric: 'llm_tokens_per_conversation', by: 'model' } });
    expect(understandCommand('llm_cost support-bot per provider', options)).toMatchObject({ kind: 'command', command: { metric: 'llm_cost_per_conversation', by: 'provider' } });
  });

  it('still names unknown words with the nearest suggestion', () => {
    expect(canonicalOf('handof support-bot')).toBe('mistake: unknown command or metric "handof" — did you mean handoff_rate?');
    expect(canonicalOf('handoff rate for suport-bot')).toBe('mistake: I did not understand "suport-bot" — did you mean support-bot?');
    expect(canonicalOf('show me the blorps for support-bot')).toBe('mistake: I did not understand "blorps"');
    expect(canonicalOf('sumary')).toBe('mistake: unknown command or metric "sumary" — did you mean summary?');
  });

  it('without a list of bots, takes unknown slugs for bots but never filler words', () => {
    const bare = { now: options.now, timeZone: 'UTC' };
    const u = understandCommand('handoff rate for support-bot last week by channel', bare);
    expect(u).toMatchObject({ kind: 'command', canonical: 'handoff support-bot last-week by:channel' });
  });

  it('reads natural windows in the asker’s zone', () => {
    // 2026-12-03 00:30 in Tokyo is still 2 December in UTC.
    const tokyo = { now: new Date('2026-12-02T15:30:00Z'), timeZone: 'Asia/Tokyo', knownBots: ['support-bot'] };
    expect(understandCommand('handoff since monday', tokyo)).toMatchObject({ canonical: 'handoff 2026-11-30..2026-12-03' });
    expect(understandCommand('handoff since monday', { ...tokyo, timeZone: 'UTC' })).toMatchObject({ canonical: 'handoff 2026-11-30..2026-12-02' });
    expect(understandCommand('handoff on monday', { ...tokyo, now: new Date('2026-11-30T12:00:00Z') })).toMatchObject({ canonical: 'handoff 2026-11-23' });
  });
});

const word = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/);
const bot = fc.constantFrom('support-bot', 'sales-bot', 'b1', 'leadgen_bot');
const scope = fc.record({
  bots: fc.uniqueArray(bot, { maxLength: 2 }),
  window: fc.option(fc.constantFrom('7d', '24h', '2w', 'today', 'yesterday', 'this-week', 'last-week', 'this-month', 'last-month', '2026-11-01..2026-11-15', '2026-11-03'), { nil: undefined }),
  timeZone: fc.option(fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC'), { nil: undefined }),
  versions: fc.array(fc.constantFrom('3.3.0', '3.2.0', 'v2-beta'), { maxLength: 1 }),
  channels: fc.array(fc.constantFrom('web', 'whatsapp'), { maxLength: 1 }),
  intents: fc.array(fc.constantFrom('billing', 'Order_Status'), { maxLength: 1 }),
  flows: fc.array(fc.constantFrom('checkout', 'demo_request'), { maxLength: 1 }),
}).map((s) => {
  const out = { ...s } as Record<string, unknown>;
  if (s.window === undefined) delete out.window;
  if (s.timeZone === undefined) delete out.timeZone;
  return out as unknown as Extract<Command, { name: 'summary' }>['scope'];
});
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ name: fc.constantFrom('summary' as const, 'funnel' as const, 'outcomes' as const, 'channels' as const, 'intents' as const), scope }),
  fc.record({ name: fc.constant('metric' as const), metric: fc.constantFrom(...metricCatalog.map((m) => m.id)), scope, by: fc.option(fc.constantFrom('hour', 'day', 'week', 'channel', 'version', 'intent', 'bot') as fc.Arbitrary<'day'>, { nil: undefined }) }).map((c) => {
    if (c.by === undefined) delete (c as { by?: string }).by;
    return c;
  }),
  fc.record({ name: fc.constant('list' as const), scope, metric: fc.option(fc.constantFrom('drop_off_rate', 'handoff_rate'), { nil: undefined }), outcome: fc.option(fc.constantFrom('handoff' as const, 'dropped' as const, 'in-progress' as const), { nil: undefined }), step: fc.option(fc.constantFrom('s1', 'Contact_Form'), { nil: undefined }) }).map((c) => {
    const out: Record<string, unknown> = { ...c };
    for (const key of ['metric', 'outcome', 'step']) if (out[key] === undefined) delete out[key];
    return out as unknown as Command;
  }),
  fc.record({ name: fc.constant('compare' as const), a: fc.record({ bot: fc.constant('support-bot'), version: fc.constant('3.2.0') }), b: fc.record({ bot: bot, version: fc.constant('3.3.0') }), scope: scope.map((s) => ({ ...s, bots: [] })) }),
);

describe('the grammar’s properties', () => {
  it('canonical commands parse to themselves, exactly and when understood', () => {
    fc.assert(
      fc.property(command, fc.boolean(), (c, withBots) => {
        const text = formatCommand(c);
        expect(parseCommand(text)).toEqual(c);
        expect(formatCommand(parseCommand(text) as Command)).toBe(text);
        const u = understandCommand(text, { now: options.now, timeZone: 'UTC', ...(withBots ? { knownBots: ['support-bot', 'sales-bot', 'b1', 'leadgen_bot'] } : {}) });
        expect(u).toEqual({ kind: 'command', command: c });
      }),
      { numRuns: 400 },
    );
  });

  it('understands any input without throwing', () => {
    const vocabulary = fc.constantFrom('how', 'is', 'doing', 'where', 'drop', 'off', 'in', 'last', 'week', 'since', 'monday', 'by', 'per', 'channel', 'vs', 'than', 'worse', '3.3.0', 'support-bot', 'rate', 'the', 'compare', 'messages', 'intent', 'flow', 'from', '2026-11-01', 'to', 'past', '3', 'days', '@', 'x@', ':', 'tz:', 'Europe/Berlin', 'may');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.oneof(vocabulary, word), { maxLength: 14 }).map((w) => w.join(' ')), fc.anything()), fc.boolean(), (input, withBots) => {
        const u = understandCommand(input, { now: options.now, timeZone: 'UTC', ...(withBots ? { knownBots: corpus.knownBots } : {}) });
        expect(['command', 'mistake', 'ask']).toContain(u.kind);
        if (u.kind === 'command' && u.canonical !== undefined) expect(parseCommand(u.canonical)).toEqual(u.command);
      }),
      { numRuns: 1500 },
    );
  });
});

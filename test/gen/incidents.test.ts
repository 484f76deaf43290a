import { describe, expect, it } from 'vitest';
import { generateConversations } from '../../src/gen/generate-events.ts';
import { incidentEffect, parseIncident } from '../../src/gen/incidents.ts';
import type { GenIncident } from '../../src/gen/incidents.ts';

const end = new Date('2026-11-14T00:00:00Z');
const period = { start: new Date('2026-10-15T00:00:00Z'), end };
const bots = ['support-bot', 'leadgen-bot', 'bookings-bot'];
const parse = (text: string) => parseIncident(text, { period, bots });

describe('botwatch gen --incident', () => {
  it('reads kind, bot, start (UTC), duration and size', () => {
    expect(parse('handoff-spike@support-bot:2026-11-10T10:00:1h:x2.5')).toEqual({ kind: 'handoff-spike', botId: 'support-bot', at: { start: new Date('2026-11-10T10:00:00Z'), end: new Date('2026-11-10T11:00:00Z') }, size: 2.5 });
    expect(parse('volume-drop:2026-11-11T14:00Z:90m:x0.3')).toMatchObject({ kind: 'volume-drop', botId: null, size: 0.3 });
    expect(parse('slow-drift@leadgen-bot:2026-11-12T08:00:1d:x2').at.end).toEqual(new Date('2026-11-13T08:00:00Z'));
  });

  it('says what is wrong with a bad one', () => {
    expect(() => parse('handoff-spike')).toThrow(/expected <kind>\[@bot\]:<start/);
    expect(() => parse('outage:2026-11-10T10:00:1h:x2')).toThrow('unknown kind "outage"; give one of handoff-spike, volume-drop, latency-rise, slow-drift');
    expect(() => parse('handoff-spike@sales-bot:2026-11-10T10:00:1h:x2')).toThrow('no generated bot "sales-bot"');
    expect(() => parse('handoff-spike:2026-11-13T23:00:2h:x2')).toThrow(/is not inside the generated period 2026-10-15T00:00 to 2026-11-14T00:00/);
    expect(() => parse('handoff-spike:2026-11-10T10:00:5m:x2')).toThrow('the duration must be 15m to 7d, not 5m');
    expect(() => parse('volume-drop:2026-11-10T10:00:1h:x2')).toThrow('a volume drop keeps a share of the conversations: give x0.05 to x0.95, not x2');
    expect(() => parse('latency-rise:2026-11-10T10:00:1h:x0.5')).toThrow('a latency-rise multiplies: give x1.1 to x20, not x0.5');
    expect(() => parse('latency-rise:2026-13-10T10:00:1h:x2')).toThrow('is not a date and time');
  });

  it('a drift grows from nothing to its full size', () => {
    const drift: GenIncident = parse('slow-drift@support-bot:2026-11-12T08:00:10h:x3');
    expect(incidentEffect([drift], 'support-bot', drift.at.start.getTime()).handoff).toBe(1);
    expect(incidentEffect([drift], 'support-bot', drift.at.start.getTime() + 5 * 3_600_000).handoff).toBeCloseTo(2);
    expect(incidentEffect([drift], 'leadgen-bot', drift.at.start.getTime() + 5 * 3_600_000).handoff).toBe(1);
  });

  it('plants them in the generated events and leaves everything else as it was', () => {
    const window = { start: new Date('2026-11-10T08:00:00Z'), end: new Date('2026-11-10T20:00:00Z') };
    const incidents = [
      parse('handoff-spike@support-bot:2026-11-10T08:00:12h:x3'),
      parse('latency-rise@leadgen-bot:2026-11-10T08:00:12h:x4'),
      parse('volume-drop@bookings-bot:2026-11-10T08:00:12h:x0.3'),
    ];
    const generate = (planted: readonly GenIncident[]) => [...generateConversations({ conversations: 12_000, days: 30, end, seed: 5, incidents: planted })];
    const [plain, planted] = [generate([]), generate(incidents)];
    const inWindow = (c: { timestamp: string }[]) => new Date(c[0]!.timestamp) >= window.start && new Date(c[0]!.timestamp) < window.end;
    const of = (list: typeof plain, bot: string, inside: boolean) => list.filter((c) => c[0]!.botId === bot && inWindow(c) === inside);
    // Outside the incidents, byte for byte the same conversations.
    for (const bot of bots) expect(JSON.stringify(of(planted, bot, false))).toBe(JSON.stringify(of(plain, bot, false)));
    const handoffShare = (list: typeof plain) => list.filter((c) => c.some((e) => e.type === 'handoff')).length / list.length;
    expect(handoffShare(of(planted, 'support-bot', true))).toBeGreaterThan(2 * handoffShare(of(plain, 'support-bot', true)));
    const meanLatency = (list: typeof plain) => {
      const l = list.flat().filter((e) => e.type === 'message.sent').map((e) => Number(e.latencyMs));
      return l.reduce((a, b) => a + b, 0) / l.length;
    };
    expect(meanLatency(of(planted, 'leadgen-bot', true)) / meanLatency(of(plain, 'leadgen-bot', true))).toBeCloseTo(4, 0);
    const kept = of(planted, 'bookings-bot', true).length / of(plain, 'bookings-bot', true).length;
    expect(kept).toBeGreaterThan(0.15);
    expect(kept).toBeLessThan(0.45);
  });
});

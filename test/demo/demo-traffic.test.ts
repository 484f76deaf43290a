import { describe, expect, it } from 'vitest';
import { defaultDemoPlan, demoBotIds } from '../../src/demo/demo-plan.ts';
import { DemoTraffic } from '../../src/demo/demo-traffic.ts';
import { validateEvents } from '../../src/events/validate-events.ts';

const anchor = new Date('2026-11-23T10:17:00Z');
const plan = { ...defaultDemoPlan, anchor };
const hourMs = 3_600_000;
const month = { startedFrom: anchor.getTime() - 30 * 24 * hourMs, startedBefore: anchor.getTime(), after: Number.NEGATIVE_INFINITY, through: anchor.getTime() };

describe('demo traffic', () => {
  it('passes ingest validation: every event of the default month', () => {
    let events = 0;
    const rejected: string[] = [];
    const types = new Set<string>();
    for (const conversation of new DemoTraffic(plan).events(month)) {
      const result = validateEvents(conversation, { storeMessageText: false, now: anchor });
      events += conversation.length;
      for (const r of result.rejected) rejected.push(`${r.path}: ${r.message} in ${JSON.stringify(conversation[r.index])}`);
      for (const e of conversation) types.add(e.type);
    }
    expect(rejected).toEqual([]);
    // 1,000 conversations a day of ≈ 12.5 events, give or take the weekly rhythm.
    expect(events).toBeGreaterThan(300_000);
    expect(events).toBeLessThan(450_000);
    expect([...types].sort()).toEqual(
      ['conversation.started', 'message.received', 'message.sent', 'intent.detected', 'cta.clicked', 'handoff', 'resolved', 'conversation.ended', 'sentiment', 'csat', 'followup.sent', 'step.reached', 'lead.captured', 'goal.completed', 'conversion', 'delivery'].sort(),
    );
  });

  it('is the same for the same plan, and an hour is the same whether generated alone or as part of a range', () => {
    const first = [...new DemoTraffic(plan).events({ ...month, startedFrom: anchor.getTime() - 6 * hourMs })];
    const again = [...new DemoTraffic(plan).events({ ...month, startedFrom: anchor.getTime() - 6 * hourMs })];
    expect(again).toEqual(first);
    const hourStart = Math.floor(anchor.getTime() / hourMs) * hourMs - 3 * hourMs;
    const alone = new DemoTraffic(plan).hour(hourStart).map((c) => c.events);
    const fromRange = first.filter((c) => Date.parse(c[0]!.timestamp) >= hourStart && Date.parse(c[0]!.timestamp) < hourStart + hourMs);
    expect(fromRange.length).toBeGreaterThan(0);
    expect(fromRange).toEqual(alone.filter((c) => Date.parse(c[0]!.timestamp) <= anchor.getTime()));
  });

  it('differs with another seed', () => {
    const hourStart = Math.floor(anchor.getTime() / hourMs) * hourMs - hourMs;
    const a = new DemoTraffic(plan).hour(hourStart);
    const b = new DemoTraffic({ ...plan, seed: 2 }).hour(hourStart);
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
  });

  it('gives each bot its share and a daily rhythm (busy afternoons, quiet nights)', () => {
    const traffic = new DemoTraffic(plan);
    const perBot = new Map<string, number>();
    const byUtcHour = Array.from({ length: 24 }, () => 0);
    for (let h = 0; h < 14 * 24; h++) {
      const hourStart = Date.UTC(2026, 10, 2) + h * hourMs;
      for (const c of traffic.hour(hourStart)) {
        const bot = String(c.events[0]!.botId);
        perBot.set(bot, (perBot.get(bot) ?? 0) + 1);
        byUtcHour[new Date(hourStart).getUTCHours()]! += 1;
      }
    }
    const total = [...perBot.values()].reduce((a, b) => a + b, 0);
    expect([...perBot.keys()].sort()).toEqual([...demoBotIds].sort());
    // Two weeks at 1,000 a day on average (weekends are quieter, the mean over a week is 1,000).
    expect(total / 14).toBeGreaterThan(900);
    expect(total / 14).toBeLessThan(1_100);
    expect((perBot.get('support-bot') ?? 0) / total).toBeCloseTo(0.45, 1);
    // 14:00 UTC is mid-afternoon in Central Europe, 02:00 UTC the dead of night.
    expect(byUtcHour[14]!).toBeGreaterThan(5 * byUtcHour[2]!);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameLocalTimeWeeksBefore } from '../../src/anomaly/week-shift.ts';
import { queryFiringPeriods } from '../../src/anomaly/firing-periods.ts';
import { unusualNotes } from '../../src/digests/content/unusual-section.ts';
import { silentLogger } from '../../src/log.ts';
import { renderChartPng } from '../../src/charts/render-chart-png.ts';
import { addConversations, addedId, alertsHarness, postedFor, ruleState, spread, TestClock } from '../helpers/alerts-harness.ts';
import type { AlertsHarness } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const zone = 'Europe/Berlin';
// Tuesday 31 Mar 2026, 11:00 in Berlin (CEST, after the DST change on 29 Mar): the previous four
// Tuesdays' 09:00–13:00 were in CET, an hour apart in UTC; the baseline still lines them up.
const now = new Date('2026-03-31T09:00:00Z');
const env = { BOTWATCH_TZ: zone };

/** 60 conversations an hour over 09:00–13:00 local on the given Tuesdays, about 14 % handed off. */
async function addUsualTuesdays(t: TestDatabase, bot: string, weeks: number): Promise<void> {
  const nineLocal = new Date(now.getTime() - 2 * 3_600_000);
  const handoffsByWeek = [8, 9, 7, 10, 8];
  for (let k = 1; k <= weeks; k++) {
    const start = sameLocalTimeWeeksBefore(nineLocal, k, zone);
    for (let hour = 0; hour < 4; hour++) {
      const from = new Date(start.getTime() + hour * 3_600_000);
      await addConversations(t.db, bot, spread(`${bot}-w${k}-h${hour}`, from, 60, 60, (i) => i < handoffsByWeek[(k + hour) % 5]!).map((c) => ({ ...c, ended: true })));
    }
  }
}

describe(`anomaly rules (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    await addUsualTuesdays(t, 'spike-bot', 4);
    await addUsualTuesdays(t, 'young-bot', 2);
  });
  afterAll(() => t?.close());

  it('fires once across two replicas on a hand-off spike, says it in words with the usual band, and recovers in the thread', async () => {
    const clock = new TestClock(now);
    const [a, b] = [alertsHarness(t.db, clock, { env }), alertsHarness(t.db, clock, { env })] as [AlertsHarness, AlertsHarness];
    // This hour: 90 conversations, 28 handed off (31 %).
    await addConversations(t.db, 'spike-bot', spread('spike', new Date(now.getTime() - 3_600_000), 59, 90, (i) => i % 16 < 5 && i < 90).map((c) => ({ ...c, ended: true })));
    const added = await a.ask('alert add handoff_rate anomaly spike-bot');
    const id = addedId(added);
    expect(added.title).toBe(`Alert #${id} added: hand-off unusually high (medium sensitivity) · spike-bot · last hour`);
    expect(added.text).toContain('Usual: the median of the same local hours (Europe/Berlin) in up to 8 previous weeks');
    expect(added.notes.at(-1)).toMatch(/^Now: hand-off \d+(\.\d)? % \(\d+ of 90\) over the last hour; usually [\d.]+–[\d.]+ % on Tuesdays 10:00–11:00 — outside the band\.$/);

    await Promise.all([a.tick(), b.tick()]);
    expect(await ruleState(t.db, id)).toBe('pending');
    clock.advanceMinutes(1);
    await Promise.all([a.tick(), b.tick()]);
    expect(await ruleState(t.db, id)).toBe('firing');
    const posted = [...postedFor(a, id), ...postedFor(b, id)];
    expect(posted).toHaveLength(1);
    const firing = posted[0]!.reply;
    expect(firing.title).toBe('Human hand-off rate unusually high — spike-bot');
    expect(firing.text).toMatch(/^hand-off \d+(\.\d)? % \(\d+ of \d+\) over the last hour; usually (\d+(\.\d)?)–(\d+(\.\d)?) % on Tuesdays 10:01–11:01\.\nOutside its usual band for 1 min/);
    const band = firing.chart?.kind === 'timeseries' ? firing.chart.band : undefined;
    expect(band?.label).toBe('usual (medium sensitivity)');
    // The last day has a band at the hours the previous weeks had conversations (09:00–13:00 local), none elsewhere.
    expect(band?.points.filter((p) => p.high !== null).length).toBeGreaterThanOrEqual(1);
    expect(band?.points.filter((p) => p.high === null).length).toBeGreaterThan(12);
    if (process.env.ANOMALY_PNG) (await import('node:fs')).writeFileSync(process.env.ANOMALY_PNG, (await renderChartPng(firing.chart!)).png);
    const [, low, high] = /usually (\d+(?:\.\d)?)–(\d+(?:\.\d)?) %/.exec(firing.text ?? '') ?? [];
    expect(Number(low)).toBeLessThan(14);
    expect(Number(high)).toBeGreaterThan(14);
    expect(Number(high)).toBeLessThan(30);

    // The next hour is usual again (8 of 60): it clears, in the firing message's thread.
    await addConversations(t.db, 'spike-bot', spread('calm', new Date(now.getTime() + 5 * 60_000), 55, 60, (i) => i < 8).map((c) => ({ ...c, ended: true })));
    clock.set(new Date(now.getTime() + 61 * 60_000));
    await Promise.all([a.tick(), b.tick()]);
    expect(await ruleState(t.db, id)).toBe('ok');
    // Either replica may have posted either message: which one claimed each is not fixed.
    const all = [...postedFor(a, id), ...postedFor(b, id)];
    expect(all.map((d) => d.reply.title).sort()).toEqual(['Human hand-off rate unusually high — spike-bot', 'Recovered: Human hand-off rate unusually high — spike-bot']);
    const recovered = all.find((d) => d.reply.title?.startsWith('Recovered') === true);
    expect(recovered?.options?.inReplyTo).toBeDefined();
    expect(recovered?.reply.text).toMatch(/Back within its usual band/);

    // The firing period is what later baselines leave out (from the window that led to it).
    const periods = await queryFiringPeriods(t.db, new Date(now.getTime() - 86_400_000), clock.now());
    expect(periods).toEqual([{ metric: 'handoff_rate', botId: 'spike-bot', start: new Date(now.getTime() + 60_000 - 3_600_000), end: clock.now() }]);
  });

  it('is learning with fewer than three weeks of history, and never fires', async () => {
    const clock = new TestClock(now);
    const h = alertsHarness(t.db, clock, { env });
    await addConversations(t.db, 'young-bot', spread('young-spike', new Date(now.getTime() - 3_600_000), 59, 60, (i) => i < 50).map((c) => ({ ...c, ended: true })));
    const id = addedId(await h.ask('alert add handoff_rate anomaly young-bot sensitivity:high for:0m'));
    await h.tick();
    expect(await ruleState(t.db, id)).toBe('no_data');
    const list = await h.ask('alert list');
    expect(list.table?.rows.find((r) => r.rule?.startsWith(`#${id} `))?.now).toBe('learning (2 of 3 weeks)');
    expect(postedFor(h, id)).toHaveLength(0);
  });

  it('a night spike of two conversations does not fire', async () => {
    const night = new Date('2026-03-31T01:00:00Z'); // 03:00 in Berlin
    const clock = new TestClock(night);
    const h = alertsHarness(t.db, clock, { env });
    await addConversations(t.db, 'spike-bot', spread('night', new Date(night.getTime() - 30 * 60_000), 20, 2, () => true).map((c) => ({ ...c, ended: true })));
    const id = addedId(await h.ask('alert add handoff_rate anomaly spike-bot for:0m'));
    await h.tick();
    expect(await ruleState(t.db, id)).toBe('no_data');
    expect(postedFor(h, id)).toHaveLength(0);
  });

  it('anomalies ranks what is outside its band in words, and the digest section says the same', async () => {
    const h = alertsHarness(t.db, new TestClock(now), { env });
    const reply = await h.ask('anomalies spike-bot 1h');
    expect(reply.title).toBe("What's unusual — spike-bot");
    const lines = (reply.text ?? '').split('\n');
    const handoffLine = lines.find((l) => l.startsWith('spike-bot: hand-off'));
    expect(handoffLine).toMatch(/^spike-bot: hand-off 33\.3 % \(30 of 90\) over the last hour — higher than usual \(usually [\d.]+–[\d.]+ % on Tuesdays 10:00–11:00\)$/);
    // The contained share moved with it, the other way.
    expect(lines.some((l) => /^spike-bot: containment 66\.7 % \(60 of 90\) over the last hour — lower than usual/.test(l))).toBe(true);
    expect(reply.notes[0]).toMatch(/^\d+ of \d+ rates, volumes and reply times compared with their usual band are outside it/);

    const all = await h.ask('anomalies 1h');
    expect(all.notes.join('\n')).toContain('Still learning what is usual (fewer than 3 weeks of history): young-bot.');

    // A usual hour: nothing to say.
    const window = { start: new Date(now.getTime() - 3 * 3_600_000), end: new Date(now.getTime() - 2 * 3_600_000) };
    const calm = await unusualNotes(t.db, ['spike-bot'], window, { timeZone: zone, now, idleMinutes: 30, logger: silentLogger });
    expect(calm).toEqual(["What's unusual: nothing unusual."]);
    const spiky = await unusualNotes(t.db, ['spike-bot'], { start: new Date(now.getTime() - 3_600_000), end: now }, { timeZone: zone, now, idleMinutes: 30, logger: silentLogger });
    expect(spiky[0]).toMatch(/^What's unusual: \d+ rates, volumes and reply times are outside the usual band/);
    expect(spiky.slice(1)).toEqual(lines.slice(0, 5).map((l) => `Unusual: ${l}.`));
  });

  it('says what is wrong with an anomaly rule', async () => {
    const h = alertsHarness(t.db, new TestClock(now), { env });
    expect((await h.ask('alert add llm_tokens_per_conversation anomaly spike-bot')).title).toMatch(/^anomaly rules watch rates .* llm_tokens_per_conversation is none of these/);
    expect((await h.ask('alert add handoff_rate anomaly spike-bot direction:sideways')).title).toBe('direction:sideways — give direction:up, direction:down or direction:both');
    expect((await h.ask('alert add handoff_rate anomaly spike-bot sensitivity:extreme')).title).toBe('sensitivity:extreme — give sensitivity:low, sensitivity:medium or sensitivity:high');
    expect((await h.ask('alert add conversations anomaly spike-bot min:5')).title).toMatch(/^min: does not apply/);
    expect((await h.ask('alert add conversations anomaly spike-bot tz:Mars/Olympus')).title).toMatch(/^tz:Mars\/Olympus is not a time zone/);
    const volume = await h.ask('alert add conversations anomaly spike-bot direction:down');
    expect(volume.title).toMatch(/^Alert #\d+ added: conversations unusually low \(medium sensitivity\) · spike-bot · last hour$/);
  });
});

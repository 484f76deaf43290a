import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Asker } from '../../src/chat/destination.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';
import { addDigest, adminIn, channel, endAllDigests, fewShopEvents, loadEvents, startReplica, TestClock } from './digest-harness.ts';
import type { Replica } from './digest-harness.ts';

let t: TestDatabase;
let clock: TestClock;
let replica: Replica;
beforeAll(async () => {
  t = await openTestDatabase();
  await loadEvents(t.db, fewShopEvents(), new Date('2026-11-23T00:00:00Z'));
  clock = new TestClock('2026-11-24T10:00:00Z');
  replica = startReplica(t.db, clock.now, { name: 'r' });
});
afterEach(() => endAllDigests(t.db));
afterAll(() => t?.close());

const ops = channel('C-OPS', '#ops');
const member: Asker = { platform: 'slack', userId: 'U-MEMBER', isAdmin: false, destination: ops };
const ask = (text: string, asker: Asker = adminIn(ops)) => replica.ask(text, asker);

describe(`digest commands (${testEngine})`, () => {
  it.each([
    ['digest add', 'say how often: digest add daily 09:00 … or digest add weekly mon 09:00 …'],
    ['digest add dayly 09:00', 'unknown schedule "dayly" — did you mean daily?; a digest is daily or weekly'],
    ['digest add hourly 09:00', 'unknown schedule "hourly"; a digest is daily or weekly'],
    ['digest add daily', 'say when: a time of day as HH:MM (24-hour) after daily, e.g. digest add daily 09:00'],
    ['digest add daily 25:00', '"25:00" is not a time of day; use HH:MM in 24-hour time, e.g. 09:00 or 17:30'],
    ['digest add daily 9am', '"9am" is not a time of day; use HH:MM in 24-hour time, e.g. 09:00 or 17:30'],
    ['digest add daily 09:60', '"09:60" is not a time of day; use HH:MM in 24-hour time, e.g. 09:00 or 17:30'],
    ['digest add weekly 09:00', 'a weekly digest needs a day: mon, tue, wed, thu, fri, sat or sun (e.g. digest add weekly mon 09:00)'],
    ['digest add weekly mun 09:00', '"mun" is not a day of the week — did you mean mon?; use mon, tue, wed, thu, fri, sat or sun'],
    ['digest add daily 09:00 tz:Europe/Berlim', 'unknown time zone "Europe/Berlim" — did you mean Europe/Berlin?; use an IANA name such as Europe/Berlin or America/New_York'],
    ['digest add daily 09:00 tz:Berlin', 'unknown time zone "Berlin" — did you mean Europe/Berlin?; use an IANA name such as Europe/Berlin or America/New_York'],
    ['digest add daily 09:00 tz:Mars/Olympus', 'unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Berlin or America/New_York'],
    ['digest add daily 09:00 tz:', 'tz: needs a zone, e.g. tz:Europe/Berlin'],
    ['digest add daily 09:00 shop-bto', 'unknown bot "shop-bto" — did you mean shop-bot? (known: shop-bot)'],
    ['digest add daily 09:00 metrics:handof', 'unknown metric "handof" — did you mean handoff_rate? (/botwatch metrics lists them)'],
    ['digest add daily 09:00 metrics:', 'metrics: needs metric names, e.g. metrics:handoff,csat (/botwatch metrics lists them)'],
    ['digest add daily 09:00 colour:red', 'unknown option "colour:"; a digest takes tz:<IANA zone> and metrics:<metric,metric>'],
    ['digest add daily 09:00 10:00', '"10:00": give one time of day, right after daily'],
    ['digest remove', "digest remove needs the digest's number (digest list shows them), e.g. digest remove 3"],
    ['digest remove x', '"x" is not a digest number; digest list shows them'],
    ['digest remove 999', "there is no digest #999 (digest list shows the digests here, digest list all every channel's)"],
    ['digest lst', 'unknown digest command "lst" — did you mean digest list?'],
  ])('%s → a clear error', async (text, message) => {
    const reply = await ask(text);
    expect(reply).toMatchObject({ kind: 'error', title: message });
  });

  it('adds a digest to the channel it is typed in, showing the next three runs in its zone (across a DST change)', async () => {
    clock.set('2026-03-27T12:00:00Z');
    const reply = await ask('digest add daily 02:30 tz:europe/berlin shop-bot metrics:handoff,csat');
    expect(reply.kind).toBe('info');
    expect(reply.title).toMatch(/^Digest #\d+ added: daily 02:30 Europe\/Berlin$/);
    expect(reply.text).toBe('Next runs (Europe/Berlin):\n  Sat 28 Mar 02:30 CET\n  Sun 29 Mar 03:00 CEST\n  Mon 30 Mar 02:30 CEST');
    expect(reply.notes[0]).toBe("Posts the day before's figures for shop-bot (hand-off, CSAT) to #ops.");

    const weekly = await ask('digest add weekly Friday 17:30');
    expect(weekly.title).toMatch(/added: weekly Fri 17:30 UTC$/);
    expect(weekly.text).toBe('Next runs (UTC):\n  Fri 27 Mar 17:30 UTC\n  Fri 3 Apr 17:30 UTC\n  Fri 10 Apr 17:30 UTC');
    expect(await ask('digest add weekly fri 17:30')).toMatchObject({ kind: 'error', title: expect.stringMatching(/^digest #\d+ already posts this here \(weekly Fri 17:30 UTC\)$/) as unknown });
  });

  it('defaults the zone to BOTWATCH_TZ', async () => {
    const newYork = startReplica(t.db, clock.now, { name: 'ny', env: { BOTWATCH_TZ: 'America/New_York' } });
    expect((await newYork.ask('digest add daily 09:00', adminIn(ops))).title).toMatch(/added: daily 09:00 America\/New_York$/);
  });

  it('lists the digests of this channel with their next run and how the last one went', async () => {
    clock.set('2026-11-24T10:00:00Z');
    expect(await ask('digest list')).toMatchObject({ kind: 'info', title: 'No digests in #ops' });
    const daily = await addDigest(replica, 'daily 09:00 tz:Europe/Berlin', ops);
    const weekly = await addDigest(replica, 'weekly mon 08:00 tz:America/New_York shop-bot metrics:handoff', ops);
    await addDigest(replica, 'daily 07:00', channel('C-ELSEWHERE'));
    expect((await ask(`digest send ${daily}`)).title).toBe(`Digest #${daily} posted to #ops`);

    const list = await ask('digest list', member);
    expect(list.title).toBe('Digests in #ops');
    expect(list.table?.rows).toEqual([
      { id: String(daily), schedule: 'daily 09:00 Europe/Berlin', channel: '#ops (slack)', content: 'all bots · headline metrics', next: 'Wed 25 Nov 09:00 CET', last: 'delivered Tue 24 Nov 11:00 CET (sent by hand)' },
      { id: String(weekly), schedule: 'weekly Mon 08:00 America/New_York', channel: '#ops (slack)', content: 'shop-bot · hand-off', next: 'Mon 30 Nov 08:00 GMT-5', last: 'not run yet' },
    ]);
    expect(list.table?.columns.map((c) => c.key)).toEqual(['id', 'schedule', 'content', 'next', 'last']);
    const all = await ask('digest list all', member);
    expect(all.table?.rows).toHaveLength(3);
    expect(all.table?.columns.map((c) => c.key)).toContain('channel');
  });

  it('previews a digest to the asker only: a reply, nothing posted', async () => {
    const before = replica.deliverer.deliveries.length;
    const preview = await ask('digest preview', member);
    expect(preview).toMatchObject({ kind: 'digest', title: 'Preview: Daily digest — shop-bot' });
    expect(preview.notes.at(-1)).toBe('Preview of a daily digest of every bot as it would be posted now; nothing was posted to the channel.');
    const weekly = await ask('digest preview weekly shop-bot metrics:conversations tz:Asia/Tokyo', member);
    expect(weekly).toMatchObject({ kind: 'digest', title: 'Preview: Weekly digest — shop-bot', subtitle: expect.stringContaining('Asia/Tokyo') as unknown });
    expect(weekly.figures.map((f) => f.metric)).toEqual(['conversations']);
    const id = await addDigest(replica, 'daily 09:00 metrics:handoff', ops);
    expect((await ask('digest preview', member)).notes.at(-1)).toBe(`Preview of digest #${id} as it would be posted now; nothing was posted to the channel.`);
    await addDigest(replica, 'daily 10:00', ops);
    expect((await ask('digest preview', member)).title).toMatch(/^this channel has digests #\d+, #\d+: say which/);
    expect((await ask(`digest preview ${id}`, member)).figures.map((f) => f.metric)).toEqual(['handoff_rate']);
    expect((await ask('digest preview daily nobot', member)).title).toBe('unknown bot "nobot" (known: shop-bot)');
    expect(replica.deliverer.deliveries.length).toBe(before);
  });

  it('sends now, and says so when the channel is gone (and pauses the digest)', async () => {
    const id = await addDigest(replica, 'daily 09:00', ops);
    const before = replica.deliverer.delivered().length;
    expect(await ask(`digest send #${id}`)).toMatchObject({ kind: 'info', title: `Digest #${id} posted to #ops` });
    expect(replica.deliverer.delivered()).toHaveLength(before + 1);
    expect(replica.deliverer.delivered().at(-1)?.reply.kind).toBe('digest');

    replica.deliverer.failNext({ ok: false, kind: 'gone', reason: 'not_in_channel' });
    const gone = await ask(`digest send ${id}`);
    expect(gone).toMatchObject({ kind: 'error', title: `Digest #${id} was not posted to #ops` });
    expect(gone.text).toBe(`#ops: botwatch can no longer post there (not_in_channel)\nThe digest is paused. Add botwatch back to #ops, then /botwatch digest resume ${id}.`);
    expect((await ask('digest list')).table?.rows[0]?.next).toBe('paused');

    replica.deliverer.failNext({ ok: false, kind: 'transient', reason: 'HTTP 503' });
    const later = await ask(`digest send ${id}`);
    expect(later.title).toBe(`Digest #${id} could not be posted to #ops yet`);
    expect(later.text).toBe('HTTP 503; botwatch retries at Tue 24 Nov 10:01 UTC. /botwatch digest list shows how it ends.');
  });

  it('pauses, resumes and removes; members may read but not change', async () => {
    const id = await addDigest(replica, 'daily 09:00', ops);
    expect(await ask(`digest pause ${id}`, member)).toMatchObject({ kind: 'error', title: 'Only botwatch admins can digest pause.' });
    expect(await ask(`digest add daily 10:00`, member)).toMatchObject({ kind: 'error', title: 'Only botwatch admins can digest add.' });
    expect(await ask(`digest send ${id}`, member)).toMatchObject({ kind: 'error', title: 'Only botwatch admins can digest send.' });
    expect((await ask(`digest history ${id}`, member)).kind).toBe('info');

    expect((await ask(`digest pause ${id}`)).title).toBe(`Digest #${id} paused`);
    expect((await ask(`digest pause ${id}`)).title).toBe(`digest #${id} is already paused (paused by Ana)`);
    const list = await ask('digest list', member);
    expect(list.notes).toEqual([`#${id} is paused since Tue 24 Nov 10:00 UTC: paused by Ana. /botwatch digest resume ${id} starts it again.`]);
    expect((await ask(`digest resume ${id}`)).title).toBe(`Digest #${id} resumed`);
    expect((await ask(`digest resume ${id}`)).title).toBe(`digest #${id} is not paused`);
    expect(await ask(`digest remove ${id}`)).toMatchObject({ kind: 'info', title: `Digest #${id} removed`, text: '#ops will no longer get the daily 09:00 UTC digest.' });
    expect((await ask('digest list')).title).toBe('No digests in #ops');
    expect((await ask(`digest remove ${id}`)).title).toBe(`there is no digest #${id} (digest list shows the digests here, digest list all every channel's)`);
  });

  it('refuses to subscribe from the terminal, where there is no channel', async () => {
    const reply = await replica.registry.services.answer('digest add daily 09:00');
    expect(reply).toMatchObject({ kind: 'error', title: expect.stringContaining('type it in Slack or Teams') as unknown });
  });
});

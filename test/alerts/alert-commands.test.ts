import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentionFor } from '../../src/alerts/mention.ts';
import { addConversations, addedId, alertsHarness, oncall, postedFor, spread, TestClock } from '../helpers/alerts-harness.ts';
import type { AlertsHarness } from '../helpers/alerts-harness.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const minute = 60_000;

describe(`alert commands (${testEngine})`, () => {
  let t: TestDatabase;
  let h: AlertsHarness;
  const clock = new TestClock(new Date('2026-11-20T12:00:00Z'));
  beforeAll(async () => {
    t = await openTestDatabase();
    h = alertsHarness(t.db, clock);
    await addConversations(t.db, 'support-bot', spread('c', new Date(clock.now().getTime() - 50 * minute), 50, 120, (i) => i % 8 === 0));
    await addConversations(t.db, 'leadgen-bot', spread('l', new Date(clock.now().getTime() - 50 * minute), 50, 10));
  });
  afterAll(() => t?.close());

  it.each([
    ['alert add', /^alert add needs a metric, a direction and a threshold/],
    ['alert add handof above 20%', /^unknown metric "handof" — did you mean handoff_rate\?/],
    ['alert add users above 20', /^alerts watch rates, response times .* users is none of these$/],
    ['alert add handoff over 20%', /^after the metric comes above, below or anomaly, not "over"/],
    ['alert add handoff above', /^alert add handoff_rate above needs a threshold, e.g. 20%$/],
    ['alert add handoff above 120%', /^threshold "120%" is outside 0–100 % \(hand-off is a share\)$/],
    ['alert add handoff above 100%', /^hand-off can never be above 100 %/],
    ['alert add handoff above twenty', /^threshold "twenty" is not a percentage/],
    ['alert add containment below 0%', /^containment can never be below 0 %/],
    ['alert add handoff above 20% support-bot window:0m', /^window:0m — the window must be longer than zero$/],
    ['alert add handoff above 20% support-bot window:-1h', /^window:-1h is not a duration/],
    ['alert add handoff above 20% support-bot window:30d', /^window:30d is too long; at most 7 d$/],
    ['alert add handoff above 20% support-bot for:soon', /^for:soon is not a duration/],
    ['alert add handoff above 20% support-bot min:lots', /^min:lots — give a whole number of conversations/],
    ['alert add handoff above 20% support-bot recover:25%', /^recover:25% must be at or below the threshold 20 %/],
    ['alert add handoff above 20% support-bot recover:150%', /^recover:150% is outside 0–100 %/],
    ['alert add handoff above 20% support-bot renotify:1m', /^renotify:1m is too short; at least 5 min$/],
    ['alert add handoff above 20% support-bot windw:1h', /^unknown option "windw:" — did you mean window:\?/],
    ['alert add handoff above 20% support-bot window:1h window:2h', /^window: is given twice/],
    ['alert add handoff above 20% suport-bot', /^unknown bot "suport-bot" — did you mean support-bot\?/],
    ['alert add handoff above 20% support-bot leadgen-bot', /^one bot per alert/],
    ['alert add p95_response_ms above fast', /^threshold "fast" is not a time; give e.g. 800ms or 2s$/],
    ['alert add conversations below 50 support-bot min:10', /^min: does not apply to a conversations \(volume\) alert/],
    ['alert add silence', /^alert add silence needs the bot to watch/],
    ['alert add silence support-bot window:1h', /^unknown option "window:"/],
    ['alert remove', /^alert remove needs an alert id/],
    ['alert remove three', /^"three" is not an alert id/],
    ['alert remove 999', /^there is no alert #999/],
    ['alert mute 1 forever', /^"forever" is not a duration/],
    ['alert mute 1 60d', /^mute for at most 30 days/],
    ['alert lst', /^unknown alert command "lst" — did you mean alert list\?/],
  ])('%s → a clear error', async (text, message) => {
    const reply = await h.ask(text);
    expect(reply.kind).toBe('error');
    expect(reply.title).toMatch(message);
  });

  it('adds a rule with the defaults, watches its bot for silence, and says what the value is now', async () => {
    const reply = await h.ask('alert add handoff above 20% support-bot notify:@oncall');
    const id = addedId(reply);
    expect(reply.title).toBe(`Alert #${id} added: hand-off > 20 % · support-bot · last hour`);
    expect(reply.subtitle).toBe('Notifies #oncall, mentioning @oncall');
    expect(reply.text).toBe(
      [
        'Fires when hand-off > 20 % · support-bot · last hour for 5 min.',
        'Clears at or below 18 %.',
        'Window: conversations started in the last hour; no alert with fewer than 30.',
        'Reminders every 4 h while firing and unacknowledged.',
      ].join('\n'),
    );
    expect(reply.notes[0]).toMatch(/^support-bot is also watched for silence here: alert #\d+ fires when it sends no events for 30 min during its usual active hours/);
    expect(reply.notes[1]).toBe('Now: 15 of 120 conversations handed off, 12.5 % < 20 % over the last hour.');
    const [row] = await t.db.query<Record<string, unknown>>('SELECT * FROM alert_rules WHERE id = $1', [id]);
    expect(row).toMatchObject({ metric: 'handoff_rate', bot_id: 'support-bot', direction: 'above', threshold: 0.2, recover_threshold: 0.18, window_seconds: 3600, min_conversations: 30, for_seconds: 300, renotify_seconds: 14_400, mention: '@oncall' });
    expect(row?.destination).toEqual(oncall.destination);
    // A second rule on the same bot and channel does not add another silence rule.
    const again = await h.ask('alert add drop_off below 5% support-bot channel:web version:3.2 window:2h min:50 for:10m recover:8% renotify:off');
    expect(again.notes.join(' ')).not.toContain('watched for silence');
    const [second] = await t.db.query<Record<string, unknown>>('SELECT * FROM alert_rules WHERE id = $1', [addedId(again)]);
    expect(second).toMatchObject({ metric: 'drop_off_rate', direction: 'below', threshold: 0.05, recover_threshold: 0.08, window_seconds: 7200, min_conversations: 50, for_seconds: 600, renotify_seconds: 0, channels: ['web'], versions: ['3.2'] });
    expect(again.notes).toContain('Now: support-bot sends no step.reached events with final: true.');
  });

  it('lists rules with state, value and last change; mutes, unmutes and removes them; keeps the history', async () => {
    const id = addedId(await h.ask('alert add avg_response_ms above 1500ms leadgen-bot min:5'));
    await h.tick();
    const list = await h.ask('alert list', { ...oncall, isAdmin: false });
    const row = list.table?.rows.find((r) => r.rule?.startsWith(`#${id} `));
    expect(row).toMatchObject({ rule: `#${id} avg response > 1,500 ms · leadgen-bot · last hour`, where: '#oncall (slack)', state: 'no data', since: 'no data for 0 s' });
    expect(row?.now).toBe('leadgen-bot sends no message.sent events');

    expect((await h.ask(`alert mute ${id} 2h`)).title).toBe(`Alert #${id} muted until 20 Nov 14:00 UTC`);
    expect((await h.ask('alert list')).notes).toContain(`#${id} is muted until 20 Nov 14:00 UTC (by Ana).`);
    expect((await h.ask(`alert unmute #${id}`)).title).toBe(`Alert #${id} unmuted`);
    expect((await h.ask(`alert remove ${id}`)).title).toBe(`Alert #${id} removed`);
    expect((await h.ask('alert list')).table?.rows.some((r) => r.rule?.startsWith(`#${id} `))).toBe(false);
    const history = await h.ask(`alert history ${id}`);
    expect(history.table?.rows.map((r) => r.what)).toEqual(['removed', 'unmuted', 'muted', 'ok → no data', 'added']);
    expect(history.table?.rows[0]?.detail).toBe('by Ana');
  });

  it('lets everyone read but only admins change alerts', async () => {
    const visitor = { ...oncall, userId: 'U0VISITOR', isAdmin: false };
    for (const text of ['alert add handoff above 20% support-bot', 'alert remove 1', 'alert mute 1 1h', 'alert unmute 1', 'alert test 1']) {
      const reply = await h.ask(text, visitor);
      expect(reply).toMatchObject({ kind: 'error', title: expect.stringMatching(/^Only botwatch admins can alert /) });
    }
    expect((await h.ask('alert history', visitor)).kind).toBe('info');
  });

  it('cannot add from the terminal, which has no channel to notify', async () => {
    const reply = await h.services.answer('alert add handoff above 20% support-bot');
    expect(reply).toMatchObject({ kind: 'error', title: 'alert add needs a chat channel to notify' });
  });

  it('mentions notify: in a Slack notification as given, and as its label elsewhere', async () => {
    expect(mentionFor('<!subteam^S0123|@oncall>', 'slack')).toBe('<!subteam^S0123|@oncall>');
    expect(mentionFor('<!subteam^S0123|@oncall>', 'teams')).toBe('@oncall');
    expect(mentionFor('<!subteam^S0123>', 'console')).toBe('@S0123');
    expect(mentionFor('<@U0123|ana>', 'teams')).toBe('@ana');
    expect(mentionFor('<!here>', 'teams')).toBe('@here');
    expect(mentionFor('@oncall', 'teams')).toBe('@oncall');

    const id = addedId(await h.ask('alert add handoff above 10% support-bot for:0m notify:<!subteam^S0123|@oncall>'));
    await h.tick();
    const [firing] = postedFor(h, id);
    expect(firing?.reply.text?.split('\n')[0]).toBe('<!subteam^S0123|@oncall>');
  });

  it('deletes history older than 90 days', async () => {
    await t.db.query(
      `INSERT INTO alert_history (rule_id, at, event, metric, direction, threshold, window_seconds) VALUES (1, $1, 'notified', 'handoff_rate', 'above', 0.2, 3600), (1, $2, 'notified', 'handoff_rate', 'above', 0.2, 3600)`,
      [new Date(clock.now().getTime() - 91 * 86_400_000), new Date(clock.now().getTime() - 89 * 86_400_000)],
    );
    await alertsHarness(t.db, clock).tick();
    const left = await t.db.query<{ at: Date }>(`SELECT at FROM alert_history WHERE at < $1`, [new Date(clock.now().getTime() - 30 * 86_400_000)]);
    expect(left.map((r) => r.at)).toEqual([new Date(clock.now().getTime() - 89 * 86_400_000)]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse-command.ts';

describe('the command grammar', () => {
  it('reads every command of docs/commands.md', () => {
    expect(parseCommand('/botwatch summary support-bot 7d')).toEqual({
      name: 'summary',
      scope: { bots: ['support-bot'], window: '7d', versions: [], channels: [], intents: [], flows: [] },
    });
    expect(parseCommand('handoff support-bot 30d by:day channel:web version:3.3.0 tz:Europe/Berlin')).toEqual({
      name: 'metric',
      metric: 'handoff_rate',
      by: 'day',
      scope: { bots: ['support-bot'], window: '30d', timeZone: 'Europe/Berlin', versions: ['3.3.0'], channels: ['web'], intents: [], flows: [] },
    });
    expect(parseCommand('funnel leadgen-bot flow:demo_request last-week')).toMatchObject({ name: 'funnel', scope: { bots: ['leadgen-bot'], flows: ['demo_request'], window: 'last-week' } });
    expect(parseCommand('compare support-bot@3.2.0 vs support-bot@3.3.0 30d')).toMatchObject({ name: 'compare', a: { bot: 'support-bot', version: '3.2.0' }, b: { bot: 'support-bot', version: '3.3.0' }, scope: { window: '30d' } });
    expect(parseCommand('compare support-bot@3.2.0 vs @3.3.0')).toMatchObject({ name: 'compare', b: { bot: 'support-bot', version: '3.3.0' } });
    expect(parseCommand('outcomes 2026-11-01..2026-11-15')).toMatchObject({ name: 'outcomes', scope: { window: '2026-11-01..2026-11-15' } });
    expect(parseCommand('dropoff')).toMatchObject({ name: 'metric', metric: 'drop_off_rate' });
    expect(parseCommand('CSAT support-bot')).toMatchObject({ name: 'metric', metric: 'csat' });
    expect(parseCommand('bots')).toEqual({ name: 'bots' });
    expect(parseCommand('')).toEqual({ name: 'help' });
    expect(parseCommand('help funnel')).toEqual({ name: 'help', topic: 'funnel' });
    expect(parseCommand('digest add daily 09:00 tz:Europe/Berlin support-bot')).toEqual({ name: 'digest', action: 'add', args: ['daily', '09:00', 'tz:Europe/Berlin', 'support-bot'] });
    expect(parseCommand('alert list')).toEqual({ name: 'alert', action: 'list', args: [] });
  });

  it('undoes chat markup: Slack links and mentions, entities, smart dashes', () => {
    expect(parseCommand('<@U123> summary support-bot 2026-11-01–2026-11-02')).toMatchObject({ name: 'mistake' });
    expect(parseCommand('summary support-bot 2026-11-01..2026-11-02 channel:<#C1|web>')).toMatchObject({ name: 'summary', scope: { channels: ['web'] } });
    expect(parseCommand('@botwatch summary')).toMatchObject({ name: 'summary' });
  });

  it('names what is wrong and suggests the nearest metric', () => {
    expect(parseCommand('handof support-bot')).toMatchObject({ name: 'mistake', message: 'unknown command or metric "handof" — did you mean handoff_rate?' });
    expect(parseCommand('sumary')).toMatchObject({ name: 'mistake', message: 'unknown command or metric "sumary" — did you mean summary?' });
    expect(parseCommand('summary support-bot 7d!')).toMatchObject({ name: 'mistake', message: '"7d!" is not a bot id, window or filter' });
    expect(parseCommand('summary chanel:web')).toMatchObject({ name: 'mistake', message: expect.stringMatching(/^unknown filter "chanel:" — did you mean channel:\?/) });
    expect(parseCommand('summary tz:Mars/Base')).toMatchObject({ name: 'mistake', message: 'unknown time zone "Mars/Base"; use an IANA name such as Europe/Berlin or America/New_York' });
    expect(parseCommand('summary 2026-02-30')).toMatchObject({ name: 'mistake', message: '"2026-02-30" is not a valid date or date range (YYYY-MM-DD..YYYY-MM-DD)' });
    expect(parseCommand('summary 2026-11-15..2026-11-01')).toMatchObject({ name: 'mistake', message: 'date range "2026-11-15..2026-11-01" ends before it starts' });
    expect(parseCommand('summary 7d 30d')).toMatchObject({ name: 'mistake', message: 'two windows given (7d and 30d); give one' });
    expect(parseCommand('handoff by:month')).toMatchObject({ name: 'mistake', message: 'cannot group by "month"; use by:hour|by:day|by:week|by:channel|by:version|by:intent|by:bot|by:model|by:provider|by:score' });
    expect(parseCommand('summary by:day')).toMatchObject({ name: 'mistake', message: 'by: is not available for summary' });
    expect(parseCommand('compare support-bot')).toMatchObject({ name: 'mistake', message: 'compare needs two sides: A vs B' });
    expect(parseCommand('metrics extra')).toMatchObject({ name: 'mistake' });
  });

  it('shows usage with every mistake', () => {
    const m = parseCommand('funnel ???');
    expect(m).toMatchObject({ name: 'mistake' });
    expect((m as { usage: string }).usage).toMatch(/^\/botwatch funnel \[bot\] \[flow:<name>\] \[window\]/);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.array(fc.constantFrom('summary', 'compare', 'vs', '@', 'by:', 'tz:', '7d', '..', 'x@y', ':', '<#', '|', '>', 'handoff', '2026-13-40', '9'.repeat(30)), { maxLength: 12 }).map((w) => w.join(' ')), fc.anything()), (input) => {
        const parsed = parseCommand(input);
        expect(typeof parsed.name).toBe('string');
      }),
      { numRuns: 3000 },
    );
    expect(parseCommand('x'.repeat(1_000_000))).toMatchObject({ name: 'mistake' });
  });
});

import { describe, expect, it } from 'vitest';
import { escapeMarkdown, teamsCommandWording } from '../../../src/chat/teams/teams-markdown.ts';
import { isPlainReply, renderTeamsText } from '../../../src/chat/teams/teams-text.ts';
import type { Reply } from '../../../src/replies/reply.ts';

describe('replies sent as text', () => {
  it('are help, errors and information with nothing to lay out; results, digests and alerts are cards', () => {
    const base = { title: 't', figures: [], notes: [] };
    expect(isPlainReply({ ...base, kind: 'help' })).toBe(true);
    expect(isPlainReply({ ...base, kind: 'error' })).toBe(true);
    expect(isPlainReply({ ...base, kind: 'info', text: 'x' })).toBe(true);
    expect(isPlainReply({ ...base, kind: 'info', table: { columns: [{ key: 'a', label: 'A' }], rows: [{ a: '1' }] } })).toBe(false);
    expect(isPlainReply({ ...base, kind: 'alert' })).toBe(false);
    expect(isPlainReply({ ...base, kind: 'result' })).toBe(false);
  });

  it('show the title in bold, usage in a code block as typed in Teams, and the notes', () => {
    const reply: Reply = {
      kind: 'error',
      title: 'unknown command or metric "handof" — did you mean handoff_rate?',
      figures: [],
      notes: ['/botwatch metrics lists them.'],
      text: '/botwatch summary [bot] [window]\n/botwatch <metric> [bot] [window]',
    };
    expect(renderTeamsText(reply)).toBe(
      [
        '**unknown command or metric "handof" — did you mean handoff\\_rate?**',
        '```\n@botwatch summary [bot] [window]\n@botwatch <metric> [bot] [window]\n```',
        '@botwatch metrics lists them.',
      ].join('\n\n'),
    );
  });
});

describe('Teams wording and escaping', () => {
  it('escapes Markdown in data', () => {
    expect(escapeMarkdown('lead_gen_bot *beta* [v2] `x` ~y~ a\\b')).toBe('lead\\_gen\\_bot \\*beta\\* \\[v2\\] \\`x\\` \\~y\\~ a\\\\b');
  });

  it('words commands as typed to the bot, leaving paths and other words alone', () => {
    expect(teamsCommandWording('/botwatch help; try "/botwatch metrics" (/botwatch bots)')).toBe('@botwatch help; try "@botwatch metrics" (@botwatch bots)');
    expect(teamsCommandWording('/srv/botwatch/data and /botwatchers')).toBe('/srv/botwatch/data and /botwatchers');
  });
});

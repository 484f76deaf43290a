import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/commands/tokenize.ts';

describe('tokenize', () => {
  it('turns Slack markup into its label or id', () => {
    expect(tokenize('/botwatch summary <#C1|support> <@U123> <!here>')).toEqual(['summary', 'support', 'U123', 'here']);
  });

  it('keeps a mention given to notify: whole, so Slack can ping the group by its id', () => {
    expect(tokenize('alert add handoff above 20% notify:<!subteam^S0123ABC|@oncall>')).toEqual(['alert', 'add', 'handoff', 'above', '20%', 'notify:<!subteam^S0123ABC|@oncall>']);
    expect(tokenize('alert add handoff above 20% NOTIFY:<@U123> <@U456>')).toEqual(['alert', 'add', 'handoff', 'above', '20%', 'NOTIFY:<@U123>', 'U456']);
  });
});

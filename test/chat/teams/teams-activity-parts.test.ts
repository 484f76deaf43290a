import { describe, expect, it } from 'vitest';
import { cardSubmission } from '../../../src/chat/teams/card-submission.ts';
import { commandText } from '../../../src/chat/teams/command-text.ts';
import { askerOf, baseConversationId, conversationOf } from '../../../src/chat/teams/conversation-of-activity.ts';
import { parseInboundActivity } from '../../../src/chat/teams/inbound-activity.ts';
import type { InboundActivity } from '../../../src/chat/teams/inbound-activity.ts';
import { isLoopbackHost } from '../../../src/chat/teams/loopback.ts';
import { teamsBot, teamsBotMembership, teamsMessage, teamsTeam, teamsTenantId, teamsUsers } from '../../helpers/teams-activities.ts';

const serviceUrl = 'https://smba.trafficmanager.net/emea/';
const parse = (activity: unknown): InboundActivity => {
  const parsed = parseInboundActivity(activity);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.activity;
};

describe('the command in a message typed to the bot', () => {
  const recipient = { id: teamsBot.id };
  const mention = (text: string) => ({ type: 'mention', text, mentioned: { id: teamsBot.id, name: 'botwatch' } });

  it('drops the bot mention Teams puts in a channel message, whatever name it shows', () => {
    expect(commandText(parse(teamsMessage('summary support-bot 7d', { serviceUrl })))).toBe('summary support-bot 7d');
    expect(commandText({ recipient, text: '<at>Botwatch (prod)</at>&nbsp;handoff support-bot 30d', entities: [mention('<at>Botwatch (prod)</at>')] })).toBe('handoff support-bot 30d');
  });

  it('drops a leading mention without its entity (the Emulator) and keeps other people mentioned by name', () => {
    expect(commandText({ recipient, text: '<at>botwatch</at> alert add handoff above 20% notify:<at>On-call</at>' })).toBe('alert add handoff above 20% notify:@On-call');
  });

  it('undoes HTML a client may add', () => {
    expect(commandText({ recipient, text: '<p><at>botwatch</at> compare a&lt;1&gt; vs b</p>\n', entities: [mention('<at>botwatch</at>')] })).toBe('compare a<1> vs b');
  });

  it('takes a personal chat message as it is', () => {
    expect(commandText(parse(teamsMessage('  funnel leadgen-bot  flow:signup ', { serviceUrl, scope: 'personal' })))).toBe('funnel leadgen-bot flow:signup');
    expect(commandText({ recipient })).toBe('');
  });
});

describe('the conversation of an activity', () => {
  it('is the channel, not the thread, for a message in a channel thread', () => {
    expect(baseConversationId('19:abc@thread.tacv2;messageid=1700000000000')).toBe('19:abc@thread.tacv2');
    expect(baseConversationId('a:1xyz')).toBe('a:1xyz');
    const conversation = conversationOf(parse(teamsMessage('help', { serviceUrl })));
    expect(conversation).toMatchObject({ conversationId: '19:ops-alerts@thread.tacv2', conversationType: 'channel', teamId: teamsTeam.id, tenantId: teamsTenantId });
    expect(conversation.reference.conversation?.id).toBe('19:ops-alerts@thread.tacv2');
    // A proactive post must not reply to the message it was learnt from.
    expect(conversation.reference).not.toHaveProperty('activityId');
    // Messages carry no team name: none is made up (the stored one is kept).
    expect(conversation.name).toBeUndefined();
  });

  it('names a team General channel, a group chat and a personal chat', () => {
    expect(conversationOf(parse(teamsBotMembership('added', { serviceUrl }))).name).toBe('Support › General');
    expect(conversationOf(parse(teamsBotMembership('added', { serviceUrl, scope: 'groupChat' }))).name).toBe('Release planning');
    const personal = conversationOf(parse(teamsMessage('help', { serviceUrl, scope: 'personal' })));
    expect(personal).toMatchObject({ name: 'personal chat with Ana Lopez', conversationType: 'personal', reference: { user: { id: teamsUsers.admin.id } } });
  });

  it('tells Emulator conversations (no type) apart by team and group', () => {
    const emulator = parse({ ...teamsMessage('help', { serviceUrl, scope: 'personal' }), channelId: 'emulator', conversation: { id: 'e1' }, channelData: undefined });
    expect(conversationOf(emulator).conversationType).toBe('personal');
  });
});

describe('who asked', () => {
  const activity = (from: { id: string; name?: string; aadObjectId?: string }) => parse(teamsMessage('help', { serviceUrl, from }));

  it('is an admin when their AAD object id is listed, in any letter case', () => {
    const a = activity(teamsUsers.admin);
    expect(askerOf(a, conversationOf(a), [teamsUsers.admin.aadObjectId.toUpperCase()])).toEqual({
      platform: 'teams',
      userId: teamsUsers.admin.aadObjectId,
      displayName: 'Ana Lopez',
      isAdmin: true,
      destination: { platform: 'teams', channelId: '19:ops-alerts@thread.tacv2', workspaceId: teamsTenantId },
    });
    const m = activity(teamsUsers.member);
    expect(askerOf(m, conversationOf(m), [teamsUsers.admin.aadObjectId]).isAdmin).toBe(false);
  });

  it('is never an admin without an AAD object id (the Emulator), whose Bot Framework id stands in', () => {
    const e = activity({ id: 'emulator-user' });
    expect(askerOf(e, conversationOf(e), [teamsUsers.admin.aadObjectId])).toMatchObject({ userId: 'emulator-user', isAdmin: false });
  });
});

describe('card button presses', () => {
  it('are messages whose value names a known action and its value', () => {
    expect(cardSubmission({ action: 'alert.mute', value: 'rule-1:1h' })).toEqual({ known: true, action: { id: 'alert.mute', value: 'rule-1:1h' } });
    expect(cardSubmission({ action: 'alert.delete', value: 'x' })).toEqual({ known: false, actionId: 'alert.delete' });
    expect(cardSubmission(undefined)).toBeUndefined();
    expect(cardSubmission({ value: 'x' })).toBeUndefined();
    expect(cardSubmission({ action: 'alert.mute', value: 7 })).toBeUndefined();
    // An inherited name is not an action.
    expect(cardSubmission({ action: 'toString', value: '' })).toEqual({ known: false, actionId: 'toString' });
  });
});

describe('loopback hosts', () => {
  it('are only those that reach this machine', () => {
    expect(['localhost', '127.0.0.1', '127.8.9.1', '::1', '[::1]', 'emulator.localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', 'smba.trafficmanager.net', '127.0.0.1.nip.io', 'localhost.example.com'].some(isLoopbackHost)).toBe(false);
  });
});

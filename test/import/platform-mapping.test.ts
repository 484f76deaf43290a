import { describe, expect, it } from 'vitest';
import { actionClicked } from '../../src/import/activities/action-clicked.ts';
import { actionsShown } from '../../src/import/activities/actions-shown.ts';
import { mapActivity, newConversationStates } from '../../src/import/activities/map-activity.ts';
import { recognizedIntent } from '../../src/import/activities/recognized-intent.ts';
import { chooseFormat } from '../../src/import/formats.ts';
import { botIdFromName } from '../../src/import/platform/bot-id-from-name.ts';
import { channelName } from '../../src/import/platform/channel-name.ts';
import { deterministicEventId } from '../../src/import/platform/event-id.ts';
import { instantFrom, instantFromIsoText } from '../../src/import/platform/parse-time.ts';

describe('platform times', () => {
  it('reads ISO text with any offset form and fraction length, as UTC with milliseconds', () => {
    expect(instantFromIsoText('2020-08-18T15:50:42+08:00', { assumeUtc: false })).toBe('2020-08-18T07:50:42.000Z');
    expect(instantFromIsoText('2020-08-18T15:50:42+0800', { assumeUtc: false })).toBe('2020-08-18T07:50:42.000Z');
    expect(instantFromIsoText('2020-08-18T07:50:42.7432873Z', { assumeUtc: false })).toBe('2020-08-18T07:50:42.743Z');
    expect(instantFromIsoText('2026-03-01T23:59:30-08:00', { assumeUtc: false })).toBe('2026-03-02T07:59:30.000Z');
    expect(instantFromIsoText('2026-03-02T07:59:31.5', { assumeUtc: true })).toBe('2026-03-02T07:59:31.500Z');
  });

  it('names no instant for local text without an offset, or a date that does not exist', () => {
    expect(instantFromIsoText('2026-03-02T00:00:42', { assumeUtc: false })).toBeUndefined();
    expect(instantFromIsoText('2026-04-31T10:00:00Z', { assumeUtc: true })).toBeUndefined();
    expect(instantFromIsoText('yesterday', { assumeUtc: true })).toBeUndefined();
  });

  it('reads epoch seconds (Rasa floats, Copilot Studio integers) and milliseconds', () => {
    expect(instantFrom(1517821726.200036, { assumeUtc: true })).toBe('2018-02-05T09:08:46.200Z');
    expect(instantFrom(1780300800, { assumeUtc: true })).toBe('2026-06-01T08:00:00.000Z');
    expect(instantFrom(1780300800123, { assumeUtc: true })).toBe('2026-06-01T08:00:00.123Z');
    expect(instantFrom(-5, { assumeUtc: true })).toBeUndefined();
  });
});

describe('platform names', () => {
  it('makes contract bot ids of bot names', () => {
    expect(botIdFromName('Contoso Support')).toBe('contoso-support');
    expect(botIdFromName('cr1a2_contosoSupport')).toBe('cr1a2_contososupport');
    expect(botIdFromName('  Ünïcödé Bot!! ')).toBe('unicode-bot');
    expect(botIdFromName('___')).toBeUndefined();
    expect(botIdFromName('x'.repeat(100))?.length).toBe(64);
  });

  it('uses the contract channel names where platforms differ', () => {
    expect(['msteams', 'webchat', 'facebook', 'twilio', 'socketio', 'emulator', 'directline'].map(channelName)).toEqual(['teams', 'web', 'messenger', 'sms', 'web', 'emulator', 'directline']);
    expect(channelName('')).toBeUndefined();
  });

  it('derives short, stable event ids', () => {
    const id = deterministicEventId('bf', ['conversation', 'activity', 'sent']);
    expect(id).toMatch(/^bf-[A-Za-z0-9_-]{32}$/);
    expect(deterministicEventId('bf', ['conversation', 'activity', 'sent'])).toBe(id);
    expect(deterministicEventId('bf', ['conversation', 'activity', 'received'])).not.toBe(id);
  });
});

describe('activity details', () => {
  it('finds the top intent of LUIS, LUIS v2 and QnA Maker traces', () => {
    expect(recognizedIntent({ recognizerResult: { intents: { Book: { score: 0.4 }, Cancel: { score: 0.7 } } } }, undefined)).toEqual({ intent: 'Cancel', confidence: 0.7, fallback: false });
    expect(recognizedIntent({ recognizerResult: { intents: { None: { score: 0.9 } } } }, undefined)).toEqual({ intent: 'None', confidence: 0.9, fallback: true });
    expect(recognizedIntent({ luisResult: { topScoringIntent: { intent: 'Greet', score: 0.8 } } }, undefined)).toEqual({ intent: 'Greet', confidence: 0.8, fallback: false });
    expect(recognizedIntent({ queryResults: [{ score: 87 }, { score: 40 }] }, 'https://www.qnamaker.ai/schemas/trace')).toEqual({ intent: 'QnAMatch', confidence: 0.87, fallback: false });
    expect(recognizedIntent({ queryResults: [] }, 'https://www.qnamaker.ai/schemas/trace')).toEqual({ intent: 'None', fallback: true });
    expect(recognizedIntent({ turn: { recognized: { intent: 'X' } } }, 'State')).toBeUndefined();
  });

  it('names untitled card actions by what a person reads on them', () => {
    const card = {
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            body: [
              { type: 'Column', selectAction: { type: 'Action.Submit', data: { intent: 'delete' } }, items: [{ type: 'Image', altText: 'delete' }] },
              { type: 'Container', selectAction: { type: 'Action.Submit', data: { intent: 'add' } }, items: [{ type: 'TextBlock', text: ' Add   item ' }] },
              { type: 'Container', selectAction: { type: 'Action.OpenUrl', url: 'https://example.com' }, items: [] },
            ],
          },
        },
      ],
    };
    const shown = actionsShown(card);
    expect(shown.map((a) => a.name)).toEqual(['delete', 'Add item', 'Action.OpenUrl']);
    expect(actionClicked({ value: { intent: 'add', rawtext: 'milk' } }, shown)).toBe('Add item');
    expect(actionClicked({ value: { unknown: true } }, shown)).toBe('card submit');
    expect(actionClicked({ text: 'just typing' }, shown)).toBeUndefined();
  });
});

describe('Teams Universal Actions', () => {
  it('counts an adaptiveCard/action invoke as a click on the Action.Execute it names', () => {
    const states = newConversationStates();
    const base = { conversation: { id: 'teams-1' }, channelId: 'msteams', timestamp: '2026-06-01T10:00:00Z' };
    const bot = { id: 'bot', name: 'Approvals', role: 'bot' };
    const user = { id: 'u1', role: 'user' };
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { actions: [{ type: 'Action.Execute', title: 'Approve', verb: 'approve' }, { type: 'Action.Execute', title: 'Reject', verb: 'reject' }] } };
    const shown = mapActivity({ ...base, type: 'message', from: bot, recipient: user, attachments: [card] }, '@0', states, { idPrefix: 'bf' });
    expect(shown).toMatchObject([{ candidate: { type: 'message.sent', ctas: ['Approve', 'Reject'], botId: 'approvals', channel: 'teams' } }]);
    const clicked = mapActivity({ ...base, type: 'invoke', name: 'adaptiveCard/action', from: user, recipient: bot, value: { action: { type: 'Action.Execute', verb: 'reject' } } }, '@1', states, { idPrefix: 'bf' });
    expect(clicked).toMatchObject([{ candidate: { type: 'cta.clicked', cta: 'Reject', userId: 'u1' } }]);
    const other = mapActivity({ ...base, type: 'invoke', name: 'composeExtension/query', from: user, recipient: bot }, '@2', states, { idPrefix: 'bf' });
    expect(other).toEqual([{ skipped: 'invoke activity "composeExtension/query" (not a metric)' }]);
  });
});

describe('format detection', () => {
  it('recognises each platform by its content, before trusting a file name', () => {
    expect(chooseFormat(undefined, '[\n  {\n    "type": "message",\n    "channelId": "emulator",', 'x.json').name).toBe('botframework');
    expect(chooseFormat(undefined, '{"garbage": true', 'chat.transcript').name).toBe('botframework');
    expect(chooseFormat(undefined, '{\n  "sender_id": "x",\n  "events": [', undefined).name).toBe('rasa');
    expect(chooseFormat(undefined, '{"sender_id": "x", "event": "user", "timestamp": 1.5}\n', 'events.jsonl').name).toBe('rasa');
    expect(chooseFormat(undefined, 'Content,ConversationStartTime,Metadata\n"{}",x,y\n', 'transcripts.csv').name).toBe('copilot-studio');
    expect(chooseFormat(undefined, 'id,type,timestamp,botId\n', 'events.csv').name).toBe('csv');
    expect(chooseFormat(undefined, '{"id":"1","type":"resolved","timestamp":"2026-01-01T00:00:00Z"}\n', undefined).name).toBe('jsonl');
  });
});

import { CardFactory, EventFactory, MemoryTranscriptStore, MessageFactory, TestAdapter, TranscriptLoggerMiddleware } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BotwatchClient } from '../../src/client/index.ts';
import type { BotwatchClientError } from '../../src/client/index.ts';
import { answer } from '../../src/commands/run-command.ts';
import { BotwatchMiddleware, recognizerResultKey } from '../../src/intake/botframework/index.ts';
import { silentLogger } from '../../src/log.ts';
import { conversationTotals, eventTypeCounts, importPlatformFile } from '../helpers/import-platform.ts';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const both = testDatabaseAndServer();

const luisTrace = (intent: string, score: number): Partial<Activity> => ({
  type: 'trace',
  name: 'LuisRecognizer',
  label: 'Luis Trace',
  valueType: 'https://www.luis.ai/schemas/trace',
  value: { recognizerResult: { text: '', intents: { [intent]: { score } } } },
});

/**
 * A small support bot: a menu of suggested actions on arrival, a hero card of opening hours with
 * a postBack button, LUIS-style recognizer traces, a Bot Framework hand-off, and an explicit end.
 */
function supportBot(botwatch: BotwatchMiddleware | undefined) {
  return async (context: TurnContext) => {
    const activity = context.activity;
    if (activity.type === 'conversationUpdate') {
      const menu = MessageFactory.suggestedActions(['Track my order', 'Opening hours', 'Talk to a person'], 'Hi! What can I do for you?');
      menu.inputHint = 'expectingInput';
      await context.sendActivity(menu);
      return;
    }
    if (activity.type !== 'message') return;
    const text = (activity.text ?? '').toLowerCase();
    if (text === 'track my order') {
      // A recognizer both traces its result and leaves it in turn state: one intent, not two.
      context.turnState.set(recognizerResultKey, { intents: { TrackOrder: { score: 0.93 } } });
      await context.sendActivity(luisTrace('TrackOrder', 0.93));
      await context.sendActivity('Your order ships tomorrow.');
      botwatch?.step(context, 'order', 'tracked', { final: true });
    } else if (text === 'opening hours') {
      await context.sendActivity(luisTrace('OpeningHours', 0.88));
      const card = CardFactory.heroCard('We are open 9–17', undefined, [{ type: 'postBack', title: 'Book a visit', value: 'book-visit' }]);
      await context.sendActivity(MessageFactory.attachment(card));
    } else if (text === 'book-visit') {
      await context.sendActivity('Booked. See you soon!');
    } else if (text.includes('person')) {
      await context.sendActivity(luisTrace('Handoff', 0.81));
      await context.sendActivity(EventFactory.createHandoffInitiation(context, { skill: 'billing' }));
      await context.sendActivity('Connecting you to a person…');
    } else if (text === 'bye') {
      await context.sendActivity('Goodbye!');
      await context.sendActivity({ type: 'endOfConversation', code: 'completedSuccessfully' });
    } else {
      await context.sendActivity(luisTrace('None', 0.3));
      await context.sendActivity("Sorry, I didn't get that.");
    }
  };
}

/** Two conversations: menu → click "Track my order" → typed hand-off → bye; and a card click, a miss and an end. */
async function talk(adapter: TestAdapter): Promise<void> {
  const say = (conversation: string, fields: Partial<Activity>) =>
    adapter.processActivity({ type: 'message', conversation: { id: conversation } as Activity['conversation'], from: { id: `user-of-${conversation}`, name: 'User' }, ...fields });
  await say('conv-a', { type: 'conversationUpdate', membersAdded: [{ id: 'user-of-conv-a', name: 'User' }] });
  await say('conv-a', { text: 'Track my order' });
  await say('conv-a', { text: 'Can I talk to a person?' });
  await say('conv-a', { text: 'bye' });
  await say('conv-b', { text: 'Opening hours' });
  await say('conv-b', { text: 'book-visit', channelData: { postBack: true } });
  await say('conv-b', { text: 'asdfgh' });
  await say('conv-b', { text: 'bye' });
}

async function transcriptOf(store: MemoryTranscriptStore, channelId: string, conversations: string[]): Promise<Partial<Activity>[]> {
  const all: Partial<Activity>[] = [];
  for (const id of conversations) {
    let token: string | undefined;
    do {
      const page = await store.getTranscriptActivities(channelId, id, token);
      all.push(...page.items);
      token = page.continuationToken || undefined;
    } while (token !== undefined);
  }
  return all;
}

const ctx = () => ({ db: both.t.db, now: () => new Date(Date.now() + 60 * 60_000), timeZone: 'UTC', idleMinutes: 30, logger: silentLogger });
const figures = async (command: string) => (await answer(command, ctx())).figures.map((f) => [f.metric, f.value]);
const compared = ['conversations', 'engagement_rate', 'handoff_rate', 'resolution_rate', 'avg_response_ms', 'p95_response_ms', 'cta_click_rate', 'fallback_rate', 'response_rate', 'avg_inbound', 'avg_outbound', 'drop_off_rate'];

describe(`Bot Framework middleware on a live botbuilder bot (${testEngine})`, () => {
  it('reports the same figures as importing the transcript botbuilder recorded of the same conversations', async () => {
    const errors: (BotwatchClientError | Error)[] = [];
    const client = new BotwatchClient({ url: both.server.url, apiKey: both.server.key, botId: 'live-support', onError: (e) => errors.push(e) });
    const botwatch = new BotwatchMiddleware({ client, onError: (e) => errors.push(e) });
    const store = new MemoryTranscriptStore();
    const adapter = new TestAdapter(supportBot(undefined));
    adapter.conversation.channelId = 'webchat';
    adapter.use(new TranscriptLoggerMiddleware(store)).use(botwatch);
    await talk(adapter);
    await client.close();
    expect(errors).toEqual([]);

    const transcript = JSON.stringify(await transcriptOf(store, 'webchat', ['conv-a', 'conv-b']));
    const imported = await importPlatformFile(both.t.db, 'botframework', { text: transcript }, { botId: 'imported-support' });
    expect(imported.rejected).toEqual([]);

    // By hand: 2 conversations (one opened by conversationUpdate); 7 user and 8 bot messages; 4
    // recognised intents (one None); clicks: "Track my order" (suggested action) and "Book a visit"
    // (postBack); 1 hand-off; 2 ends.
    const live = await eventTypeCounts(both.t.db, 'live-support');
    expect(live).toEqual({
      'conversation.started': 1,
      'conversation.ended': 2,
      'cta.clicked': 2,
      handoff: 1,
      'intent.detected': 4,
      'message.received': 7,
      'message.sent': 8,
    });
    expect(await eventTypeCounts(both.t.db, 'imported-support')).toEqual(live);
    expect(await conversationTotals(both.t.db, 'imported-support')).toEqual(await conversationTotals(both.t.db, 'live-support'));

    const liveFigures = await figures('summary live-support 24h');
    expect(liveFigures.length).toBeGreaterThan(3);
    expect(await figures('summary imported-support 24h')).toEqual(liveFigures);
    for (const metric of compared) {
      const [value] = await figures(`${metric} live-support 24h`);
      expect(value, metric).toBeDefined();
      expect(await figures(`${metric} imported-support 24h`), metric).toEqual([value]);
    }
    // The same event ids as the import: importing the bot's transcripts into the live bot adds nothing.
    const again = await importPlatformFile(both.t.db, 'botframework', { text: transcript }, { botId: 'live-support' });
    expect(again.counts).toMatchObject({ accepted: 0, rejected: 0 });
  }, 60_000);

  it('reports what only the bot knows, an intent left in turn state, and never holds up the turn when botwatch is unreachable', async () => {
    const errors: Error[] = [];
    const client = new BotwatchClient({ url: both.server.url, apiKey: both.server.key, botId: 'helpers-bot', onError: (e) => errors.push(e) });
    const botwatch = new BotwatchMiddleware({ client });
    const adapter = new TestAdapter(async (context) => {
      context.turnState.set(recognizerResultKey, { intents: { BookTable: { score: 0.77 } } });
      botwatch.step(context, 'booking', 'confirmed', { final: true });
      botwatch.goal(context, 'table_booked');
      botwatch.resolved(context);
      botwatch.csat(context, 5);
      await context.sendActivity('Booked!');
    });
    adapter.use(botwatch);
    await adapter.send('a table for two').assertReply('Booked!').startTest();
    await client.close();
    expect(errors).toEqual([]);
    expect(await eventTypeCounts(both.t.db, 'helpers-bot')).toEqual({ csat: 1, 'goal.completed': 1, 'intent.detected': 1, 'message.received': 1, 'message.sent': 1, resolved: 1, 'step.reached': 1 });
    const [intent] = await both.t.db.query<{ intent: string; confidence: number }>(`SELECT intent, confidence FROM events WHERE bot_id = 'helpers-bot' AND type = 'intent.detected'`);
    expect(intent).toEqual({ intent: 'BookTable', confidence: 0.77 });

    const unreachable = new BotwatchClient({ url: 'http://127.0.0.1:9', apiKey: 'k', botId: 'nowhere', retryDelayMs: 5_000 });
    const offline = new TestAdapter(async (context) => {
      await context.sendActivity('still here');
    });
    offline.use(new BotwatchMiddleware({ client: unreachable }));
    // Every turn completes while its events are still waiting for botwatch (the retry waits 5 s).
    for (let i = 0; i < 5; i++) await offline.send(`hello ${i}`).assertReply('still here').startTest();
    await new Promise((resolve) => setImmediate(resolve)); // the activities are mapped right after the turn
    expect(unreachable.stats()).toMatchObject({ tracked: 10, accepted: 0 });
    expect(unreachable.stats().pending).toBe(10);
    expect((await unreachable.close({ timeoutMs: 50 })).failed).toBe(10);
  });
});

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Random, mixSeed } from './random.ts';

/** What a generated transcript holds, so an import of it can be checked against it. */
export interface TranscriptStats {
  bytes: number;
  activities: number;
  conversations: number;
  userMessages: number;
  botMessages: number;
  handoffs: number;
  /** Contract events an import makes of it (started, messages, intents, hand-offs, ends). */
  events: number;
  /** Activities an import skips (bot-state traces). */
  skipped: number;
}

const start = Date.UTC(2026, 0, 5, 8, 0, 0);
const utterances = ['where is my order', 'I want a refund', 'opening hours?', 'change my address', 'talk to a person', 'thanks', 'book a table for two'];
const intents = ['TrackOrder', 'Refund', 'OpeningHours', 'ChangeAddress', 'Escalate', 'Thanks', 'Booking'];

/**
 * Writes a Bot Framework transcript of about `targetBytes` to `out`, shaped like the Emulator's
 * (conversationUpdate; per turn a user message, a LUIS trace, a bot reply and a bulky BotState
 * trace, as in the BotBuilder samples' transcripts; now and then a hand-off and an end), for the
 * memory test and `npm run bench:import-transcript`. Honours backpressure, so it never holds the file.
 */
export async function writeTranscript(out: Writable, options: { targetBytes: number; seed?: number }): Promise<TranscriptStats> {
  const stats: TranscriptStats = { bytes: 0, activities: 0, conversations: 0, userMessages: 0, botMessages: 0, handoffs: 0, events: 0, skipped: 0 };
  const write = async (text: string) => {
    stats.bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  let first = true;
  const activity = async (a: Record<string, unknown>) => {
    stats.activities++;
    await write(`${first ? '[\n' : ',\n'}${JSON.stringify(a, null, 2)}`);
    first = false;
  };

  for (let c = 0; stats.bytes < options.targetBytes; c++) {
    const rnd = new Random(mixSeed(options.seed ?? 1, c));
    const conversation = { id: `gen-${c.toString(36)}|livechat` };
    const user = { id: `user-${c % 5000}`, name: 'User', role: 'user' };
    const bot = { id: 'bench-bot-account', name: 'Bench Bot', role: 'bot' };
    const base = { channelId: 'webchat', conversation, locale: 'en-US', serviceUrl: 'https://example.invalid' };
    let clock = start + c * 45_000;
    const at = (ms: number) => {
      clock += ms;
      return { timestamp: new Date(clock).toISOString(), localTimestamp: new Date(clock).toISOString().replace('Z', '+00:00') };
    };
    stats.conversations++;
    await activity({ type: 'conversationUpdate', id: `${conversation.id}-0`, ...at(0), ...base, from: user, recipient: bot, membersAdded: [bot, user], membersRemoved: [] });
    stats.events++;
    const turns = rnd.int(2, 8);
    for (let turn = 1; turn <= turns; turn++) {
      const pick = rnd.int(0, utterances.length - 1);
      const id = `${conversation.id}-${turn}`;
      await activity({ type: 'message', id: `${id}-u`, ...at(rnd.int(2_000, 20_000)), ...base, from: user, recipient: bot, text: utterances[pick], textFormat: 'plain', channelData: { clientActivityID: `${id}-client` } });
      const score = Math.round(rnd.between(0.5, 1) * 1e6) / 1e6;
      const recognized = { text: utterances[pick], intents: { [intents[pick] ?? 'None']: { score } }, entities: {} };
      await activity({ type: 'trace', id: `${id}-luis`, ...at(300), ...base, from: bot, recipient: user, name: 'LuisRecognizer', label: 'LuisV3 Trace', valueType: 'https://www.luis.ai/schemas/trace', value: { recognizerResult: recognized, luisResult: { query: utterances[pick], prediction: { topIntent: intents[pick], intents: recognized.intents, entities: {} } } } });
      await activity({ type: 'message', id: `${id}-b`, ...at(rnd.int(200, 3_000)), ...base, from: bot, recipient: user, replyToId: `${id}-u`, text: `Reply ${turn} about ${intents[pick]}`, inputHint: 'expectingInput' });
      await activity({ type: 'trace', id: `${id}-state`, ...at(100), ...base, from: bot, recipient: user, name: 'BotState', label: 'Bot State', valueType: 'https://www.botframework.com/schemas/botState', value: botState(rnd, turn) });
      stats.userMessages++;
      stats.botMessages++;
      stats.events += 3;
      stats.skipped++;
    }
    if (rnd.chance(0.1)) {
      await activity({ type: 'event', name: 'handoff.initiate', id: `${conversation.id}-handoff`, ...at(500), ...base, from: bot, recipient: user, value: { queue: 'support' } });
      stats.handoffs++;
      stats.events++;
    }
    await activity({ type: 'endOfConversation', id: `${conversation.id}-end`, ...at(1_000), ...base, from: bot, recipient: user, code: 'completedSuccessfully' });
    stats.events++;
  }
  await write(first ? '[]\n' : '\n]\n');
  return stats;
}

/** A dialog-state snapshot of the size and shape adaptive dialogs log after every turn. */
function botState(rnd: Random, turn: number): Record<string, unknown> {
  const frames = Array.from({ length: 12 + rnd.int(0, 8) }, (_, i) => ({
    id: `ActionScope[BeginDialog[AdaptiveDialog],TraceActivity(=\`Step${i}\`)...${rnd.next().toString(36).slice(2, 14)}]`,
    state: { offset: i % 3, values: { turn, index: i, note: 'x'.repeat(rnd.int(60, 240)) } },
    StackIndex: null,
    Version: rnd.next().toString(36).slice(2),
  }));
  return { turn: { dialogEvent: { Bubble: false, Name: 'endOfActions', Value: null }, lastresult: null }, conversation: { DialogState: { dialogStack: frames } }, user: {}, skill: {} };
}

import { mapActivity, newConversationStates } from '../activities/map-activity.ts';
import { scanJsonDocument } from '../json/scan-json-document.ts';
import type { ReadProgress, SourceRecord } from '../source-record.ts';

/**
 * A Bot Framework `.transcript` (one JSON array of activities, as botbuilder's transcript loggers
 * and the Emulator write it), read activity by activity: memory holds one activity at a time,
 * whatever the file's size. Positions are `activity N` (the Nth element, 1-based).
 */
export async function* readBotFramework(input: AsyncIterable<Buffer | string>, progress: ReadProgress, options: { botId?: string }): AsyncGenerator<SourceRecord> {
  const states = newConversationStates();
  for await (const part of scanJsonDocument(input, { itemNoun: 'activity', progress })) {
    if (part.kind === 'problem') {
      yield { position: part.index === undefined ? `byte ${part.offset}` : `activity ${part.index + 1}`, problem: part.message };
    } else if (part.kind === 'field') {
      yield { position: `byte ${part.offset}`, problem: 'expected a JSON array of activities (a Bot Framework transcript), found an object' };
      return;
    } else {
      const position = `activity ${part.index + 1}`;
      for (const mapped of mapActivity(part.value, `@${part.index}`, states, { idPrefix: 'bf', botId: options.botId })) yield { position, ...mapped };
    }
  }
}

const activityType = /"type"\s*:\s*"(message|conversationUpdate|trace|event|typing|endOfConversation|handoff|invoke|installationUpdate|messageReaction|contactRelationUpdate)"/;

/** A `.transcript` file, or a JSON array whose first object looks like an activity. */
export function looksLikeBotFrameworkTranscript(head: string, fileName: string | undefined): boolean {
  if (/\.transcript$/i.test(fileName ?? '')) return true;
  return /^\ufeff?\s*\[\s*\{/.test(head) && activityType.test(head) && /"(conversation|channelId|from)"\s*:/.test(head);
}

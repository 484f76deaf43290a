import { asObject, asText } from '../platform/json-values.ts';

/** One Rasa event with the sender it belongs to, or why the text is not one. */
export type SenderEvent = { senderId: string; event: unknown } | { problem: string };

/**
 * Reads one event carrying its own `sender_id`: a line of `rasa export` (or of the file event
 * broker) and a message of the Pika event broker have this same shape.
 */
export function parseSenderEvent(text: string): SenderEvent {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON (${(error as Error).message})` };
  }
  const object = asObject(event);
  if (object === undefined) return { problem: 'expected a JSON object (one Rasa event)' };
  const senderId = asText(object.sender_id);
  return senderId === undefined ? { problem: 'the event has no sender_id' } : { senderId, event };
}

import { randomUUID } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import type { BotwatchClient } from '../../client/botwatch-client.ts';
import type { HelperFields, TrackEvent } from '../../client/event-types.ts';
import { mapActivity, newConversationStates } from '../../import/activities/map-activity.ts';
import type { ConversationStates } from '../../import/activities/map-activity.ts';
import type { Role } from '../../import/activities/activity-parts.ts';
import { channelName } from '../../import/platform/channel-name.ts';

export interface BotwatchMiddlewareOptions {
  /** Where the events go; its `botId` names the bot. */
  client: BotwatchClient;
  /** Conversations whose state (last user message, buttons on screen) is remembered (default 10,000, least recently active forgotten). */
  maxConversations?: number;
  /** Told about an activity that maps to no valid event (e.g. a message with no conversation). Never thrown into the turn. */
  onError?: (error: Error) => void;
}

/** One turn, as its activities wait to be mapped: its key, and whether a recognizer trace told an intent. */
interface Turn {
  key: string;
  intents: number;
}

interface Waiting {
  activity: unknown;
  key: string;
  role: Role;
  turn: Turn;
  /** When the middleware saw it (the time of an outgoing activity the channel did not stamp). */
  seenAt: number;
  /** The turn state's recognizer result: reported only when no trace of the turn told the intent. */
  onlyWithoutIntent: boolean;
}

/** The turn-state key under which a bot may leave its recognizer's result (LUIS, CLU, or its own) for the middleware. */
export const recognizerResultKey = 'recognizerResult';

/**
 * Bot Framework middleware that reports a live bot's conversations to botwatch:
 * `adapter.use(new BotwatchMiddleware({ client }))`. It maps every incoming and outgoing activity
 * with the same mapping as a `.transcript` import (and the same event ids, so importing the bot's
 * transcripts later adds nothing), right after the turn's step that saw it, and queues the events
 * on the client: the turn never waits for the mapping or for botwatch. `step()`, `goal()`,
 * `resolved()`… report what only the bot knows.
 */
export class BotwatchMiddleware implements Middleware {
  private readonly client: BotwatchClient;
  private readonly states: ConversationStates;
  private readonly onError: ((error: Error) => void) | undefined;
  private waiting: Waiting[] = [];

  constructor(options: BotwatchMiddlewareOptions) {
    this.client = options.client;
    this.states = newConversationStates(options.maxConversations ?? 10_000);
    this.onError = options.onError;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    const turn: Turn = { key: incoming.id ?? randomUUID(), intents: 0 };
    this.queue(incoming, turn.key, 'user', turn);
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      activities.forEach((activity, i) => this.queue(activity, responses?.[i]?.id ?? randomUUID(), 'bot', turn));
      return responses;
    });
    await next();
    // A recognizer's trace (LUIS, CLU, QnA) tells the intent; failing that, the turn state may.
    const recognized: unknown = context.turnState.get(recognizerResultKey);
    if (recognized !== undefined) {
      const trace = { type: 'trace', value: { recognizerResult: recognized }, conversation: incoming.conversation, channelId: incoming.channelId, from: incoming.recipient, recipient: incoming.from };
      this.queue(trace, `${turn.key}:recognized`, 'bot', turn, true);
    }
  }

  /** A step of a designed flow (`final: true` ends the flow: the conversation completed it). */
  step(context: TurnContext, flow: string, step: string, fields?: HelperFields<'step.reached', 'flow' | 'step'>): void {
    const [conversationId, who] = this.about(context);
    this.client.step(conversationId, flow, step, { ...who, ...fields });
  }

  goal(context: TurnContext, goal: string, fields?: HelperFields<'goal.completed', 'goal'>): void {
    const [conversationId, who] = this.about(context);
    this.client.goal(conversationId, goal, { ...who, ...fields });
  }

  resolved(context: TurnContext, fields?: HelperFields<'resolved'>): void {
    const [conversationId, who] = this.about(context);
    this.client.resolved(conversationId, { ...who, ...fields });
  }

  lead(context: TurnContext, fields?: HelperFields<'lead.captured'>): void {
    const [conversationId, who] = this.about(context);
    this.client.lead(conversationId, { ...who, ...fields });
  }

  conversion(context: TurnContext, fields?: HelperFields<'conversion'>): void {
    const [conversationId, who] = this.about(context);
    this.client.conversion(conversationId, { ...who, ...fields });
  }

  csat(context: TurnContext, score: number, fields?: HelperFields<'csat', 'score'>): void {
    const [conversationId, who] = this.about(context);
    this.client.csat(conversationId, score, { ...who, ...fields });
  }

  /** An intent the bot recognised by other means than a recognizer trace or `recognizerResult`. */
  intent(context: TurnContext, intent: string, fields?: HelperFields<'intent.detected', 'intent'>): void {
    const [conversationId, who] = this.about(context);
    this.client.intent(conversationId, intent, { ...who, ...fields });
  }

  /**
   * Keeps the activity to be mapped right after the turn's current step (on the next turn of the
   * event loop): the turn pays for an array push, the mapping runs off its path, in order.
   */
  private queue(activity: unknown, key: string, role: Role, turn: Turn, onlyWithoutIntent = false): void {
    this.waiting.push({ activity, key, role, turn, seenAt: Date.now(), onlyWithoutIntent });
    if (this.waiting.length === 1) setImmediate(() => this.mapWaiting());
  }

  private mapWaiting(): void {
    const batch = this.waiting;
    this.waiting = [];
    for (const item of batch) {
      if (item.onlyWithoutIntent && item.turn.intents > 0) continue;
      item.turn.intents += this.record(item.activity, item.key, item.role, new Date(item.seenAt).toISOString());
    }
  }

  /** Maps one activity and tracks its events; returns how many were intents. Never throws. */
  private record(activity: unknown, key: string, role: Role, seenAt: string): number {
    let intents = 0;
    try {
      for (const mapped of mapActivity(activity, key, this.states, { idPrefix: 'bf', botId: this.client.botId }, { role, seenAt })) {
        if ('candidate' in mapped) {
          if (mapped.candidate.type === 'intent.detected') intents++;
          // The shared mapping makes contract events; botwatch validates them on arrival.
          this.client.track(mapped.candidate as TrackEvent);
        } else if ('problem' in mapped) this.report(new Error(`botwatch: activity ${key} maps to no event: ${mapped.problem}`));
      }
    } catch (error) {
      this.report(new Error('botwatch: could not map an activity', { cause: error }));
    }
    return intents;
  }

  /** The conversation and, as the mapping names them, the user and channel of the turn. */
  private about(context: TurnContext): [string, { userId?: string; channel?: string }] {
    const activity = context.activity;
    const channel = channelName(activity.channelId);
    const userId = activity.from?.id;
    return [activity.conversation.id, { ...(userId ? { userId } : {}), ...(channel === undefined ? {} : { channel }) }];
  }

  private report(error: Error): void {
    try {
      this.onError?.(error);
    } catch {
      // The bot's own handler failed; its turn must not.
    }
  }
}

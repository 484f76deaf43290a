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

/** The turn-state key under which a bot may leave its recognizer's result (LUIS, CLU, or its own) for the middleware. */
export const recognizerResultKey = 'recognizerResult';

/**
 * Bot Framework middleware that reports a live bot's conversations to botwatch:
 * `adapter.use(new BotwatchMiddleware({ client }))`. It maps every incoming and outgoing activity
 * with the same mapping as a `.transcript` import (and the same event ids, so importing the bot's
 * transcripts later adds nothing), and queues the events on the client: the turn never waits for
 * botwatch. `step()`, `goal()`, `resolved()`… report what only the bot knows.
 */
export class BotwatchMiddleware implements Middleware {
  private readonly client: BotwatchClient;
  private readonly states: ConversationStates;
  private readonly onError: ((error: Error) => void) | undefined;

  constructor(options: BotwatchMiddlewareOptions) {
    this.client = options.client;
    this.states = newConversationStates(options.maxConversations ?? 10_000);
    this.onError = options.onError;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    const turnKey = incoming.id ?? randomUUID();
    let intents = this.record(incoming, turnKey, 'user');
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      activities.forEach((activity, i) => (intents += this.record(activity, responses?.[i]?.id ?? randomUUID(), 'bot')));
      return responses;
    });
    await next();
    // A recognizer's trace (LUIS, CLU, QnA) already told the intent; otherwise the turn state may.
    const recognized: unknown = context.turnState.get(recognizerResultKey);
    if (recognized !== undefined && intents === 0) {
      const trace = { type: 'trace', value: { recognizerResult: recognized }, conversation: incoming.conversation, channelId: incoming.channelId, from: incoming.recipient, recipient: incoming.from };
      this.record(trace, `${turnKey}:recognized`, 'bot');
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

  /** Maps one activity and queues its events; returns how many were intents. Never throws into the turn. */
  private record(activity: unknown, key: string, role: Role): number {
    let intents = 0;
    try {
      for (const mapped of mapActivity(activity, key, this.states, { idPrefix: 'bf', botId: this.client.botId }, { role, seenAt: new Date().toISOString() })) {
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

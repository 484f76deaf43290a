import type { EventType, HelperFields } from './event-types.ts';

/**
 * One typed method per contract event type: the conversation and the fields the type requires come
 * first, everything optional (`userId`, `channel`, `timestamp`, `id`, the type's own options) last.
 */
export abstract class EventSenders {
  protected abstract emit<T extends EventType>(type: T, conversationId: string, fields: HelperFields<T, string> | undefined): void;

  conversationStarted(conversationId: string, fields?: HelperFields<'conversation.started'>): void {
    this.emit('conversation.started', conversationId, fields);
  }

  /** The end user wrote to the bot (the text is stored only where botwatch is set to keep it). */
  messageReceived(conversationId: string, fields?: HelperFields<'message.received'>): void {
    this.emit('message.received', conversationId, fields);
  }

  /** The bot answered; `latencyMs` is the time since the user's message it answers. */
  messageSent(conversationId: string, fields?: HelperFields<'message.sent'>): void {
    this.emit('message.sent', conversationId, fields);
  }

  intent(conversationId: string, intent: string, fields?: HelperFields<'intent.detected', 'intent'>): void {
    this.emit('intent.detected', conversationId, { ...fields, intent });
  }

  /** A step of a designed flow; `final: true` marks the flow's end (completion). */
  step(conversationId: string, flow: string, step: string, fields?: HelperFields<'step.reached', 'flow' | 'step'>): void {
    this.emit('step.reached', conversationId, { ...fields, flow, step });
  }

  goal(conversationId: string, goal: string, fields?: HelperFields<'goal.completed', 'goal'>): void {
    this.emit('goal.completed', conversationId, { ...fields, goal });
  }

  lead(conversationId: string, fields?: HelperFields<'lead.captured'>): void {
    this.emit('lead.captured', conversationId, fields);
  }

  conversion(conversationId: string, fields?: HelperFields<'conversion'>): void {
    this.emit('conversion', conversationId, fields);
  }

  /** Escalated to a human agent. */
  handoff(conversationId: string, fields?: HelperFields<'handoff'>): void {
    this.emit('handoff', conversationId, fields);
  }

  resolved(conversationId: string, fields?: HelperFields<'resolved'>): void {
    this.emit('resolved', conversationId, fields);
  }

  conversationEnded(conversationId: string, fields?: HelperFields<'conversation.ended'>): void {
    this.emit('conversation.ended', conversationId, fields);
  }

  /** A survey answer, a whole number from 1 to 5. */
  csat(conversationId: string, score: number, fields?: HelperFields<'csat', 'score'>): void {
    this.emit('csat', conversationId, { ...fields, score });
  }

  /** The bot's own sentiment reading, from -1 to 1. */
  sentiment(conversationId: string, score: number, fields?: HelperFields<'sentiment', 'score'>): void {
    this.emit('sentiment', conversationId, { ...fields, score });
  }

  ctaClicked(conversationId: string, cta: string, fields?: HelperFields<'cta.clicked', 'cta'>): void {
    this.emit('cta.clicked', conversationId, { ...fields, cta });
  }

  followupSent(conversationId: string, fields?: HelperFields<'followup.sent'>): void {
    this.emit('followup.sent', conversationId, fields);
  }

  delivery(conversationId: string, status: HelperFields<'delivery'>['status'] & string, fields?: HelperFields<'delivery', 'status'>): void {
    this.emit('delivery', conversationId, { ...fields, status });
  }

  /**
   * A named score: an evaluation (`faithfulness`) or user feedback (`user_feedback`), with a number
   * in `value`, a `label`, or both, e.g. `score('c-1', 'user_feedback', { value: -1, label: 'thumbs_down' })`.
   */
  score(conversationId: string, name: string, fields: HelperFields<'score', 'name'>): void {
    this.emit('score', conversationId, { ...fields, name });
  }
}

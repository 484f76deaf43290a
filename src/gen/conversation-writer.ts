/** A contract event as generated (field names as in docs/events.md). */
export type GeneratedEvent = Record<string, unknown> & { id: string; type: string; timestamp: string };

/**
 * Writes one conversation's events on its own clock. Events after `cutoff` are not written, so a
 * conversation that would run past "now" is left in progress, as live ones are.
 */
export class ConversationWriter {
  readonly events: GeneratedEvent[] = [];
  /** Multiplier on the bot's reply latencies (a planted latency rise); 1 normally. */
  latencyFactor = 1;
  private clock: number;
  private sequence = 0;

  constructor(
    readonly base: { botId: string; conversationId: string; userId: string; channel: string; botVersion: string },
    start: number,
    private readonly cutoff: number,
  ) {
    this.clock = start;
  }

  get now(): number {
    return this.clock;
  }

  /** Moves the clock forward by `ms`. */
  wait(ms: number): this {
    this.clock += Math.max(0, Math.round(ms));
    return this;
  }

  emit(type: string, fields: Record<string, unknown> = {}): this {
    if (this.clock > this.cutoff) return this;
    this.sequence++;
    this.events.push({
      id: `${this.base.conversationId}-${this.sequence}`,
      type,
      timestamp: new Date(this.clock).toISOString(),
      botId: this.base.botId,
      conversationId: this.base.conversationId,
      userId: this.base.userId,
      botVersion: this.base.botVersion,
      channel: this.base.channel,
      ...fields,
    });
    return this;
  }
}

import { defaultProfiles } from '../gen/bot-profiles.ts';
import type { BotProfile } from '../gen/bot-profiles.ts';
import type { GeneratedEvent } from '../gen/conversation-writer.ts';
import { mixSeed, Random } from '../gen/random.ts';
import { hourWeight } from '../gen/traffic-shape.ts';
import { hourStamp, pickProfile, writeConversation } from '../gen/write-conversation.ts';
import type { DemoPlan } from './demo-plan.ts';

/** One generated conversation: when it starts and every event it will have. */
export interface DemoConversation {
  startAt: number;
  events: GeneratedEvent[];
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** Seed part for an hour's arrival count (conversation streams use 0, 1, 2…). */
const countStream = 0xffff_ffff;

/** Mean hour weight over a week, so that an average day has `perDay` conversations. */
const weekMeanWeight = (() => {
  const monday = Date.UTC(2024, 0, 1);
  let total = 0;
  for (let h = 0; h < 168; h++) total += hourWeight(monday + h * hourMs, 0.5);
  return total / 168;
})();

/**
 * The demo's traffic, defined hour by hour so any stretch of time can be generated on its own:
 * the month loaded at first start, and the conversations arriving live afterwards, come from one
 * definition. An hour's arrivals are a Poisson count around the generator's daily and weekly
 * rhythm; each conversation is written whole by the bot profiles of src/gen. Deterministic: the
 * same plan gives the same conversations, ids and events for any hour, whenever it is asked.
 */
export class DemoTraffic {
  private readonly periodStart: number;
  private readonly userPools: Map<string, number>;
  private readonly cache = new Map<number, DemoConversation[]>();

  constructor(
    readonly plan: DemoPlan,
    private readonly profiles: readonly BotProfile[] = defaultProfiles,
  ) {
    this.periodStart = plan.anchor.getTime() - plan.days * dayMs;
    const totalShare = profiles.reduce((s, p) => s + p.share, 0);
    // As in the generator: users come back, about 0.7 distinct users per conversation over the month.
    this.userPools = new Map(profiles.map((p) => [p.botId, Math.max(1, Math.round(plan.perDay * plan.days * (p.share / totalShare) * 0.7))]));
  }

  /** Every conversation that starts in the UTC hour beginning at `hourStart`, with all its events. */
  hour(hourStart: number): DemoConversation[] {
    const hourIndex = hourStart / hourMs;
    const progress = (at: number) => (at - this.periodStart) / (this.plan.days * dayMs);
    const expected = (this.plan.perDay / 24) * (hourWeight(hourStart, Math.min(1, Math.max(0, progress(hourStart)))) / weekMeanWeight);
    const count = new Random(mixSeed(this.plan.seed, hourIndex, countStream)).poisson(expected);
    const conversations: DemoConversation[] = [];
    for (let k = 0; k < count; k++) {
      const r = new Random(mixSeed(this.plan.seed, hourIndex, k));
      const profile = pickProfile(this.profiles, r.next());
      const startAt = hourStart + Math.floor(r.next() * hourMs);
      const conversationId = `${profile.botId.slice(0, 3)}-${hourStamp(hourStart)}-${k}`;
      const events = writeConversation(
        { profile, conversationId, startAt, progress: progress(startAt), userPool: this.userPools.get(profile.botId) ?? 1, cutoff: Number.POSITIVE_INFINITY },
        r,
      );
      conversations.push({ startAt, events });
    }
    return conversations;
  }

  /**
   * The events, with timestamps in (`after`, `through`], of the conversations that start in
   * [`startedFrom`, `startedBefore`), one conversation per item, hour by hour.
   */
  *events(range: { startedFrom: number; startedBefore: number; after: number; through: number }, options: { cache?: boolean } = {}): Generator<GeneratedEvent[]> {
    for (let hourStart = Math.floor(range.startedFrom / hourMs) * hourMs; hourStart < range.startedBefore; hourStart += hourMs) {
      for (const { startAt, events } of this.cachedHour(hourStart, options.cache === true)) {
        if (startAt < range.startedFrom || startAt >= range.startedBefore) continue;
        const due = events.filter((e) => {
          const at = Date.parse(e.timestamp);
          return at > range.after && at <= range.through;
        });
        if (due.length > 0) yield due;
      }
    }
  }

  /** Forgets cached hours that start before `hourStart` (the live generator moves on). */
  forgetBefore(hourStart: number): void {
    for (const key of this.cache.keys()) if (key < hourStart) this.cache.delete(key);
  }

  private cachedHour(hourStart: number, cache: boolean): DemoConversation[] {
    if (!cache) return this.hour(hourStart);
    let hour = this.cache.get(hourStart);
    if (hour === undefined) this.cache.set(hourStart, (hour = this.hour(hourStart)));
    return hour;
  }
}

import { defaultProfiles } from './bot-profiles.ts';
import type { BotProfile } from './bot-profiles.ts';
import type { GeneratedEvent } from './conversation-writer.ts';
import { incidentEffect } from './incidents.ts';
import type { GenIncident } from './incidents.ts';
import { mixSeed, Random } from './random.ts';
import { hourWeight } from './traffic-shape.ts';
import { hourStamp, pickProfile, writeConversation } from './write-conversation.ts';

export interface GenerateOptions {
  /** Conversations in the whole period (exactly this many are started). */
  conversations: number;
  /** Length of the period, ending at `end`. */
  days: number;
  end: Date;
  seed: number;
  profiles?: readonly BotProfile[];
  /** Events after this instant are not written (default `end`): late conversations stay in progress. */
  cutoff?: Date;
  /** Incidents to plant (`botwatch gen --incident`): hand-off spikes, volume drops, latency rises, drifts. */
  incidents?: readonly GenIncident[];
}

const hourMs = 3_600_000;

/**
 * A realistic period of traffic for several bots, one conversation at a time, in start order:
 * a daily and weekly rhythm, a slight upward trend, a release that makes the support bot worse,
 * and any planted incidents.
 * Deterministic: the same options give the same events, byte for byte.
 */
export function* generateConversations(options: GenerateOptions): Generator<GeneratedEvent[]> {
  const profiles = options.profiles ?? defaultProfiles;
  const end = Math.floor(options.end.getTime() / hourMs) * hourMs;
  const start = end - options.days * 24 * hourMs;
  const hours = options.days * 24;
  const weights = Array.from({ length: hours }, (_, h) => hourWeight(start + h * hourMs, h / hours));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const cutoff = (options.cutoff ?? options.end).getTime();
  const totalShare = profiles.reduce((s, p) => s + p.share, 0);
  const userPool = new Map(profiles.map((p) => [p.botId, Math.max(1, Math.round(options.conversations * (p.share / totalShare) * 0.7))]));

  let carry = 0;
  let index = 0;
  for (let h = 0; h < hours; h++) {
    const exact = (options.conversations * (weights[h] ?? 0)) / totalWeight + carry;
    const count = h === hours - 1 ? options.conversations - index : Math.floor(exact);
    carry = exact - count;
    const hourStart = start + h * hourMs;
    for (let k = 0; k < count; k++, index++) {
      const r = new Random(mixSeed(options.seed, index));
      const profile = pickProfile(profiles, r.next());
      const startAt = hourStart + Math.floor(r.next() * hourMs);
      if (startAt > cutoff) continue;
      const progress = (startAt - start) / (end - start);
      const effect = incidentEffect(options.incidents ?? [], profile.botId, startAt);
      // A volume drop leaves out a share of the conversations (only its own draw: the rest stay as they were).
      if (effect.volume < 1 && r.next() >= effect.volume) continue;
      const conversationId = `${profile.botId.slice(0, 3)}-${hourStamp(hourStart)}-${k}`;
      const events = writeConversation({ profile, conversationId, startAt, progress, userPool: userPool.get(profile.botId) ?? 1, cutoff, effect }, r);
      if (events.length > 0) yield events;
    }
  }
}

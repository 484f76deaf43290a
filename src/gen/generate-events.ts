import { defaultProfiles } from './bot-profiles.ts';
import type { BotProfile } from './bot-profiles.ts';
import { ConversationWriter } from './conversation-writer.ts';
import type { GeneratedEvent } from './conversation-writer.ts';
import { mixSeed, Random } from './random.ts';

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
}

const hourMs = 3_600_000;
// Traffic by local hour of day (business hours in Central Europe, UTC+1).
const localHourWeight = [0.15, 0.1, 0.08, 0.07, 0.08, 0.15, 0.3, 0.6, 0.9, 1, 1, 0.95, 0.9, 0.95, 1, 1, 0.95, 0.85, 0.75, 0.65, 0.55, 0.45, 0.35, 0.25];

function hourWeight(hourStart: number, progress: number): number {
  const local = new Date(hourStart + hourMs);
  const weekday = local.getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 0.6 : 1;
  return (localHourWeight[local.getUTCHours()] ?? 0.5) * weekend * (0.95 + 0.1 * progress);
}

/**
 * A realistic period of traffic for several bots, one conversation at a time, in start order:
 * a daily and weekly rhythm, a slight upward trend, a release that makes the support bot worse.
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
      const profile = pickProfile(profiles, totalShare, r.next());
      const startAt = hourStart + Math.floor(r.next() * hourMs);
      if (startAt > cutoff) continue;
      const progress = (startAt - start) / (end - start);
      const stamp = new Date(hourStart).toISOString().slice(0, 13).replace(/[-T]/g, '');
      const writer = new ConversationWriter(
        {
          botId: profile.botId,
          conversationId: `${profile.botId.slice(0, 3)}-${stamp}-${k}`,
          userId: `u-${profile.botId.slice(0, 3)}-${r.int(1, userPool.get(profile.botId) ?? 1)}`,
          channel: r.pick(profile.channels),
          botVersion: profile.version(progress),
        },
        startAt,
        cutoff,
      );
      profile.script(writer, r, { progress });
      if (writer.events.length > 0) yield writer.events;
    }
  }
}

function pickProfile(profiles: readonly BotProfile[], totalShare: number, x: number): BotProfile {
  let left = x * totalShare;
  for (const p of profiles) {
    left -= p.share;
    if (left < 0) return p;
  }
  return profiles[profiles.length - 1]!;
}

import type { BotProfile } from './bot-profiles.ts';
import { ConversationWriter } from './conversation-writer.ts';
import type { GeneratedEvent } from './conversation-writer.ts';
import type { Random } from './random.ts';

/** Which bot, when, and what it is called: the parts of a conversation chosen before its script runs. */
export interface ConversationPlan {
  profile: BotProfile;
  conversationId: string;
  startAt: number;
  /** Where in the generated period it starts (0 = start, 1 = end): versions and trends. */
  progress: number;
  /** How many distinct users the bot has (the user is drawn from them: returning users). */
  userPool: number;
  /** Events after this instant (ms) are not written. */
  cutoff: number;
  /** What planted incidents do to it (src/gen/incidents.ts); nothing when absent. */
  effect?: { handoff: number; latency: number };
}

/** Runs a bot's script for one conversation, drawing user and channel from `r` first. */
export function writeConversation(plan: ConversationPlan, r: Random): GeneratedEvent[] {
  const { profile } = plan;
  const writer = new ConversationWriter(
    {
      botId: profile.botId,
      conversationId: plan.conversationId,
      userId: `u-${profile.botId.slice(0, 3)}-${r.int(1, plan.userPool)}`,
      channel: r.pick(profile.channels),
      botVersion: profile.version(plan.progress),
    },
    plan.startAt,
    plan.cutoff,
  );
  writer.latencyFactor = plan.effect?.latency ?? 1;
  profile.script(writer, r, { progress: plan.progress, handoff: plan.effect?.handoff ?? 1 });
  return writer.events;
}

/** Picks a profile by share from a uniform draw `x` in [0, 1). */
export function pickProfile(profiles: readonly BotProfile[], x: number): BotProfile {
  const totalShare = profiles.reduce((s, p) => s + p.share, 0);
  let left = x * totalShare;
  for (const p of profiles) {
    left -= p.share;
    if (left < 0) return p;
  }
  return profiles[profiles.length - 1]!;
}

/** `sup-2026112309`: the UTC hour a conversation starts in, for conversation ids. */
export function hourStamp(hourStart: number): string {
  return new Date(hourStart).toISOString().slice(0, 13).replace(/[-T]/g, '');
}

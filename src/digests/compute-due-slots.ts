import type { DigestSchedule } from './schedule.ts';
import { describeSchedule, slotsAfter, slotsBetween } from './schedule.ts';

/** What the scheduler knows about a subscription when it looks for due slots. */
export interface ScheduledSubscription {
  id: number;
  schedule: DigestSchedule;
  /** Slots at or before this are not owed: it was created (or resumed) then. */
  activeSince: Date;
  /** The latest slot already claimed or recorded, if any. */
  lastSlot: Date | null;
}

/** A slot to claim: post it (`due`), or record that it was `missed` (later than the grace period). */
export interface DueSlot {
  subscriptionId: number;
  scheduledFor: Date;
  state: 'due' | 'missed';
}

export interface DueSlotOptions {
  /** How late a slot may still be posted (BOTWATCH_DIGEST_GRACE_MINUTES). */
  graceMs: number;
  /** How far back unrecorded slots are looked for at all (after a long outage). */
  lookbackMs: number;
}

/**
 * The slots owed at `now`: every slot of every subscription after the later of its last recorded
 * slot and its start, up to `now` — those within the grace period due, older ones missed. Pure:
 * the clock is a parameter, so replicas, restarts and DST days are tested by choosing `now`.
 */
export function computeDueSlots(subscriptions: readonly ScheduledSubscription[], now: Date, options: DueSlotOptions): DueSlot[] {
  const horizon = now.getTime() - options.lookbackMs;
  const due: DueSlot[] = [];
  for (const s of subscriptions) {
    const after = new Date(Math.max(s.activeSince.getTime(), s.lastSlot?.getTime() ?? -Infinity, horizon));
    // Most subscriptions have nothing due most minutes: the remembered next slot says so without zone arithmetic.
    if (firstSlotAfter(s.schedule, after) > now) continue;
    for (const slot of slotsBetween(s.schedule, after, now)) {
      due.push({ subscriptionId: s.id, scheduledFor: slot, state: now.getTime() - slot.getTime() <= options.graceMs ? 'due' : 'missed' });
    }
  }
  return due;
}

const remembered = new Map<string, Date>();
const rememberedAtMost = 50_000;

/** The first slot after `after`, remembered (the answer never changes; only zone data could). */
function firstSlotAfter(schedule: DigestSchedule, after: Date): Date {
  const key = `${describeSchedule(schedule)}|${after.getTime()}`;
  let next = remembered.get(key);
  if (next === undefined) {
    next = slotsAfter(schedule, after).next().value as Date;
    if (remembered.size >= rememberedAtMost) remembered.clear();
    remembered.set(key, next);
  }
  return next;
}

import type { Destination } from '../chat/destination.ts';
import type { Cadence, DigestSchedule } from './schedule.ts';

/** What a digest shows: its bots (empty = every bot) and headline metrics (empty = the defaults). */
export interface DigestContentSpec {
  cadence: Cadence;
  timeZone: string;
  bots: string[];
  metrics: string[];
}

/** A channel's digest subscription as stored. */
export interface Subscription {
  id: number;
  destination: Destination;
  schedule: DigestSchedule;
  bots: string[];
  metrics: string[];
  createdBy: string;
  createdAt: Date;
  activeSince: Date;
  pausedAt: Date | null;
  pausedReason: string | null;
  /** A user id, or `botwatch` when a destination was gone. */
  pausedBy: string | null;
}

/** The content spec of a subscription. */
export function contentSpec(subscription: Subscription): DigestContentSpec {
  return { cadence: subscription.schedule.cadence, timeZone: subscription.schedule.timeZone, bots: subscription.bots, metrics: subscription.metrics };
}

/** Where a subscription posts. One destination today (the channel it was added in); runs keep a delivery row per destination. */
export function destinationsOf(subscription: Subscription): Destination[] {
  return [subscription.destination];
}

/** A stable key for a destination (a run's delivery rows are keyed by it). */
export function destinationKey(destination: Destination): string {
  return [destination.platform, destination.workspaceId ?? '', destination.channelId].join(':');
}

/** "#support-ops" or the channel id. */
export function destinationLabel(destination: Destination): string {
  return destination.name ?? destination.channelId;
}

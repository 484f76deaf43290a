import type { DeliveryResult, Deliverers } from '../chat/deliver.ts';
import type { Destination } from '../chat/destination.ts';
import type { Database } from '../db/database.ts';
import type { SelfMetrics } from '../monitoring/self-metrics.ts';
import type { Logger } from '../log.ts';
import type { Reply } from '../replies/reply.ts';
import { attemptOutcome } from './delivery-policy.ts';
import { deliveriesOf, ensureDeliveries, recordAttempt } from './store/deliveries.ts';
import type { Delivery } from './store/deliveries.ts';
import type { ClaimedRun, RunState } from './store/runs.ts';
import { finishRun, releaseRunUntil, renewLease, saveRunReply } from './store/runs.ts';
import { findSubscription, pauseSubscription, pausedByBotwatch } from './store/subscriptions.ts';
import type { Subscription } from './subscription.ts';
import { destinationLabel, destinationsOf } from './subscription.ts';

/** What running digests needs: storage, posting, composing, a clock, and who this replica is. */
export interface RunEnvironment {
  db: Database;
  /** Read at delivery time: platform modules register theirs as they start. */
  deliverers: Deliverers;
  /** Composes the digest a run posts (src/digests/content/compose-digest.ts). */
  compose: (subscription: Subscription, scheduledFor: Date) => Promise<Reply>;
  now: () => Date;
  logger: Logger;
  replicaId: string;
  /** How long a claimed run is this replica's before another may take it over. */
  leaseMs: number;
  /** Counts finished runs by state (`GET /metrics`). */
  metrics?: Pick<SelfMetrics, 'digestRuns'>;
}

/** Where a run stands after this worker is done with it (`lost`: another worker took it over). */
export interface RunOutcome {
  state: RunState | 'lost';
  deliveries: Delivery[];
  detail?: string;
}

/**
 * Runs one claimed digest run: composes the digest once (kept with the run), delivers it to each
 * destination not yet delivered, records every attempt, and finishes the run — or lets go of it
 * until a transient failure's retry is due. Every write is conditional on this worker's claim.
 * A destination that is gone pauses the subscription (logged, with the reason).
 */
export async function executeRun(env: RunEnvironment, run: ClaimedRun): Promise<RunOutcome> {
  try {
    const outcome = await deliverRun(env, run);
    env.metrics?.digestRuns.inc({ state: outcome.state });
    return outcome;
  } catch (error) {
    env.metrics?.digestRuns.inc({ state: 'error' });
    throw error;
  }
}

async function deliverRun(env: RunEnvironment, run: ClaimedRun): Promise<RunOutcome> {
  const { db, logger } = env;
  const log = logger.child({ run: run.id, subscription: run.subscriptionId, slot: run.scheduledFor.toISOString() });
  const subscription = await findSubscription(db, run.subscriptionId);
  if (subscription === undefined) return finish(env, run, 'skipped', 'the subscription was removed before it was posted');
  if (subscription.pausedAt !== null && run.trigger === 'schedule') return finish(env, run, 'skipped', `the subscription is paused: ${subscription.pausedReason ?? 'by an admin'}`);

  let reply = run.reply;
  if (reply === null) {
    try {
      reply = await env.compose(subscription, run.scheduledFor);
    } catch (error) {
      // A digest that cannot be composed now will not be composed by retrying the same thing either.
      log.error('could not compose a digest', { error });
      return finish(env, run, 'failed', `could not compose the digest: ${(error as Error).message}`);
    }
    if (!(await saveRunReply(db, run, reply))) return lost(env, run);
  }

  await ensureDeliveries(db, run.id, destinationsOf(subscription));
  for (const delivery of await deliveriesOf(db, run.id)) {
    if (delivery.state !== 'pending') continue;
    const now = env.now();
    if (delivery.nextAttemptAt !== null && delivery.nextAttemptAt > now) continue;
    if (!(await renewLease(db, run, new Date(now.getTime() + env.leaseMs)))) return lost(env, run);
    const result = await deliverOnce(env, delivery.destination, reply, log);
    const attempt = attemptOutcome(result, delivery.attempts + 1, env.now());
    if (!(await recordAttempt(db, run, delivery.key, attempt, env.now()))) return lost(env, run);
    if (attempt.state === 'gone') await pauseForGoneDestination(env, subscription, delivery.destination, attempt.reason ?? 'gone');
    if (attempt.state === 'pending') log.warn('digest delivery failed; will retry', { destination: delivery.key, attempts: attempt.attempts, reason: attempt.reason, retryAt: attempt.nextAttemptAt?.toISOString() });
    if (attempt.state === 'failed') log.error('digest delivery failed', { destination: delivery.key, attempts: attempt.attempts, reason: attempt.reason });
  }

  const deliveries = await deliveriesOf(db, run.id);
  const waiting = deliveries.filter((d) => d.state === 'pending');
  if (waiting.length > 0) {
    const next = new Date(Math.min(...waiting.map((d) => d.nextAttemptAt?.getTime() ?? env.now().getTime())));
    const detail = `retrying ${waiting.map((d) => `${destinationLabel(d.destination)} (attempt ${d.attempts + 1} at ${next.toISOString()}: ${d.reason ?? 'failed'})`).join(', ')}`;
    if (!(await releaseRunUntil(db, run, next, detail))) return lost(env, run);
    return { state: 'retrying', deliveries, detail };
  }
  const failures = deliveries.filter((d) => d.state !== 'delivered');
  const detail = failures.length === 0 ? null : failures.map((d) => `${destinationLabel(d.destination)}: ${d.state === 'gone' ? 'botwatch can no longer post there' : 'failed'} (${d.reason ?? 'no reason given'})`).join('; ');
  const outcome = await finish(env, run, failures.length === 0 ? 'delivered' : 'failed', detail);
  return { ...outcome, deliveries };
}

/** One attempt; a deliverer that throws is treated as a transient failure, and logged with its cause. */
async function deliverOnce(env: RunEnvironment, destination: Destination, reply: Reply, log: Logger): Promise<DeliveryResult> {
  const deliverer = env.deliverers[destination.platform];
  if (deliverer === undefined) return { ok: false, kind: 'failed', reason: `this botwatch has no ${destination.platform} connection configured` };
  try {
    return await deliverer.deliver(destination, reply);
  } catch (error) {
    log.error('deliverer threw instead of returning a result', { platform: destination.platform, error });
    return { ok: false, kind: 'transient', reason: `delivery error: ${(error as Error).message}` };
  }
}

async function pauseForGoneDestination(env: RunEnvironment, subscription: Subscription, destination: Destination, reason: string): Promise<void> {
  const why = `botwatch can no longer post to ${destinationLabel(destination)} (${reason})`;
  const paused = await pauseSubscription(env.db, subscription.id, { reason: why, by: pausedByBotwatch }, env.now());
  if (paused) env.logger.warn('digest subscription paused: its destination is gone', { subscription: subscription.id, destination: destination.channelId, platform: destination.platform, reason });
}

async function finish(env: RunEnvironment, run: ClaimedRun, state: 'delivered' | 'failed' | 'skipped', detail: string | null): Promise<RunOutcome> {
  if (!(await finishRun(env.db, run, state, detail, env.now()))) return lost(env, run);
  return { state, deliveries: [], ...(detail !== null ? { detail } : {}) };
}

function lost(env: RunEnvironment, run: ClaimedRun): RunOutcome {
  env.logger.warn('digest run was taken over by another replica; leaving it to them', { run: run.id, claim: run.claim });
  return { state: 'lost', deliveries: [] };
}

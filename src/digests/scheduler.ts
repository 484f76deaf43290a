import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import { formatSeconds } from '../metrics/format.ts';
import { computeDueSlots } from './compute-due-slots.ts';
import type { DueSlot } from './compute-due-slots.ts';
import { executeRun } from './execute-run.ts';
import type { RunEnvironment } from './execute-run.ts';
import type { ClaimedRun } from './store/runs.ts';
import { abandonRuns, claimSlots, deleteRunsBefore, takeOverRuns } from './store/runs.ts';
import { deleteRemovedSubscriptions, scheduledSubscriptions } from './store/subscriptions.ts';

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

export interface SchedulerOptions extends RunEnvironment {
  /** How late a slot may still be posted; older ones are recorded as missed. */
  graceMs: number;
  /** How far back unrecorded slots are looked for after an outage (default 8 days: a weekly slot). */
  lookbackMs?: number;
  /** Run history kept (default 90 days). */
  retentionMs?: number;
  /** Times a run may be taken over from a dead worker before it is recorded as failed (default 3). */
  maxTakeovers?: number;
  /** Slots one replica claims at a time; it claims more when done, so replicas share a busy minute (default 16). */
  batchSize?: number;
}

/** What one tick did (for logs and tests). */
export interface TickReport {
  claimed: number;
  missed: number;
  takenOver: number;
  abandoned: number;
  deletedRuns: number;
}

/**
 * The digest scheduler of one replica. node-cron ticks every minute in every replica; a tick
 * computes the slots owed (a pure function of the subscriptions and the clock), claims them with
 * one unique-keyed insert each batch (so exactly one replica posts each slot), takes over runs
 * whose worker died (lease expired) or whose retry is due, runs what it holds, and trims history.
 */
export class DigestScheduler {
  private task: ScheduledTask | undefined;
  private current: Promise<TickReport | undefined> | undefined;
  private lastCleanup = -Infinity;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** One tick at the injected clock's time. Tests call it directly; `start()` calls it every minute. */
  async tick(): Promise<TickReport> {
    const { db, logger, replicaId } = this.options;
    const report: TickReport = { claimed: 0, missed: 0, takenOver: 0, abandoned: 0, deletedRuns: 0 };
    const lease = () => ({ replica: replicaId, now: this.options.now(), leaseUntil: new Date(this.options.now().getTime() + this.options.leaseMs) });

    const abandoned = await abandonRuns(db, this.options.now(), this.options.maxTakeovers ?? 3);
    report.abandoned = abandoned.length;
    if (abandoned.length > 0) logger.error('digest runs given up: their workers kept stopping before they finished', { runs: abandoned.join(',') });
    const takenOver = await takeOverRuns(db, lease());
    report.takenOver = takenOver.length;
    await this.execute(takenOver);

    // Claim in batches until nothing is owed, so replicas ticking together share the work.
    for (let round = 0; round < 1000 && !this.stopping; round++) {
      const now = this.options.now();
      const slots = computeDueSlots(await scheduledSubscriptions(db), now, { graceMs: this.options.graceMs, lookbackMs: this.options.lookbackMs ?? 8 * dayMs });
      if (slots.length === 0) break;
      const missed = slots.filter((s) => s.state === 'missed');
      // Shuffled, so replicas ticking at the same moment mostly reach for different slots; only each
      // subscription's earliest slot, since planning starts after the latest slot recorded.
      const due = shuffle(earliestPerSubscription(slots.filter((s) => s.state === 'due'))).slice(0, this.options.batchSize ?? 16);
      const result = await claimSlots(db, [...missed, ...due], { ...lease(), missedDetail: `no botwatch replica was running within the grace period (${formatSeconds(this.options.graceMs / 1000)}) after the slot` });
      report.claimed += result.claimed.length;
      report.missed += result.missed.length;
      for (const run of result.missed) logger.warn('digest slot missed: no replica ran within the grace period', { subscription: run.subscriptionId, slot: run.scheduledFor.toISOString() });
      if (result.claimed.length === 0 && due.length === 0) break;
      await this.execute(result.claimed);
    }

    const now = this.options.now();
    if (now.getTime() - this.lastCleanup >= 60 * minuteMs) {
      this.lastCleanup = now.getTime();
      const cutoff = new Date(now.getTime() - (this.options.retentionMs ?? 90 * dayMs));
      report.deletedRuns = await deleteRunsBefore(db, cutoff);
      await deleteRemovedSubscriptions(db, cutoff);
    }
    return report;
  }

  /** Ticks every minute (and once now, to catch up after a restart). */
  start(): void {
    this.stopping = false;
    this.task = cron.schedule('* * * * *', () => this.safeTick(), { name: `botwatch-digests-${this.options.replicaId}`, noOverlap: true });
    // Never hold the process open on its own: the HTTP server does that.
    this.task.unref();
    void this.safeTick();
  }

  /** Stops ticking and waits for the tick in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.task?.destroy();
    this.task = undefined;
    await this.current;
  }

  private safeTick(): Promise<TickReport | undefined> {
    if (this.current !== undefined || this.stopping) return this.current ?? Promise.resolve(undefined);
    this.current = this.tick()
      .then((report) => {
        if (report.claimed + report.missed + report.takenOver + report.abandoned + report.deletedRuns > 0) this.options.logger.info('digest tick', { ...report });
        return report;
      })
      .catch((error: unknown) => {
        this.options.logger.error('digest tick failed; the next tick retries', { error });
        return undefined;
      })
      .finally(() => {
        this.current = undefined;
      });
    return this.current;
  }

  private async execute(runs: readonly ClaimedRun[]): Promise<void> {
    await Promise.all(
      runs.map(async (run) => {
        try {
          await executeRun(this.options, run);
        } catch (error) {
          // The run keeps its lease; when it expires, a tick (here or elsewhere) takes it over.
          this.options.logger.error('digest run failed; it will be taken over when its lease expires', { run: run.id, error });
        }
      }),
    );
  }
}

function earliestPerSubscription(slots: readonly DueSlot[]): DueSlot[] {
  const first = new Map<number, DueSlot>();
  for (const slot of slots) {
    const seen = first.get(slot.subscriptionId);
    if (seen === undefined || slot.scheduledFor < seen.scheduledFor) first.set(slot.subscriptionId, slot);
  }
  return [...first.values()];
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

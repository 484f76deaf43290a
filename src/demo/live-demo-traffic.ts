import type { Database } from '../db/database.ts';
import type { DemoPlan } from './demo-plan.ts';
import { DemoTraffic } from './demo-traffic.ts';
import { storeDemoEvents } from './store-demo-events.ts';
import type { StoredCounts } from './store-demo-events.ts';

const hourMs = 3_600_000;
/**
 * How far back a conversation may have started and still send events: lead-gen visitors come
 * back to book about a day after a reminder (log-normal, median 24 h), so 3 days keeps nearly all.
 */
const lookbackMs = 72 * hourMs;

/**
 * The demo's traffic after its anchor, released as time passes: each `catchUp(now)` stores the
 * events whose time has come since the last one, through the ingest path — conversations start,
 * messages and hand-offs follow minutes later, CSAT after that, as a live bot's would.
 */
export class LiveDemoTraffic {
  private readonly traffic: DemoTraffic;
  private through: number;

  /** `through`: every event up to this instant is already stored. */
  constructor(
    private readonly db: Database,
    plan: DemoPlan,
    through: Date,
  ) {
    this.traffic = new DemoTraffic(plan);
    this.through = through.getTime();
  }

  /** Every event up to here is stored. */
  get storedThrough(): Date {
    return new Date(this.through);
  }

  /**
   * Stores the events in (last instant, `now`], an hour of demo time per transaction at most (a
   * restart after a while catches up without one huge batch). Stops early when `signal` aborts.
   */
  async catchUp(now: Date, signal?: AbortSignal): Promise<StoredCounts> {
    const total: StoredCounts = { conversations: 0, events: 0, accepted: 0 };
    while (this.through < now.getTime() && signal?.aborted !== true) {
      const step = Math.min(now.getTime(), this.through + hourMs);
      const counts = await storeDemoEvents(this.db, this.traffic.events({ startedFrom: this.through - lookbackMs, startedBefore: step + 1, after: this.through, through: step }, { cache: true }), { now });
      total.conversations += counts.conversations;
      total.events += counts.events;
      total.accepted += counts.accepted;
      this.through = step;
      this.traffic.forgetBefore(Math.floor((this.through - lookbackMs) / hourMs) * hourMs);
    }
    return total;
  }
}

import type { Database, Queryable } from '../db/database.ts';
import { deleteRunsBefore } from '../digests/store/runs.ts';
import { deleteOldHistory, historyRetentionDays } from '../alerts/alert-history.ts';
import { dropEventPartitionsBefore, listEventPartitionsBefore } from '../events/partitions.ts';
import { retentionCutoff } from './retention-cutoff.ts';

/** Digest runs keep their own history this long (the digest scheduler's limit). */
export const digestHistoryDays = 90;

/** What a retention run deletes (before it runs) or deleted (after). */
export interface RetentionCounts {
  /** Conversations started before it lose their facts and rollups; undefined: kept forever. */
  cutoff: Date | undefined;
  /** Monthly event partitions wholly before the cutoff (`202510`). */
  partitions: string[];
  conversations: number;
  factRollups: number;
  stepRollups: number;
  llmGroupRollups: number;
  scoreRollups: number;
  /** Live Rasa senders (their mapping state) not seen since before the cutoff. */
  rasaSenders: number;
  expiredCharts: number;
  /** CSV exports (the files behind Teams' Download CSV links) past their expiry. */
  expiredExports: number;
  digestRuns: number;
  alertHistory: number;
}

const dayMs = 86_400_000;

async function count(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const rows = await db.query<{ n: number }>(sql, params);
  return rows[0]?.n ?? 0;
}

/** What a run at `now` keeping `days` days would delete. */
export async function planRetention(db: Database, now: Date, days: number): Promise<RetentionCounts> {
  const cutoff = retentionCutoff(now, days);
  const before = cutoff ?? new Date(0);
  return {
    cutoff,
    partitions: cutoff === undefined ? [] : await listEventPartitionsBefore(db, cutoff),
    conversations: cutoff === undefined ? 0 : await count(db, 'SELECT count(*)::int AS n FROM conversation_facts WHERE started_at < $1', [before]),
    factRollups: cutoff === undefined ? 0 : await count(db, 'SELECT count(*)::int AS n FROM fact_rollups WHERE hour < $1', [before]),
    stepRollups: cutoff === undefined ? 0 : await count(db, 'SELECT count(*)::int AS n FROM step_rollups WHERE hour < $1', [before]),
    llmGroupRollups: cutoff === undefined ? 0 : await count(db, 'SELECT count(*)::int AS n FROM llm_group_rollups WHERE hour < $1', [before]),
    scoreRollups: cutoff === undefined ? 0 : await count(db, 'SELECT count(*)::int AS n FROM score_rollups WHERE hour < $1', [before]),
    rasaSenders: cutoff === undefined ? 0 : await count(db, 'SELECT count(*)::int AS n FROM rasa_sender_state WHERE updated_at < $1', [before]),
    expiredCharts: await count(db, 'SELECT count(*)::int AS n FROM chart_images WHERE expires_at < $1', [now]),
    expiredExports: await count(db, 'SELECT count(*)::int AS n FROM exported_tables WHERE expires_at < $1', [now]),
    digestRuns: await count(db, `SELECT count(*)::int AS n FROM digest_runs WHERE created_at < $1 AND state NOT IN ('running', 'retrying')`, [new Date(now.getTime() - digestHistoryDays * dayMs)]),
    alertHistory: await count(db, 'SELECT count(*)::int AS n FROM alert_history WHERE at < $1', [new Date(now.getTime() - historyRetentionDays * dayMs)]),
  };
}

/**
 * Deletes what retention no longer keeps: event partitions wholly before the cutoff, facts and
 * hourly rollups of conversations started before it (rollup hours are those conversations' start
 * hours, and the cutoff is on a day boundary), the state of live Rasa senders not seen since
 * before it, expired chart images and CSV exports, and digest and alert history past their own
 * limits. Returns what it deleted.
 */
export async function applyRetention(db: Database, now: Date, days: number): Promise<RetentionCounts> {
  const cutoff = retentionCutoff(now, days);
  const partitions = cutoff === undefined ? [] : await dropEventPartitionsBefore(db, cutoff);
  const deleted = await db.transaction(async (tx) => {
    const remove = async (sql: string, params: unknown[]) => (await tx.query(sql, params)).length;
    const facts = cutoff === undefined ? { conversations: 0, factRollups: 0, stepRollups: 0, llmGroupRollups: 0, scoreRollups: 0, rasaSenders: 0 } : {
      conversations: await remove('DELETE FROM conversation_facts WHERE started_at < $1 RETURNING 1', [cutoff]),
      factRollups: await remove('DELETE FROM fact_rollups WHERE hour < $1 RETURNING 1', [cutoff]),
      stepRollups: await remove('DELETE FROM step_rollups WHERE hour < $1 RETURNING 1', [cutoff]),
      llmGroupRollups: await remove('DELETE FROM llm_group_rollups WHERE hour < $1 RETURNING 1', [cutoff]),
      scoreRollups: await remove('DELETE FROM score_rollups WHERE hour < $1 RETURNING 1', [cutoff]),
      // A sender back after that long continues as a new one (docs/connect-rasa.md, Restarts).
      rasaSenders: await remove('DELETE FROM rasa_sender_state WHERE updated_at < $1 RETURNING 1', [cutoff]),
    };
    return {
      ...facts,
      expiredCharts: await remove('DELETE FROM chart_images WHERE expires_at < $1 RETURNING 1', [now]),
      // Each new export removes up to 100 expired ones on the way; this takes the rest when few are made.
      expiredExports: await remove('DELETE FROM exported_tables WHERE expires_at < $1 RETURNING 1', [now]),
      digestRuns: await deleteRunsBefore(tx, new Date(now.getTime() - digestHistoryDays * dayMs)),
      alertHistory: await deleteOldHistory(tx, now),
    };
  });
  return { cutoff, partitions, ...deleted };
}

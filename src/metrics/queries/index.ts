import type { CohortQuery } from './cohort-query.ts';
import { followupRecoveryRate } from './followup-recovery.ts';
import { llmLatencyP50Ms, llmLatencyP95Ms } from './llm-latency.ts';
import { p95ResponseMs } from './p95-response.ts';
import { recontactRate } from './recontact.ts';
import { returningUserRate } from './returning-users.ts';
import { scoreAverage } from './score-average.ts';
import { countUsers } from './users.ts';

/** The metrics with `source: 'query'` in the catalog, by id. */
export const metricQueries: Record<string, CohortQuery> = {
  users: countUsers,
  p95_response_ms: p95ResponseMs,
  returning_user_rate: returningUserRate,
  recontact_rate: recontactRate,
  followup_recovery_rate: followupRecoveryRate,
  llm_latency_p50_ms: llmLatencyP50Ms,
  llm_latency_p95_ms: llmLatencyP95Ms,
  score_avg: scoreAverage,
};

import type { Queryable } from '../../db/database.ts';
import type { Interval } from '../../time/windows.ts';
import type { CohortFilter } from '../cohort.ts';
import type { MetricValue } from '../metric-value.ts';

/** A metric that needs its own query over facts and/or events, for one cohort. */
export type CohortQuery = (db: Queryable, cohort: { interval: Interval; filter: CohortFilter }) => Promise<MetricValue>;

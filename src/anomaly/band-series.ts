import type { MetricDefinition } from '../metrics/catalog.ts';
import type { TimeSeriesChart } from '../replies/reply.ts';
import { assessWindow } from './assess-window.ts';
import type { AssessContext } from './assess-window.ts';
import type { Sensitivity } from './sensitivity.ts';

const hourMs = 3_600_000;

type HourlyBandQuestion = { metric: MetricDefinition; botId: string | null; starts: readonly Date[]; end: Date; timeZone: string; sensitivity: Sensitivity };

/** The band and, when some hours had too little history for one, a learning note of such an hour. */
export interface HourlyBandReport {
  band: NonNullable<TimeSeriesChart['band']>;
  /** "learning (2 of 3 weeks)" when at least one hour had fewer weeks of history than a band needs. */
  learning?: string;
}

/**
 * The usual band for each hourly bucket of a chart (anomaly rules' charts, and `band:on` trends):
 * each hour judged as its own window, so a rate's band is the one for that hour's conversations.
 * Hours without a band (learning, no usual value) are gaps.
 */
export async function hourlyBandReport(q: HourlyBandQuestion, ctx: AssessContext): Promise<HourlyBandReport> {
  let learning: string | undefined;
  const points = await Promise.all(
    q.starts.map(async (start) => {
      const end = new Date(Math.min(start.getTime() + hourMs, q.end.getTime()));
      const judged = end > start ? await assessWindow({ metric: q.metric, botId: q.botId, window: { start, end }, timeZone: q.timeZone, sensitivity: q.sensitivity, direction: 'both' }, ctx) : undefined;
      if (judged?.kind === 'unjudged' && judged.learning) learning = judged.reason;
      return judged?.kind === 'judged' ? { t: start.toISOString(), low: judged.band.low, high: judged.band.high } : { t: start.toISOString(), low: null, high: null };
    }),
  );
  return { band: { label: `usual (${q.sensitivity} sensitivity)`, points }, ...(learning === undefined ? {} : { learning }) };
}

/** The usual band alone (see hourlyBandReport). */
export async function hourlyBand(q: HourlyBandQuestion, ctx: AssessContext): Promise<NonNullable<TimeSeriesChart['band']>> {
  return (await hourlyBandReport(q, ctx)).band;
}

import type { MetricDefinition } from '../metrics/catalog.ts';
import type { TimeSeriesChart } from '../replies/reply.ts';
import { assessWindow } from './assess-window.ts';
import type { AssessContext } from './assess-window.ts';
import type { Sensitivity } from './sensitivity.ts';

const hourMs = 3_600_000;

/**
 * The usual band for each hourly bucket of a chart (anomaly rules' charts): each hour judged as
 * its own window, so a rate's band is the one for that hour's conversations. Hours without a
 * band (learning, no usual value) are gaps.
 */
export async function hourlyBand(
  q: { metric: MetricDefinition; botId: string | null; starts: readonly Date[]; end: Date; timeZone: string; sensitivity: Sensitivity },
  ctx: AssessContext,
): Promise<NonNullable<TimeSeriesChart['band']>> {
  const points = await Promise.all(
    q.starts.map(async (start) => {
      const end = new Date(Math.min(start.getTime() + hourMs, q.end.getTime()));
      const judged = end > start ? await assessWindow({ metric: q.metric, botId: q.botId, window: { start, end }, timeZone: q.timeZone, sensitivity: q.sensitivity, direction: 'both' }, ctx) : undefined;
      return judged?.kind === 'judged' ? { t: start.toISOString(), low: judged.band.low, high: judged.band.high } : { t: start.toISOString(), low: null, high: null };
    }),
  );
  return { label: `usual (${q.sensitivity} sensitivity)`, points };
}

import type { ChartRequest } from '../replies/reply.ts';

export interface Emptiness {
  /** Headline of the "no data" card. */
  message: string;
  /** One line saying why. */
  detail: string;
}

const NO_DATA = 'No data in this window';

/**
 * Why `request` has nothing to plot, or null when it has something. Points that are all n/a count
 * as nothing: a chart of gaps would look broken.
 */
export function chartEmptiness(request: ChartRequest): Emptiness | null {
  switch (request.kind) {
    case 'timeseries': {
      const points = request.series.flatMap((s) => s.points);
      if (points.length === 0) return { message: NO_DATA, detail: 'Nothing was recorded for this metric in the selected window.' };
      if (points.every((p) => p.value === null)) {
        return { message: 'No values in this window', detail: 'The metric is n/a at every point: there was nothing to compute it from.' };
      }
      return null;
    }
    case 'bars':
      if (request.bars.length === 0) return { message: NO_DATA, detail: `No ${request.dimension} had any conversations in the selected window.` };
      if (request.bars.every((b) => b.value === null)) {
        return { message: 'No values in this window', detail: `${request.metricLabel} is n/a for every ${request.dimension}.` };
      }
      return null;
    case 'funnel':
      if (request.steps.length === 0 || request.steps.every((s) => s.reached === 0)) {
        return { message: NO_DATA, detail: `No conversation reached flow ${request.flow} in the selected window.` };
      }
      return null;
    case 'outcomes': {
      const total = request.groups.reduce((sum, g) => sum + g.success + g.mixed + g.unsuccessful, 0);
      if (total === 0) return { message: NO_DATA, detail: 'No conversation was settled in the selected window.' };
      return null;
    }
    case 'digest':
      if (request.panels.length === 0) return { message: NO_DATA, detail: 'There are no headline metrics to show for this window.' };
      return null;
  }
}

import type { TopLevelSpec } from 'vega-lite';
import type { ChartRequest } from '../replies/reply.ts';
import { barsSpec } from './bars-spec.ts';
import { chartEmptiness } from './chart-emptiness.ts';
import { digestPanelSpec } from './digest-panel-spec.ts';
import { funnelSpec } from './funnel-spec.ts';
import { noDataSpec } from './no-data-spec.ts';
import { outcomesSpec } from './outcomes-spec.ts';
import { timeSeriesSpec } from './time-series-spec.ts';

/**
 * The vega-lite specification that draws `request`: the kind's own chart, or the "no data in this
 * window" card when there is nothing to plot (never a blank picture).
 */
export function chartSpec(request: ChartRequest): TopLevelSpec {
  const empty = chartEmptiness(request);
  if (empty) return noDataSpec(request.title, request.subtitle, empty.message, empty.detail);
  switch (request.kind) {
    case 'timeseries':
      return timeSeriesSpec(request);
    case 'bars':
      return barsSpec(request);
    case 'funnel':
      return funnelSpec(request);
    case 'outcomes':
      return outcomesSpec(request);
    case 'digest':
      return digestPanelSpec(request);
  }
}

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BarsChart, ChartRequest, DigestPanelChart, FunnelChart, OutcomesChart, TimeSeriesChart } from '../../src/replies/reply.ts';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/charts/${name}.json`, import.meta.url));

function load<T extends ChartRequest>(name: string): T {
  // Fixture files are written to the reply model's types; tests trust them as the core trusts its input.
  return JSON.parse(fs.readFileSync(fixture(name), 'utf8')) as T;
}

/** One small request of each chart kind, fresh on every call (tests may change them). */
export function chartFixtures(): {
  timeseries: TimeSeriesChart;
  bars: BarsChart;
  funnel: FunnelChart;
  outcomes: OutcomesChart;
  digest: DigestPanelChart;
} {
  return {
    timeseries: load('timeseries'),
    bars: load('bars'),
    funnel: load('funnel'),
    outcomes: load('outcomes'),
    digest: load('digest'),
  };
}

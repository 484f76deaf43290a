import type { MetricValue } from '../metrics/metric-value.ts';
import type { Table } from '../replies/reply.ts';

/** A metric table's export columns: those given, then its "41/180" sample split into its two counts. */
export function sampleExportColumns(columns: Table['columns']): Table['columns'] {
  return [...columns, { key: 'numerator', label: 'Numerator' }, { key: 'denominator', label: 'Denominator' }];
}

/** A sample's two counts as raw values (null where the metric has none). */
export function sampleValues(sample: MetricValue | undefined): { numerator: number | null; denominator: number | null } {
  return { numerator: sample?.numerator ?? null, denominator: sample?.denominator ?? null };
}

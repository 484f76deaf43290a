import * as vega from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { chartSpec } from '../../src/charts/chart-spec.ts';
import type { ChartRequest } from '../../src/replies/reply.ts';
import { chartFixtures } from './chart-fixtures.ts';

type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/** A vega-lite logger that keeps what it is told, so a test can insist on silence. */
function recordingLogger(): { messages: string[]; logger: Logger } {
  const messages: string[] = [];
  const logger: Logger = {
    level: () => logger,
    error: (...args: unknown[]) => record(args),
    warn: (...args: unknown[]) => record(args),
    info: (...args: unknown[]) => record(args),
    debug: (...args: unknown[]) => record(args),
  };
  function record(args: unknown[]): Logger {
    messages.push(args.map(String).join(' '));
    return logger;
  }
  return { messages, logger };
}

describe('chart specifications', () => {
  const { timeseries, bars, funnel, outcomes, digest } = chartFixtures();
  const requests: [string, ChartRequest][] = [
    ['time series', timeseries],
    ['time series without previous period or threshold', { ...timeseries, threshold: undefined, series: timeseries.series.map((s) => ({ ...s, previous: undefined })) }],
    ['time series with three series by hour', { ...timeseries, bucket: 'hour', series: [0, 1, 2].map((i) => ({ ...timeseries.series[0]!, label: `bot ${i}` })) }],
    ['bars', bars],
    ['funnel', funnel],
    ['outcomes', outcomes],
    ['digest', digest],
    ['no-data card', { ...bars, bars: [] }],
  ];

  it.each(requests)('%s: compiles with vega-lite without warnings and parses in vega', (_name, request) => {
    const spec = chartSpec(request);
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    const { messages, logger } = recordingLogger();
    const compiled = compile(spec, { logger });
    expect(messages).toEqual([]);
    expect(() => vega.parse(compiled.spec)).not.toThrow();
  });

  it('keeps specs plain JSON (data inlined, nothing to fetch)', () => {
    for (const [, request] of requests) {
      const spec = chartSpec(request);
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
      expect(JSON.stringify(spec)).not.toMatch(/"url"\s*:/);
    }
  });
});

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMetricsDoc } from '../../src/metrics/metrics-doc.ts';

describe('docs/metrics.md', () => {
  it('is generated from the catalog and up to date (run `npm run docs:metrics`)', () => {
    expect(fs.readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8')).toBe(renderMetricsDoc());
  });
});

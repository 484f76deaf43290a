import fs from 'node:fs';
import { renderMetricsDoc } from '../src/metrics/metrics-doc.ts';

fs.writeFileSync(new URL('../docs/metrics.md', import.meta.url), renderMetricsDoc());
console.log('wrote docs/metrics.md');

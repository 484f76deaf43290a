/**
 * `npm run charts:samples`: renders one example of each chart kind into docs/images/ (docs/charts.md's
 * pictures, committed) and the edge cases into charts-edge-cases/ (looked at by eye, not committed).
 * `--only <substring>` renders just the matching names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeChartPng } from '../src/charts/write-chart-png.ts';
import { edgeCaseRequests } from './chart-edge-case-requests.ts';
import { sampleRequests } from './chart-sample-requests.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

async function renderAll(requests: ReturnType<typeof sampleRequests>, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, request] of Object.entries(requests)) {
    if (only && !name.includes(only)) continue;
    const file = path.join(dir, `${name}.png`);
    const chart = await writeChartPng(request, file);
    console.log(`${path.relative(root, file)}  ${chart.width}×${chart.height}  ${chart.altText}`);
  }
}

await renderAll(sampleRequests(), path.join(root, 'docs', 'images'));
await renderAll(edgeCaseRequests(), path.join(root, 'charts-edge-cases'));

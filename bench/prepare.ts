/**
 * `npm run bench:prepare` — loads the benchmark dataset (1,000,000 conversations, ~12.7M events,
 * 30 days, three bots) into its own database unless it is there already: with COPY plus the
 * ingest path's own fact and rollup statements (bench/copy-load.ts; about ten minutes on a
 * 2-core machine, and a second run resumes an interrupted one), or through botwatch's own ingest
 * path with `BENCH_LOAD=ingest` (about an hour).
 */
import { benchDataset, benchDatasetUrl } from './dataset.ts';
import { loadedConversations } from './growth-sizes.ts';
import { loadDataset, loadMethod, migrateDataset } from './load-dataset.ts';

const name = new URL(benchDatasetUrl).pathname.slice(1);
const method = loadMethod();
const have = await loadedConversations(benchDatasetUrl);
if (have >= benchDataset.conversations * 0.99) {
  console.log(`${name} already holds ${have.toLocaleString('en-US')} conversations`);
  await migrateDataset(benchDatasetUrl);
} else {
  console.log(`loading ${benchDataset.conversations.toLocaleString('en-US')} conversations into ${name} (${method})…`);
  await loadDataset(benchDatasetUrl, benchDataset, method);
}

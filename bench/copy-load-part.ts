/**
 * One part of a COPY load in a process of its own (bench/load-dataset.ts starts one per part when
 * `BENCH_LOAD_PARTS` asks for several): `tsx bench/copy-load-part.ts <url> <spec JSON> <index> <of>`.
 */
import { loadByCopy, type DatasetSpec } from './copy-load.ts';

const [url, specJson, index, of] = process.argv.slice(2);
if (url === undefined || specJson === undefined || index === undefined || of === undefined) throw new Error('usage: copy-load-part.ts <url> <spec JSON> <index> <of>');
const spec = JSON.parse(specJson) as DatasetSpec;
const part = { index: Number(index), of: Number(of) };
const name = new URL(url).pathname.slice(1);
let logged = 0;
const result = await loadByCopy({ url }, spec, {
  part,
  onProgress: (p) => {
    if (p.seconds - logged < 60) return;
    logged = p.seconds;
    console.log(`${name} part ${part.index + 1}/${part.of}: ${p.conversations.toLocaleString('en-US')} of its ${Math.round(spec.conversations / part.of).toLocaleString('en-US')} conversations, ${Math.round(p.events / p.seconds).toLocaleString('en-US')} events/s`);
  },
});
console.log(`${name} part ${part.index + 1}/${part.of}: ${result.events.toLocaleString('en-US')} events copied in ${Math.round(result.seconds)} s (${Math.round(result.events / result.seconds).toLocaleString('en-US')} events/s)`);

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const resvgModule = new URL('../../src/charts/resvg.ts', import.meta.url).href;

/** What a fresh process sees after loading resvg through botwatch: the allocator setting, and a render. */
async function loadInFreshProcess(env: NodeJS.ProcessEnv): Promise<{ purgeDelay: string; ours: number; width: number }> {
  const script = `
    const { Resvg, RESVG_PURGE_DELAY_MS } = await import(${JSON.stringify(resvgModule)});
    const image = new Resvg('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="4"/>', { fitTo: { mode: 'zoom', value: 2 } }).render();
    console.log(JSON.stringify({ purgeDelay: process.env.MIMALLOC_PURGE_DELAY, ours: RESVG_PURGE_DELAY_MS, width: image.width }));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env });
  return JSON.parse(stdout) as { purgeDelay: string; ours: number; width: number };
}

describe("resvg's allocator", () => {
  it('keeps freed memory for a while unless the operator set MIMALLOC_PURGE_DELAY, and resvg renders', async () => {
    const { MIMALLOC_PURGE_DELAY: _unset, ...env } = process.env;
    const ours = await loadInFreshProcess(env);
    expect(ours).toEqual({ purgeDelay: String(ours.ours), ours: ours.ours, width: 20 });
    expect(ours.ours).toBeGreaterThan(10); // mimalloc's own default: 10 ms
    expect(await loadInFreshProcess({ ...env, MIMALLOC_PURGE_DELAY: '7' })).toMatchObject({ purgeDelay: '7', width: 20 });
  });
});

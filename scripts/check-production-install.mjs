// `npm run check:production-install` (CI): what an operator does on a server — a clean clone,
// `npm ci --omit=dev`, `npm start` — must come up ready. Clones this repository's committed HEAD
// into a temporary folder, installs without dev dependencies, checks that no development tool got
// in, starts `botwatch serve` on an embedded database and asks /readyz and the console's script.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'botwatch-prod-install-'));
const checkout = join(dir, 'botwatch');
const started = performance.now();
const step = (what) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${what}`);
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });

let server;
try {
  const branch = run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], root).toString().trim();
  run('git', ['clone', '--quiet', '--branch', branch, root, checkout]);
  step(`cloned ${branch}`);
  run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], checkout);
  step('npm ci --omit=dev done');
  const devTools = ['typescript', 'tsx', 'vitest', 'eslint'].filter((name) => existsSync(join(checkout, 'node_modules', name)));
  if (devTools.length > 0) throw new Error(`a production install holds development tools: ${devTools.join(', ')}`);
  if (!existsSync(join(checkout, 'dist', '.build-stamp'))) throw new Error('npm ci did not build dist/');

  server = spawn(process.execPath, ['bin/botwatch.js', 'serve'], {
    cwd: checkout,
    env: { PATH: process.env.PATH ?? '', PORT: '0', BOTWATCH_DATA_DIR: join(dir, 'data'), BOTWATCH_LOG_FORMAT: 'json', BOTWATCH_DEMO: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`botwatch serve did not start:\n${output}`)), 120_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /"msg":"botwatch is listening","url":"([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.once('exit', (code) => reject(new Error(`botwatch serve exited with ${code}:\n${output}`)));
  });
  const ready = await fetch(`${url}/readyz`);
  if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${await ready.text()}`);
  const script = await fetch(`${url}/console/app.js`);
  if (script.status !== 200 || (await script.text()).length < 1000) throw new Error(`/console/app.js answered ${script.status}`);
  if (/older than src|tsx/.test(output)) throw new Error(`botwatch did not run from dist/:\n${output}`);
  step(`botwatch serve answered /readyz and the console from a production install`);
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
}

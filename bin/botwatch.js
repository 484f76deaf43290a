#!/usr/bin/env node
// Runs botwatch: the compiled JavaScript in dist/ (built by `npm ci`/`npm install` through the
// `prepare` script, or `npm run build`) when it is at least as new as every source file; otherwise
// the TypeScript sources through tsx, a development tool that a production install
// (`npm ci --omit=dev`) leaves out. The compiled form starts faster and uses about half the memory.
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function hasTsx() {
  try {
    createRequire(import.meta.url).resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

const stamp = statSync(`${root}/dist/.build-stamp`, { throwIfNoEntry: false });
const current = stamp !== undefined && newestMtime(`${root}/src`) <= stamp.mtimeMs;
let main;
if (current || (stamp !== undefined && !hasTsx())) {
  if (!current) process.stderr.write('botwatch: dist/ is older than src/; running it anyway (npm run build brings it up to date)\n');
  ({ main } = await import('../dist/cli/main.js'));
} else if (hasTsx()) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
} else {
  process.stderr.write('botwatch: not built and no tsx to run the sources: run npm run build (or npm ci, which builds)\n');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));

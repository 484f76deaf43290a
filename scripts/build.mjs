// `npm run build` (and `prepare`, so `npm ci`, with or without dev dependencies): compiles src/ to
// dist/ with esbuild — the one build tool among the runtime dependencies, so a production install
// (`npm ci --omit=dev`) builds too — bundles the console's browser script, and stamps dist/ so
// bin/botwatch.js can tell it is current. Type checking is `npm run typecheck` (part of npm test).
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const browser = 'src/console/browser';

function sources(dir) {
  return readdirSync(`${root}/${dir}`, { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return path === browser ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// Each file on its own, as tsc would lay them out: relative imports stay imports, now of `.js`.
const relativeImportsAsJs = {
  name: 'relative-imports-as-js',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }));
  },
};

rmSync(`${root}/dist`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: sources('src'),
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  packages: 'external',
  plugins: [relativeImportsAsJs],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});
// The console page's script, bundled for the browser (served from dist/console/browser/).
await build({
  absWorkingDir: root,
  entryPoints: [`${browser}/main.ts`],
  outfile: 'dist/console/browser/console.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
});
// Type declarations of the public entry points (`botwatch/client`, `botwatch/botframework`), for
// apps that import them. TypeScript is a development tool: a production install has no use for them.
const publicEntryPoints = ['src/client/index.ts', 'src/intake/botframework/index.ts'];
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  tsc = undefined;
}
if (tsc !== undefined) {
  const declarations = spawnSync(
    process.execPath,
    [tsc, '--declaration', '--emitDeclarationOnly', '--noCheck', '--skipLibCheck', '--allowImportingTsExtensions', '--rewriteRelativeImportExtensions',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2023', '--types', 'node', '--rootDir', 'src', '--outDir', 'dist', ...publicEntryPoints],
    { cwd: root, stdio: 'inherit' },
  );
  if (declarations.status !== 0) process.exit(declarations.status ?? 1);
}
writeFileSync(`${root}/dist/.build-stamp`, `${new Date().toISOString()}\n`);

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The console page's files. The browser code is TypeScript in src/console/browser/. Running from
 * dist/, its script is the bundle the build made (dist/console/browser/console.js); running from
 * the sources through tsx, esbuild bundles it when first asked for (≈ 50 ms). Either is kept in
 * memory. (`../../src/console/browser/` is that folder from src/console/ and from dist/console/ alike.)
 */
const browserDir = fileURLToPath(new URL('../../src/console/browser/', import.meta.url));
const builtScript = new URL('./browser/console.js', import.meta.url);

export interface Asset {
  body: Buffer;
  contentType: string;
}

export function consoleAssets() {
  let script: Promise<Asset> | undefined;
  const file = (name: string, contentType: string) => async (): Promise<Asset> => ({ body: await readFile(`${browserDir}${name}`), contentType });
  return {
    page: file('index.html', 'text/html; charset=utf-8'),
    styles: file('console.css', 'text/css; charset=utf-8'),
    /** The bundled browser script; a failed bundle is tried again on the next request. */
    script(): Promise<Asset> {
      script ??= bundleBrowserCode().catch((error: unknown) => {
        script = undefined;
        throw error;
      });
      return script;
    },
  };
}

async function bundleBrowserCode(): Promise<Asset> {
  const contentType = 'text/javascript; charset=utf-8';
  if (import.meta.url.endsWith('.js')) return { body: await readFile(builtScript), contentType };
  const { build } = await import('esbuild'); // a build tool: loaded only when running the sources
  const result = await build({
    entryPoints: [`${browserDir}main.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output for the console script');
  return { body: Buffer.from(output.contents), contentType };
}

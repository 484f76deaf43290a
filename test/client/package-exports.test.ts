import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngine } from '../helpers/test-database.ts';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const both = testDatabaseAndServer();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botwatch-exports-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * The package as an app installs it: the build's settings (tsconfig.build.json) compile the two
 * entry points into `dist/` (emit only: the type check is `npm test`'s), beside the real
 * package.json, and an app imports them by the package's `exports` names.
 */
describe(`botwatch/client and botwatch/botframework through the package exports (${testEngine})`, () => {
  it('resolves both names to the compiled entry points, which send events to botwatch', async () => {
    const packageDir = path.join(dir, 'node_modules', 'botwatch');
    fs.mkdirSync(packageDir, { recursive: true });
    fs.copyFileSync(path.join(root, 'package.json'), path.join(packageDir, 'package.json'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(packageDir, 'node_modules'));
    fs.writeFileSync(
      path.join(packageDir, 'tsconfig.json'),
      JSON.stringify({
        extends: path.join(root, 'tsconfig.build.json'),
        compilerOptions: { rootDir: path.join(root, 'src'), outDir: 'dist', noCheck: true, sourceMap: false },
        include: [],
        files: [path.join(root, 'src/client/index.ts'), path.join(root, 'src/intake/botframework/index.ts')],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', packageDir]);
    expect(fs.existsSync(path.join(packageDir, 'dist/client/index.d.ts'))).toBe(true);

    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'some-bot', type: 'module' }));
    fs.writeFileSync(
      path.join(dir, 'app.mjs'),
      `import { BotwatchClient } from 'botwatch/client';
       import { BotwatchMiddleware } from 'botwatch/botframework';
       const client = new BotwatchClient({ url: process.env.URL, apiKey: process.env.KEY, botId: 'exports-bot' });
       new BotwatchMiddleware({ client });
       client.messageReceived('c1', { userId: 'u1' });
       client.csat('c1', 5);
       console.log(JSON.stringify(await client.close()));`,
    );
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: dir, env: { ...process.env, URL: both.server.url, KEY: both.server.key } });
    expect(JSON.parse(stdout)).toMatchObject({ tracked: 2, accepted: 2, pending: 0 });
    const stored = await both.t.db.query<{ type: string }>(`SELECT type FROM events WHERE bot_id = 'exports-bot' ORDER BY type`);
    expect(stored.map((r) => r.type)).toEqual(['csat', 'message.received']);
  }, 120_000); // compiling the entry points takes a while on a busy machine
});

/**
 * `npm run docs:console-screenshot`: the picture of the console in README.md and docs/getting-started.md (docs/images/console.png),
 * taken in headless Chromium from the real console, served by botwatch over a fresh embedded
 * database holding two weeks of demo data. Needs Debian's chromium (/usr/bin/chromium).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleFactories } from '../src/app/modules.ts';
import { loadConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrations.ts';
import { openPgliteDatabase } from '../src/db/pglite-database.ts';
import { defaultDemoPlan } from '../src/demo/demo-plan.ts';
import type { DemoState } from '../src/demo/demo-state.ts';
import { writeDemoState } from '../src/demo/demo-state.ts';
import { loadDemoMonth } from '../src/demo/load-demo-month.ts';
import { silentLogger } from '../src/log.ts';
import { startBotwatch } from '../src/serve.ts';
import { chromiumPath, haveChromium, launchChromium } from '../test/helpers/chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'images', 'console.png');
if (!haveChromium) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium`);

const db = await openPgliteDatabase(undefined);
await migrate(db);
const demo: DemoState = { status: 'loading', ...defaultDemoPlan, days: 14, anchor: new Date(), loadedDays: 0 };
await writeDemoState(db, demo);
await loadDemoMonth(db, demo);
const app = await startBotwatch(loadConfig({ PORT: '0', BOTWATCH_DATA_DIR: '/nonexistent' }), silentLogger, { db, modules: moduleFactories });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1040 }, deviceScaleFactor: 1 });
  await page.goto(`http://localhost:${app.server.port}/`);
  await page.locator('#connection.live').waitFor();
  for (const command of ['/botwatch summary support-bot 7d']) {
    await page.fill('#command', command);
    await page.press('#command', 'Enter');
    await page.locator('article.from-botwatch img.chart').last().waitFor();
  }
  // In the page, these are <img> elements (this script is type-checked without the DOM library).
  await page.locator('img.chart').evaluateAll((images) => Promise.all(images.map((img) => (img as unknown as { decode(): Promise<void> }).decode())));
  // Show completion at work, as someone starts the next command.
  await page.type('#command', '/botwatch fun');
  await page.locator('#suggestions li').first().waitFor();
  await page.locator('#feed').evaluate((feed) => {
    const box = feed as unknown as { scrollTop: number; scrollHeight: number };
    box.scrollTop = box.scrollHeight;
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`${path.relative(root, out)} written`);
} finally {
  await browser.close();
  await app.stop();
}

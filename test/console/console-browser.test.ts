import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertsModule } from '../../src/alerts/alerts-module.ts';
import { moduleFactories } from '../../src/app/modules.ts';
import { consoleAsker } from '../../src/console/console-api.ts';
import { localDestination } from '../../src/console/console-deliverer.ts';
import { loadConfig } from '../../src/config.ts';
import { writeDemoState } from '../../src/demo/demo-state.ts';
import type { DemoState } from '../../src/demo/demo-state.ts';
import { loadDemoMonth } from '../../src/demo/load-demo-month.ts';
import { silentLogger } from '../../src/log.ts';
import { formatShare } from '../../src/metrics/format.ts';
import { startBotwatch } from '../../src/serve.ts';
import type { RunningBotwatch } from '../../src/serve.ts';
import { chromiumPath, haveChromium, launchChromium } from '../helpers/chromium.ts';
import { openTestDatabase, testEngine } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

// Where no Chromium could be installed the tests are skipped, and say so.
if (!haveChromium) console.warn(`SKIPPED the console's browser tests: no Chromium at ${chromiumPath} (install Debian's chromium package: apt-get install chromium)`);

/** The parts of an HTMLImageElement the tests read. */
type ImageElement = { complete: boolean; naturalWidth: number; alt: string };

let t: TestDatabase;
let app: RunningBotwatch;
let browser: Browser;
let page: Page;

describe.skipIf(!haveChromium)(`the console in headless Chromium (${testEngine})${haveChromium ? '' : ` — SKIPPED: no ${chromiumPath}`}`, () => {
  beforeAll(async () => {
    t = await openTestDatabase();
    // Two days of demo data ending now, so "summary" (last 7 days) has figures and a chart.
    const demo: DemoState = { status: 'loading', seed: 3, anchor: new Date(), days: 2, perDay: 600, loadedDays: 0 };
    await writeDemoState(t.db, demo);
    await loadDemoMonth(t.db, demo);
    const config = loadConfig({ PORT: '0', BOTWATCH_DATA_DIR: '/nonexistent' });
    app = await startBotwatch(config, silentLogger, { db: t.db, modules: moduleFactories });
    // An alert on the console channel that the demo's hand-offs fire at the first evaluation.
    const added = await app.services.answer('alert add handoff_rate above 1% support-bot window:24h min:5 for:0m', consoleAsker);
    expect(added.title).toMatch(/Alert #\d+ added/);
    await (app.modules.find((m) => m.name === 'alerts') as AlertsModule).evaluator.tick();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`http://localhost:${app.server.port}/`);
    await page.locator('#connection.live').waitFor();
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop(); // closes the database too
    if (app === undefined) await t?.close();
  });

  it('answers /botwatch summary with figures, coloured changes and a chart image that loads', async () => {
    await page.fill('#command', '/botwatch summary');
    await page.press('#command', 'Enter');
    const answer = page.locator('article.from-botwatch.origin-command').last();
    await answer.locator('.reply-title', { hasText: 'Summary' }).waitFor();
    await expect(page.locator('article.from-you .typed').last().textContent()).resolves.toBe('/botwatch summary');
    expect(await answer.locator('.figure').count()).toBeGreaterThanOrEqual(5);
    expect(await answer.locator('.figure[data-metric="handoff_rate"] .figure-value').textContent()).toMatch(/^\d+(\.\d)? %$/);
    expect(await answer.locator('.change.good, .change.bad, .change.neutral').count()).toBeGreaterThan(0);
    const chart = answer.locator('img.chart');
    await chart.waitFor();
    // Runs in the page, where the element is an <img> (this file is type-checked without the DOM library).
    await page.waitForFunction((img) => (img as unknown as ImageElement | null)?.complete === true, await chart.elementHandle());
    const size = await chart.evaluate((img) => ({ natural: (img as unknown as ImageElement).naturalWidth, alt: (img as unknown as ImageElement).alt }));
    expect(size.natural).toBeGreaterThan(0);
    expect(size.alt).not.toBe('');
  });

  it('walks the command history with ↑ and ↓ and keeps it across a reload', async () => {
    await page.fill('#command', '/botwatch bots');
    await page.press('#command', 'Enter');
    await page.locator('article.from-botwatch .reply-title', { hasText: /bots/i }).last().waitFor();
    await page.press('#command', 'ArrowUp');
    expect(await page.inputValue('#command')).toBe('/botwatch bots');
    await page.press('#command', 'ArrowUp');
    expect(await page.inputValue('#command')).toBe('/botwatch summary');
    await page.press('#command', 'ArrowDown');
    await page.press('#command', 'ArrowDown');
    expect(await page.inputValue('#command')).toBe('');
    await page.reload();
    await page.locator('#connection.live').waitFor();
    // The feed comes back from the server's history; the commands from localStorage.
    await page.locator('article.from-botwatch .reply-title', { hasText: 'Summary' }).first().waitFor();
    await page.press('#command', 'ArrowUp');
    expect(await page.inputValue('#command')).toBe('/botwatch bots');
  });

  it('completes commands, metrics and bots', async () => {
    await page.fill('#command', '');
    await page.type('#command', '/botwatch hando');
    await page.locator('#suggestions li .value', { hasText: /^handoff_rate$/ }).waitFor();
    await page.press('#command', 'Tab');
    expect(await page.inputValue('#command')).toBe('/botwatch handoff_rate ');
    await page.type('#command', 'supp');
    await page.locator('#suggestions li .value', { hasText: /^support-bot$/ }).waitFor();
    await page.press('#command', 'Tab');
    expect(await page.inputValue('#command')).toBe('/botwatch handoff_rate support-bot ');
    await page.type('#command', 'by:');
    await page.locator('#suggestions li .value', { hasText: /^by:day$/ }).waitFor();
    await page.press('#command', 'ArrowDown');
    await page.press('#command', 'ArrowDown');
    await page.press('#command', 'Enter');
    expect(await page.inputValue('#command')).toBe('/botwatch handoff_rate support-bot by:day ');
    await page.fill('#command', '');
  });

  it('shows an alert posted to the console, and its Acknowledge button works', async () => {
    const alert = page.locator('article.kind-alert').first();
    await alert.waitFor();
    expect(await alert.locator('.reply-title').textContent()).toBe('Human hand-off rate above 1 % — support-bot');
    await alert.locator('button', { hasText: 'Acknowledge' }).click();
    await alert.locator('.reply-notes', { hasText: 'Acknowledged by local at' }).waitFor();
    expect(await alert.locator('button', { hasText: 'Acknowledge' }).count()).toBe(0);
    expect(await alert.locator('button', { hasText: 'Mute' }).count()).toBe(1);
    const answer = page.locator('article.origin-action').last();
    expect(await answer.locator('.reply-title').textContent()).toMatch(/^Alert #\d+ acknowledged$/);
    expect(await answer.locator('.only-you').count()).toBe(1);
  });

  it('shows a digest delivered while the page is open, without a reload', async () => {
    const delivered = await app.services.deliverers.console?.deliver(localDestination, { kind: 'digest', title: 'Daily digest — support-bot', figures: [], notes: ['Posted while you watched.'] });
    expect(delivered?.ok).toBe(true);
    await page.locator('article.kind-digest .reply-title', { hasText: 'Daily digest — support-bot' }).waitFor();
  });

  it('lays a wide comparison table out in the message box without cutting its verdict column', async () => {
    const fits = async (width: number) => {
      await page.setViewportSize({ width, height: 900 });
      const table = page.locator('article.from-botwatch .table-wrap').last();
      const [scrollWidth, clientWidth] = await table.evaluate((w) => {
        const box = w as unknown as { scrollWidth: number; clientWidth: number };
        return [box.scrollWidth, box.clientWidth];
      });
      expect(scrollWidth, `table at ${width}px`).toBeLessThanOrEqual(clientWidth);
      const verdict = table.locator('tbody tr').first().locator('td').last();
      expect(await verdict.isVisible()).toBe(true);
      expect(await verdict.textContent()).toMatch(/vs .*(significant|no difference|n\/a)/);
    };
    await page.fill('#command', '/botwatch compare support-bot vs leadgen-bot 7d');
    await page.press('#command', 'Enter');
    await page.locator('article.from-botwatch table').last().waitFor();
    try {
      await fits(1280);
      await fits(900); // narrow: each row becomes a small card
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('shows the canonical form of a question asked in plain words', async () => {
    await page.fill('#command', 'how is support-bot doing this week');
    await page.press('#command', 'Enter');
    await page.locator('article.from-botwatch .reply-notes', { hasText: 'Showing: `summary support-bot this-week`' }).waitFor();
  });

  it('offers "Show conversations" under a rate, and the button lists them', async () => {
    await page.fill('#command', '/botwatch handoff support-bot 7d');
    await page.press('#command', 'Enter');
    const answer = page.locator('article.from-botwatch.origin-command').last();
    await answer.locator('.reply-title', { hasText: 'Human hand-off rate — support-bot' }).waitFor();
    await answer.locator('button', { hasText: 'Show conversations' }).click();
    const listed = page.locator('article.origin-action').last();
    await listed.locator('.reply-title', { hasText: 'Conversations — support-bot · counted in hand-off' }).waitFor();
    expect(await listed.locator('tbody tr').count()).toBe(20);
    expect(await listed.locator('.reply-notes').textContent()).toMatch(/Showing the 20 most recent of [\d,]+/);
  });

  it('downloads a reply’s table as CSV: the rows shown, with raw numbers', async () => {
    await page.fill('#command', '/botwatch intents support-bot 7d');
    await page.press('#command', 'Enter');
    const answer = page.locator('article.from-botwatch.origin-command').last();
    await answer.locator('.reply-title', { hasText: 'Intents — support-bot' }).waitFor();
    const link = answer.locator('a.download-csv', { hasText: 'Download CSV' });
    if (process.env.KEEP_SCREENSHOT) await answer.screenshot({ path: process.env.KEEP_SCREENSHOT });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('intents-support-bot.csv');
    const records = parse<Record<string, string>>(fs.readFileSync(await download.path(), 'utf8'), { columns: true });
    const shown = await answer.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from((row as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }).querySelectorAll('td')).map((td) => td.textContent ?? '')));
    expect(records.length).toBe(shown.length);
    expect(records.length).toBeGreaterThan(0);
    records.forEach((record, i) => {
      const [intent, conversations, share] = shown[i]!;
      expect(record.Intent).toBe(intent);
      expect(record.Conversations).toBe(conversations!.replace(/,/g, ''));
      expect(formatShare(Number(record.Share))).toBe(share);
    });
    // A message without a table or figures offers none.
    await page.fill('#command', '/botwatch help');
    await page.press('#command', 'Enter');
    await page.locator('article.from-botwatch .reply-title', { hasText: /help|botwatch/i }).last().waitFor();
    expect(await page.locator('article.from-botwatch').last().locator('a.download-csv').count()).toBe(0);
  });
});

import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's chromium package (.ci/run installs it); playwright-core never downloads a browser. */
export const chromiumPath = '/usr/bin/chromium';
export const haveChromium = fs.existsSync(chromiumPath);

/**
 * Headless, and nothing that reaches for the network: this machine has none beyond the package
 * registries, and without these flags Chromium keeps trying (machine notes, node-svc.md).
 */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts Chromium; playwright's `launch` gives it a new, empty profile (--user-data-dir) each time. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

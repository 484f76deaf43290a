import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real exports are kept in the repository as verbatim copies of the originals (see
// test/fixtures/import/real/PROVENANCE.md), so the suites run in any checkout.
const copies = fileURLToPath(new URL('../fixtures/import/real/', import.meta.url));
const shared = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const files = ['PROVENANCE.md', 'botframework/addItemWithButton.transcript', 'botframework/sandwich.transcript', 'rasa/tracker_moodbot.json'];

describe('the real fixtures', () => {
  it.skipIf(!fs.existsSync(shared))('are byte-for-byte the files in ../shared/fixtures', () => {
    for (const file of files) expect(fs.readFileSync(`${copies}${file}`).equals(fs.readFileSync(`${shared}${file}`)), file).toBe(true);
  });
});

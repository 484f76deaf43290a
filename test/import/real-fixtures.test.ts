import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real exports are verbatim copies of the originals (test/fixtures/import/real/PROVENANCE.md
// says where each comes from): the importers' tests are only evidence while the copies stay
// untouched, so their SHA-256 sums, taken from the originals, are pinned here.
const copies = fileURLToPath(new URL('../fixtures/import/real/', import.meta.url));
const originals: Record<string, string> = {
  'PROVENANCE.md': '10e813f5735fda45c2abc412b56af31e1ca988945828d24a889209c545662bad',
  'botframework/addItemWithButton.transcript': 'a3ebd8c5b30f55a80329ad71f15e34e83be86ef46b4b3a35d0dc30cd487dab36',
  'botframework/sandwich.transcript': '5b88ed9d8705ed36cfcef54378a0cbeb26d9d08ddc6e1843d596a514cb25f9d3',
  'rasa/tracker_moodbot.json': 'af31d0daacad3d5ef9d2c742f51e294af5d37d3cf1ef48ae270fbd88bb6bd740',
};

describe('the real fixtures', () => {
  it('are byte-for-byte the original exports', () => {
    for (const [file, sha256] of Object.entries(originals)) {
      expect(createHash('sha256').update(fs.readFileSync(`${copies}${file}`)).digest('hex'), file).toBe(sha256);
    }
  });
});

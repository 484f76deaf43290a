import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Database } from '../../src/db/database.ts';
import { chooseFormat } from '../../src/import/formats.ts';
import type { ReaderOptions } from '../../src/import/formats.ts';
import { importRecords } from '../../src/import/import-records.ts';
import type { ImportCounts } from '../../src/import/import-records.ts';

/** Imports a file (or text) in a platform format through the real pipeline; returns counts and rejections. */
export async function importPlatformFile(
  db: Database,
  format: string,
  source: URL | string | { text: string },
  options: ReaderOptions = {},
): Promise<{ counts: ImportCounts; rejected: string[] }> {
  const rejected: string[] = [];
  const input = typeof source === 'object' && 'text' in source ? Readable.from([Buffer.from(source.text)]) : fs.createReadStream(source);
  const counts = await importRecords(db, chooseFormat(format, '', undefined).read(input, { bytesRead: 0 }, options), {
    storeMessageText: false,
    onRejected: (position, message) => rejected.push(`${position}: ${message}`),
  });
  return { counts, rejected };
}

/** What a bot's conversations add up to (their conversation facts). */
export async function conversationTotals(db: Database, botId: string): Promise<{ conversations: number; inbound: number; outbound: number; handedOff: number }> {
  const rows = await db.query<{ conversations: number; inbound: number; outbound: number; handed_off: number }>(
    `SELECT count(*) AS conversations, coalesce(sum(inbound_count), 0) AS inbound, coalesce(sum(outbound_count), 0) AS outbound,
            count(handed_off_at) AS handed_off
     FROM conversation_facts WHERE bot_id = $1`,
    [botId],
  );
  const r = rows[0];
  return { conversations: r?.conversations ?? 0, inbound: r?.inbound ?? 0, outbound: r?.outbound ?? 0, handedOff: r?.handed_off ?? 0 };
}

/** How many stored events of each type a bot has. */
export async function eventTypeCounts(db: Database, botId: string): Promise<Record<string, number>> {
  const rows = await db.query<{ type: string; n: number }>(`SELECT type, count(*) AS n FROM events WHERE bot_id = $1 GROUP BY type ORDER BY type`, [botId]);
  return Object.fromEntries(rows.map((r) => [r.type, r.n]));
}

/** One conversation's fact row. */
export async function conversationFacts(db: Database, botId: string, conversationId: string): Promise<Record<string, unknown> | undefined> {
  const rows = await db.query(`SELECT * FROM conversation_facts WHERE bot_id = $1 AND conversation_id = $2`, [botId, conversationId]);
  return rows[0];
}

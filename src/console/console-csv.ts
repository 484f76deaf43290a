import type { ServerResponse } from 'node:http';
import { sendError } from '../http/respond.ts';
import { replyCsv } from '../replies/export-csv.ts';
import { csvFileName } from '../replies/exported-table.ts';
import type { ConsoleFeed } from './console-feed.ts';

/** `GET /console/messages/<id>.csv`: a message's table as a CSV download (404 when it has none or is no longer kept). */
export function sendConsoleCsv(feed: ConsoleFeed, res: ServerResponse, url: URL): void {
  const match = /^\/console\/messages\/(m\d{1,12})\.csv$/.exec(url.pathname);
  const entry = match?.[1] === undefined ? undefined : feed.find(match[1]);
  if (entry?.reply === undefined) return sendError(res, 404, 'That message is no longer in the console (it keeps the latest 200).');
  const csv = replyCsv(entry.reply);
  if (csv === undefined) return sendError(res, 404, 'That message has no table to export.');
  const body = Buffer.from(csv, 'utf8');
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8; header=present',
    'content-length': body.length,
    'content-disposition': `attachment; filename="${csvFileName(entry.reply)}"`,
    'cache-control': 'no-store',
  });
  res.end(body);
}

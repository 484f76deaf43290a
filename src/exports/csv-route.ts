import { checkCsvLink } from '../charts/chart-links.ts';
import type { Database } from '../db/database.ts';
import { sendError } from '../http/respond.ts';
import type { Route } from '../http/router.ts';
import { loadExportedCsv } from './csv-store.ts';

/** `GET /exports/<id>.csv?exp&sig`: a stored table export, for a valid unexpired signature only (else 403). */
export function csvRoute(db: Database, signingKey: () => Promise<string>): Route {
  return {
    method: 'GET',
    path: '/exports/*',
    handler: async (_req, res, url) => {
      const match = /^\/exports\/([A-Za-z0-9_-]{1,64})\.csv$/.exec(url.pathname);
      if (!match?.[1]) return sendError(res, 404, 'no such export');
      const verdict = checkCsvLink(match[1], url.searchParams.get('exp'), url.searchParams.get('sig'), await signingKey());
      if (verdict !== 'ok') return sendError(res, 403, verdict === 'expired' ? 'this CSV link has expired' : 'bad CSV link signature');
      const stored = await loadExportedCsv(db, match[1]);
      if (stored === undefined) return sendError(res, 404, 'no such export (it may have expired)');
      const body = Buffer.from(stored.csv, 'utf8');
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8; header=present',
        'content-length': body.length,
        'content-disposition': `attachment; filename="${stored.fileName}"`,
        'cache-control': 'private, max-age=86400, immutable',
      });
      res.end(body);
    },
  };
}

import type { Database } from '../db/database.ts';
import { sendError } from '../http/respond.ts';
import type { Route } from '../http/router.ts';
import { checkChartLink } from './chart-links.ts';
import { loadChartImage } from './chart-store.ts';

/** `GET /charts/<id>.png?exp&sig`: a stored chart, for a valid unexpired signature only (else 403). */
export function chartRoute(db: Database, signingKey: () => Promise<string>): Route {
  return {
    method: 'GET',
    path: '/charts/*',
    handler: async (_req, res, url) => {
      const match = /^\/charts\/([A-Za-z0-9_-]{1,64})\.png$/.exec(url.pathname);
      if (!match?.[1]) return sendError(res, 404, 'no such chart');
      const verdict = checkChartLink(match[1], url.searchParams.get('exp'), url.searchParams.get('sig'), await signingKey());
      if (verdict !== 'ok') return sendError(res, 403, verdict === 'expired' ? 'this chart link has expired' : 'bad chart link signature');
      const chart = await loadChartImage(db, match[1]);
      if (chart === undefined) return sendError(res, 404, 'no such chart (it may have expired)');
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': chart.png.length, 'cache-control': 'private, max-age=86400, immutable' });
      res.end(chart.png);
    },
  };
}

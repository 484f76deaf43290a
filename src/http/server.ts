import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDatabaseUnavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import { sendError } from './respond.ts';
import { matchRoute } from './router.ts';
import type { Route } from './router.ts';

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and waits (up to `graceMs`) for requests in flight. */
  close(graceMs?: number): Promise<void>;
}

/** Starts the HTTP server on host:port with the given routes. A handler that throws gets a logged 500. */
export async function startHttpServer(options: { host: string; port: number; routes: readonly Route[]; logger: Logger }): Promise<HttpServer> {
  const { routes, logger } = options;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const server = http.createServer((req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { route, allowed } = matchRoute(routes, req.method ?? 'GET', url.pathname);
    if (route === undefined) {
      if (allowed.length > 0) sendError(res, 405, `method ${req.method ?? ''} not allowed on ${url.pathname}`, { allow: allowed.join(', ') });
      else sendError(res, 404, `no such endpoint: ${url.pathname}`);
      return;
    }
    Promise.resolve()
      .then(() => route.handler(req, res, url))
      .catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) {
          // A stalled or unreachable database is an outage to wait out, not a bug: say when to retry.
          logger.warn('database unreachable; answering 503', { method: req.method, path: url.pathname, error });
          if (!res.headersSent) sendError(res, 503, 'the database is unreachable or too slow right now; retry later', { 'retry-after': '5' });
          else res.end();
          return;
        }
        logger.error('request failed', { method: req.method, path: url.pathname, error });
        if (!res.headersSent) sendError(res, 500, 'internal error; the cause is in the botwatch log');
        else res.end();
      });
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDatabaseUnavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import { newLogId, withLogContext } from '../logging/log-context.ts';
import { sendError } from './respond.ts';
import { matchRoute } from './router.ts';
import type { Route } from './router.ts';

/** A request being answered. */
export interface RequestInFlight {
  requestId: string;
  method: string;
  path: string;
  runningMs: number;
}

export interface HttpServer {
  readonly url: string;
  readonly port: number;
  /** The requests being answered now (what a forced shutdown abandons). */
  requestsInFlight(): RequestInFlight[];
  /**
   * Stops accepting connections (new requests on open connections get 503 and `connection:
   * close`) and waits up to `graceMs` for requests in flight before cutting them off.
   */
  close(graceMs?: number): Promise<void>;
}

/** An id a caller sent along (`x-request-id`), if it is short and plain enough to log. */
function callerRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(value) ? value : undefined;
}

/**
 * Starts the HTTP server on host:port with the given routes. Each request gets an id (its
 * `x-request-id`, echoed in the response) that every log line it causes carries. A handler that
 * throws gets a logged 500.
 */
export async function startHttpServer(options: { host: string; port: number; routes: readonly Route[]; logger: Logger }): Promise<HttpServer> {
  const { routes, logger } = options;
  const running = new Set<{ requestId: string; method: string; path: string; started: number }>();
  let idle: (() => void) | undefined;
  let closing = false;

  const server = http.createServer((req, res) => {
    const requestId = callerRequestId(req.headers['x-request-id']) ?? newLogId();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const started = performance.now();
    res.setHeader('x-request-id', requestId);
    if (closing) {
      sendError(res, 503, 'botwatch is shutting down', { connection: 'close', 'retry-after': '5' });
      return;
    }
    const entry = { requestId, method: req.method ?? '', path: url.pathname, started };
    running.add(entry);
    res.on('close', () => {
      running.delete(entry);
      logger.debug('request', { requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) });
      if (running.size === 0) idle?.();
    });
    withLogContext({ requestId }, () => {
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
          if (!res.headersSent) sendError(res, 500, `internal error; the cause is in the botwatch log (request ${requestId})`);
          else res.end();
        });
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
    requestsInFlight() {
      const now = performance.now();
      return [...running].map((r) => ({ requestId: r.requestId, method: r.method, path: r.path, runningMs: Math.round(now - r.started) }));
    },
    async close(graceMs = 10_000) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (running.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

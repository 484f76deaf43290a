import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotwatchModule, ModuleFactory } from '../app/module.ts';
import { sendError, sendJson } from '../http/respond.ts';
import type { Handler, Route } from '../http/router.ts';
import { checkConsoleRequest, consoleAccess } from './console-access.ts';
import type { ConsoleAccess } from './console-access.ts';
import { consoleApi } from './console-api.ts';
import { consoleAssets } from './console-assets.ts';
import { sendConsoleCsv } from './console-csv.ts';
import type { Asset } from './console-assets.ts';
import { ConsoleDeliverer } from './console-deliverer.ts';
import { ConsoleFeed } from './console-feed.ts';
import { consoleStatus } from './console-status.ts';
import { consoleStream } from './console-stream.ts';
import { consoleVocabulary } from './console-vocabulary.ts';

/**
 * The local console: a chat channel in the browser at `/` where `/botwatch …` commands are
 * answered with the same replies Slack and Teams get, and where digests and alerts posted to the
 * `console` platform appear as they happen. On loopback by default; elsewhere only with a token.
 */
export const consoleModule: ModuleFactory = (services) => {
  const access = consoleAccess(services.config);
  if (access.mode === 'off') {
    services.logger.info('console off', { reason: access.reason });
    const refuse: Handler = (_req, res) => sendError(res, 403, access.reason);
    return { name: 'console', routes: [{ method: 'GET', path: '/', handler: refuse }, { method: 'GET', path: '/console/*', handler: refuse }, { method: 'POST', path: '/console/*', handler: refuse }] };
  }

  const feed = new ConsoleFeed(services.now);
  const api = consoleApi(services, feed);
  const stream = consoleStream(feed);
  const assets = consoleAssets();
  const serve = (asset: () => Promise<Asset>, cache: string): Handler => async (_req, res) => {
    const { body, contentType } = await asset();
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length, 'cache-control': cache });
    res.end(body);
  };
  const routes: Route[] = [
    { method: 'GET', path: '/', handler: serve(assets.page, 'no-cache') },
    { method: 'GET', path: '/console/app.js', handler: serve(() => assets.script(), 'no-cache') },
    { method: 'GET', path: '/console/console.css', handler: serve(assets.styles, 'no-cache') },
    { method: 'GET', path: '/console/events', handler: (req, res) => stream.handler(req, res) },
    { method: 'GET', path: '/console/status', handler: async (_req, res) => sendJson(res, 200, await consoleStatus(services.readDb), { 'cache-control': 'no-store' }) },
    { method: 'GET', path: '/console/vocabulary', handler: async (_req, res) => sendJson(res, 200, await consoleVocabulary(services.readDb), { 'cache-control': 'no-store' }) },
    { method: 'GET', path: '/console/messages/*', handler: (_req, res, url) => sendConsoleCsv(feed, res, url) },
    { method: 'POST', path: '/console/ask', handler: (req, res) => api.ask(req, res) },
    { method: 'POST', path: '/console/action', handler: (req, res) => api.action(req, res) },
  ];

  const module: BotwatchModule = {
    name: 'console',
    routes: routes.map((route) => ({ ...route, handler: guarded(access, route.handler) })),
    deliverer: new ConsoleDeliverer(feed, services),
    async start() {
      services.logger.info(`console: open ${services.publicBaseUrl()}/${access.mode === 'token' ? '?token=<BOTWATCH_CONSOLE_TOKEN>' : ''} in a browser`);
      // Bundle the page's script now, so a broken one shows in the log at start, not on first visit.
      await assets.script().catch((error: unknown) => services.logger.error('console: the browser script could not be built', { error }));
    },
    stop() {
      stream.closeAll();
      return Promise.resolve();
    },
  };
  return module;
};

/** Runs `handler` only for requests the console's access allows; `?token=` on the page sets the cookie and cleans the address. */
function guarded(access: ConsoleAccess, handler: Handler): Handler {
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const verdict = checkConsoleRequest(access, req, url);
    if (!verdict.ok) return sendError(res, verdict.status, verdict.message);
    if (verdict.setCookie !== undefined) {
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(303, { location: '/', 'set-cookie': verdict.setCookie, 'content-length': 0 });
        res.end();
        return;
      }
      res.setHeader('set-cookie', verdict.setCookie);
    }
    return handler(req, res, url);
  };
}

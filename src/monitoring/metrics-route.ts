import type { Config } from '../config.ts';
import { checkConsoleRequest, consoleAccess } from '../console/console-access.ts';
import { sendError } from '../http/respond.ts';
import type { Route } from '../http/router.ts';
import type { SelfMetrics } from './self-metrics.ts';

/**
 * `GET /metrics`: botwatch's own metrics in the Prometheus text format, reachable like the
 * console: from this machine when botwatch listens on loopback, else with BOTWATCH_CONSOLE_TOKEN
 * (`Authorization: Bearer <token>`). BOTWATCH_CONSOLE=off turns off the console, not this.
 */
export function metricsRoute(config: Pick<Config, 'host' | 'console'>, metrics: SelfMetrics): Route {
  const access = consoleAccess({ host: config.host, console: { ...config.console, mode: 'auto' } });
  return {
    method: 'GET',
    path: '/metrics',
    handler: async (req, res, url) => {
      const verdict = checkConsoleRequest(access, req, url);
      if (!verdict.ok) return sendError(res, verdict.status, verdict.message.replace(/^The console/, '/metrics, like the console,'));
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

/** One HTTP route. `path` is exact, or a prefix when it ends with `*`. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  path: string;
  handler: Handler;
}

/** Finds the handler for a request: exact paths first, then the longest matching prefix. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): { route?: Route; allowed: string[] } {
  const matches = routes.filter((r) => (r.path.endsWith('*') ? pathname.startsWith(r.path.slice(0, -1)) : r.path === pathname));
  const ordered = matches.sort((a, b) => Number(b.path.endsWith('*') ? 0 : 1) - Number(a.path.endsWith('*') ? 0 : 1) || b.path.length - a.path.length);
  const route = ordered.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET'));
  return { route, allowed: [...new Set(ordered.map((r) => r.method))] };
}

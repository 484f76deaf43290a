import { openApiDocument } from './openapi.ts';
import { sendJson } from './respond.ts';
import type { Route } from './router.ts';

/** `GET /openapi.json`: the OpenAPI 3.1 document of the HTTP API (the same as docs/openapi.json). */
export function openApiRoute(): Route {
  let document: Record<string, unknown> | undefined;
  return {
    method: 'GET',
    path: '/openapi.json',
    handler: (_req, res) => {
      document ??= openApiDocument();
      sendJson(res, 200, document, { 'cache-control': 'no-cache' });
    },
  };
}

import fs from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseAndServer } from '../helpers/test-server.ts';

const documentFile = new URL('../../docs/openapi.json', import.meta.url);
const document = JSON.parse(fs.readFileSync(documentFile, 'utf8')) as {
  paths: Record<string, Record<string, { requestBody: { content: Record<string, unknown> }; responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }> }>>;
};

/** Request and response validation against the document, with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1). */
function openApiValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'openapi.json');
  const pointer = (...parts: string[]) => `openapi.json#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
  const compile = (ref: string): ValidateFunction => ajv.compile({ $ref: ref });
  return {
    request(path: string, method: string, contentType: string, body: unknown): string[] {
      const operation = document.paths[path]?.[method];
      if (operation === undefined) return [`no operation ${method.toUpperCase()} ${path}`];
      if (!(contentType in operation.requestBody.content)) return [`content type ${contentType} is not documented`];
      const validate = compile(pointer('paths', path, method, 'requestBody', 'content', contentType, 'schema'));
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
    },
    response(path: string, method: string, status: number, headers: Headers, body: unknown): string[] {
      const response = document.paths[path]?.[method]?.responses[String(status)];
      if (response === undefined) return [`status ${status} is not documented for ${method.toUpperCase()} ${path}`];
      const problems = Object.keys(response.headers ?? {}).filter((name) => !headers.has(name)).map((name) => `header ${name} missing`);
      const mediaType = (headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
      if (response.content !== undefined) {
        if (!(mediaType in response.content)) return [...problems, `content type ${mediaType} is not documented for ${status}`];
        const validate = compile(pointer('paths', path, method, 'responses', String(status), 'content', mediaType, 'schema'));
        if (!validate(body)) problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
      }
      return problems;
    },
  };
}

describe('the OpenAPI document', () => {
  const both = testDatabaseAndServer();
  let validator: ReturnType<typeof openApiValidator>;
  beforeAll(() => {
    validator = openApiValidator();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(documentFile.pathname);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is served at GET /openapi.json, the same as docs/openapi.json', async () => {
    const response = await fetch(`${both.server.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(document);
  });

  async function send(body: string, contentType: string, authorization: string | null = `Bearer ${both.server.key}`) {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (authorization !== null) headers.authorization = authorization;
    const response = await fetch(`${both.server.url}/v1/events`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  it('describes a real batch: the request validates, and so does what botwatch answers', async () => {
    const events = [
      { id: 'oa-1', type: 'message.received', timestamp: '2026-11-23T09:00:00Z', botId: 'openapi-bot', conversationId: 'c-1', userId: 'u-1', channel: 'web', locale: 'de' },
      { id: 'oa-2', type: 'message.sent', timestamp: '2026-11-23T09:00:01+01:00', botId: 'openapi-bot', conversationId: 'c-1', latencyMs: 850, expectsReply: true, ctas: ['Yes', 'No'] },
      { id: 'oa-3', type: 'csat', timestamp: '2026-11-23T09:05:00Z', botId: 'openapi-bot', conversationId: 'c-1', score: 5 },
    ];
    expect(validator.request('/v1/events', 'post', 'application/json', events)).toEqual([]);
    expect(validator.request('/v1/events', 'post', 'application/json', { events })).toEqual([]);
    const answer = await send(JSON.stringify(events), 'application/json');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 3, rejected: 0 });
    expect(validator.response('/v1/events', 'post', answer.status, answer.headers, answer.body)).toEqual([]);

    const again = await send(events.map((e) => JSON.stringify(e)).join('\n'), 'application/x-ndjson');
    expect(again.body).toMatchObject({ accepted: 0, duplicate: 3 });
    expect(validator.response('/v1/events', 'post', again.status, again.headers, again.body)).toEqual([]);
  });

  it('rejects what botwatch rejects, and documents the answers', async () => {
    const bad = [
      { id: 'oa-9', type: 'csat', timestamp: '2026-11-23T09:05:00Z', botId: 'openapi-bot', conversationId: 'c-1', score: 7 },
      { id: 'oa-10', type: 'message.sent', timestamp: 'yesterday', botId: 'openapi-bot', conversationId: 'c-1' },
      { id: 'oa-11', type: 'page.viewed', timestamp: '2026-11-23T09:05:00Z', botId: 'openapi-bot', conversationId: 'c-1' },
      { id: 'oa-12', type: 'handoff', timestamp: '2026-11-23T09:05:00Z', botId: 'Bad Bot', conversationId: 'c-1' },
    ];
    for (const event of bad) expect(validator.request('/v1/events', 'post', 'application/json', [event]), event.id).not.toEqual([]);
    const answer = await send(JSON.stringify(bad), 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ accepted: 0, rejected: 4 });
    expect(validator.response('/v1/events', 'post', answer.status, answer.headers, answer.body)).toEqual([]);

    for (const [body, contentType, authorization, status] of [
      ['[]', 'application/json', undefined, 400],
      ['{"nope":', 'application/json', undefined, 400],
      ['[]', 'application/json', null, 401],
      ['[]', 'application/json', 'Bearer bw_not_a_key', 401],
      ['[]', 'text/plain', undefined, 415],
      [JSON.stringify(Array.from({ length: 5001 }, () => ({}))), 'application/json', undefined, 413],
    ] as const) {
      const refused = await send(body, contentType, authorization);
      expect(refused.status, `${contentType} ${body.slice(0, 20)}`).toBe(status);
      expect(validator.response('/v1/events', 'post', refused.status, refused.headers, refused.body)).toEqual([]);
    }
  });

  it('documents the health answers', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(`${both.server.url}${path}`);
      expect(validator.response(path, 'get', response.status, response.headers, await response.json())).toEqual([]);
    }
  });
});

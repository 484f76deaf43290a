import { createSign, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request botwatch made to the Bot Connector, as the stand-in saw it. */
export interface ConnectorRequest {
  method: 'POST' | 'PUT' | 'DELETE';
  /** Decoded conversation id from the URL (a channel thread keeps its `;messageid=…`). */
  conversationId: string;
  /** `…/activities/{activityId}`: the message replied to (POST) or updated/deleted (PUT/DELETE). */
  activityId?: string;
  /** The activity JSON sent (POST and PUT). */
  activity: Record<string, unknown>;
  /** `authorization` header, when botwatch sent one. */
  authorization?: string;
  /** What the stand-in answered. */
  status: number;
  /** Id of the posted or updated message (successful requests). */
  messageId?: string;
}

/** A scripted answer for the next request to an activities endpoint. */
export interface ConnectorFailure {
  status: number;
  /** Bot Connector error code, e.g. `ConversationNotFound`, `BotNotInConversationRoster`. */
  code?: string;
  message?: string;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
}

export interface BotConnectorStandIn {
  /** Put this in activities' `serviceUrl` (ends with `/`). */
  serviceUrl: string;
  /** OpenID metadata whose keys sign {@link signToken}'s tokens (for botbuilder's JWT check). */
  openIdMetadataUrl: string;
  /** Every request to an activities endpoint, in order, failed ones included. */
  requests: ConnectorRequest[];
  /** Successful POSTs (new messages and replies), in order. */
  posted(): ConnectorRequest[];
  /** Successful PUTs (message updates). */
  updated(): ConnectorRequest[];
  /** Answers the next activity requests with these failures, in order; then succeeds again. */
  failNext(...failures: ConnectorFailure[]): void;
  /** Resolves when `count` successful POSTs have been recorded (for posts made in the background). */
  waitForPosts(count: number, timeoutMs?: number): Promise<ConnectorRequest[]>;
  /**
   * A Bot Framework channel token as Teams sends it (`Authorization: Bearer …`), signed with the
   * key the stand-in publishes. `claims` override the defaults; `signedWith: 'unknown-key'` signs
   * with a key that is not published (a forgery).
   */
  signToken(claims: { aud: string; serviceurl?: string } & Record<string, unknown>, options?: { signedWith?: 'published-key' | 'unknown-key'; kid?: string }): string;
  close(): Promise<void>;
}

const issuer = 'https://api.botframework.com';

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = base64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${base64url(signature)}`;
}

/**
 * A local stand-in for the Bot Connector service Teams bots talk to: it answers like the real one
 * (`{ id }` for posted and updated activities, Bot Connector error bodies), records what botwatch
 * sends to `{serviceUrl}/v3/conversations/{id}/activities[/{activityId}]`, can be scripted to
 * fail (429 with Retry-After, 412, 502, 403 BotNotInConversationRoster…), and serves OpenID
 * metadata and keys so botbuilder can check tokens signed by {@link BotConnectorStandIn.signToken}.
 */
export async function startBotConnectorStandIn(): Promise<BotConnectorStandIn> {
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const unknown = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'stand-in-key';
  const requests: ConnectorRequest[] = [];
  const script: ConnectorFailure[] = [];
  const waiters: (() => void)[] = [];
  let nextMessageId = 1_700_000_000_000;
  let base = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && url.pathname === '/v1/.well-known/openidconfiguration') {
        return send(200, { issuer, jwks_uri: `${base}v1/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (req.method === 'GET' && url.pathname === '/v1/keys') {
        const jwk = published.publicKey.export({ format: 'jwk' });
        return send(200, { keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements: ['msteams', 'emulator'] }] });
      }
      if (req.method === 'POST' && url.pathname === '/v3/conversations') {
        return send(201, { id: `a:created-${nextMessageId++}`, activityId: String(nextMessageId++) });
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
      const method = req.method;
      if (!match?.[1] || (method !== 'POST' && method !== 'PUT' && method !== 'DELETE') || (method !== 'POST' && !match[2])) {
        return send(404, { error: { code: 'NotFound', message: `the stand-in has no ${req.method ?? ''} ${url.pathname}` } });
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: ConnectorRequest = {
        method,
        conversationId: decodeURIComponent(match[1]),
        ...(match[2] ? { activityId: decodeURIComponent(match[2]) } : {}),
        activity: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        status: 0,
      };
      requests.push(recorded);
      const failure = script.shift();
      if (failure) {
        recorded.status = failure.status;
        return send(
          failure.status,
          { error: { code: failure.code ?? http.STATUS_CODES[failure.status] ?? 'Error', message: failure.message ?? `scripted ${failure.status}` } },
          failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) },
        );
      }
      const messageId = method === 'POST' ? String(nextMessageId++) : (recorded.activityId ?? '');
      recorded.status = method === 'POST' ? 201 : 200;
      recorded.messageId = messageId;
      send(recorded.status, method === 'DELETE' ? {} : { id: messageId });
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const posted = () => requests.filter((r) => r.method === 'POST' && r.status < 300);
  return {
    serviceUrl: base,
    openIdMetadataUrl: `${base}v1/.well-known/openidconfiguration`,
    requests,
    posted,
    updated: () => requests.filter((r) => r.method === 'PUT' && r.status < 300),
    failNext: (...failures) => void script.push(...failures),
    async waitForPosts(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (posted().length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`the Bot Connector stand-in received ${posted().length} posts, expected ${count}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return posted();
    },
    signToken(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const key = options.signedWith === 'unknown-key' ? unknown.privateKey : published.privateKey;
      return signJwt({ iss: issuer, iat: now, nbf: now - 60, exp: now + 3600, serviceurl: base, ...claims }, key, options.kid ?? kid);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

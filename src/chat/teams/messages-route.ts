import { maxJsonDepth, nestedDeeperThan } from '../../http/json-depth.ts';
import { BodyTooLargeError, readBody } from '../../http/read-body.ts';
import { sendError, sendJson } from '../../http/respond.ts';
import type { Route } from '../../http/router.ts';
import type { Logger } from '../../log.ts';
import { parseInboundActivity } from './inbound-activity.ts';
import { isLoopbackHost } from './loopback.ts';
import type { TeamsRuntime } from './teams-runtime.ts';

/** Teams activities are a few KB; attachments come as links. */
const maxActivityBytes = 1024 * 1024;

const tokenErrors = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** Errors of reaching the identity provider (node-fetch's FetchError, or a socket error under it). */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function unreachable(error: Error): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'FetchError' || e.name === 'AbortError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) return true;
  }
  return false;
}

/**
 * Why botbuilder refused a request's token, if it did: `unauthorized` (no token, a bad signature,
 * another app's token, expired…) or `unavailable` (the signing keys could not be fetched: the
 * identity provider answered with an error, or could not be reached at all).
 * botframework-connector's AuthenticationError is recognised by name: botbuilder does not export it.
 */
function authenticationFailure(error: unknown): 'unauthorized' | 'unavailable' | undefined {
  if (!(error instanceof Error)) return undefined;
  if (tokenErrors.has(error.name)) return 'unauthorized';
  if (unreachable(error)) return 'unavailable';
  if (error.constructor.name !== 'AuthenticationError') return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return status === 401 || status === 403 ? 'unauthorized' : 'unavailable';
}

export interface MessagesRouteOptions {
  runtime: () => Promise<TeamsRuntime>;
  logger: Logger;
  /** A MicrosoftAppId is configured: botbuilder requires a valid Bot Framework token. */
  authenticated: boolean;
}

/**
 * `POST /api/messages`, the bot's messaging endpoint: Teams (through the Bot Connector service)
 * posts every activity here. The body is checked at the edge (400 with the field that is wrong),
 * then botbuilder authenticates it (401 without a valid token, nothing answered) and botwatch
 * handles the turn; replies go back through the Bot Connector, not in this response.
 */
export function messagesRoute(options: MessagesRouteOptions): Route {
  const { logger } = options;
  return {
    method: 'POST',
    path: '/api/messages',
    handler: async (req, res) => {
      // A JSON content type also keeps web pages from posting here (it needs a CORS preflight botwatch never grants).
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return sendError(res, 415, 'expected an activity as application/json');
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, maxActivityBytes)).toString('utf8'));
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendError(res, 413, `an activity must be at most ${maxActivityBytes} bytes`);
        return sendError(res, 400, `the body is not JSON: ${(error as Error).message}`);
      }
      // botbuilder copies activities with recursive code: a deep one would overflow its stack.
      if (nestedDeeperThan(body)) return sendError(res, 400, `not a Bot Framework activity: nested deeper than ${maxJsonDepth} levels`);
      const parsed = parseInboundActivity(body);
      if ('problem' in parsed) return sendError(res, 400, `not a Bot Framework activity: ${parsed.problem}`);
      const { activity } = parsed;
      // Without authentication anyone who can reach this endpoint could make botwatch post its
      // figures to any URL: only a Bot Connector on this machine (the Emulator) is answered.
      if (!options.authenticated && !isLoopbackHost(new URL(activity.serviceUrl).hostname)) {
        return sendError(res, 403, 'Teams authentication is off (no MicrosoftAppId): only activities whose serviceUrl is on this machine are accepted');
      }
      try {
        const result = await (await options.runtime()).process(req.headers.authorization ?? '', activity);
        if (result?.body !== undefined) return sendJson(res, result.status, result.body);
        res.writeHead(result?.status ?? 200).end();
      } catch (error) {
        const refused = authenticationFailure(error);
        if (refused === 'unauthorized') {
          logger.warn('Teams activity refused: no valid Bot Framework token', { type: activity.type, reason: (error as Error).message });
          return sendError(res, 401, 'a valid Bot Framework token is required');
        }
        if (refused === 'unavailable') {
          logger.error('Teams activity not authenticated: the Bot Framework signing keys could not be fetched', { error });
          return sendError(res, 503, 'cannot check Bot Framework tokens right now', { 'retry-after': '10' });
        }
        throw error;
      }
    },
  };
}

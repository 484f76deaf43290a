import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPResponseAck } from '@slack/bolt';
import type { App, Logger as BoltLogger, Receiver, ReceiverEvent } from '@slack/bolt';
import { maxJsonDepth, nestedDeeperThan } from '../../http/json-depth.ts';
import { sendError } from '../../http/respond.ts';
import type { Route } from '../../http/router.ts';

/** Where Slack sends slash commands, interactivity and events (one URL for all, as in the manifest). */
export const slackEventsPath = '/slack/events';

/** Slack signs requests with the time it sent them; Bolt refuses those older than 5 minutes, botwatch also those as far ahead. */
const maxClockSkewSeconds = 5 * 60;

export interface EventsRouteReceiverOptions {
  signingSecret: string;
  logger: BoltLogger;
  /** Largest body accepted (Slack's payloads are small; Bolt's default is 4 MB). */
  bodyLimit?: number;
}

/**
 * A Bolt receiver that is a route of botwatch's own HTTP server rather than a server of its own
 * (bolt-js keeps transports behind this one interface). It does what Bolt's HTTPReceiver does
 * with Bolt's own functions: verifies the signature and timestamp (401 otherwise — never
 * disabled), parses the body, answers Slack's SSL checks and URL verification, and hands the
 * event to the app with an `ack` that answers the HTTP request at once (processBeforeResponse
 * off: Slack wants an answer within 3 s, the work continues after it).
 */
export class EventsRouteReceiver implements Receiver {
  readonly route: Route;
  private app: App | undefined;

  constructor(private readonly options: EventsRouteReceiverOptions) {
    this.route = { method: 'POST', path: slackEventsPath, handler: (req, res) => this.handle(req, res) };
  }

  init(app: App): void {
    this.app = app;
  }

  /** Nothing to start or stop: botwatch's server listens and closes. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.options;
    if (this.app === undefined) {
      sendError(res, 503, 'the Slack app is starting; try again shortly', { 'retry-after': '5' });
      return;
    }
    const sentAt = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(sentAt) && sentAt > Date.now() / 1000 + maxClockSkewSeconds) {
      // A signature made for a future time could be replayed until then.
      logger.warn(`refused a request to ${slackEventsPath}: its timestamp is more than 5 minutes in the future`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return;
    }
    let request: Awaited<ReturnType<typeof HTTPModuleFunctions.parseAndVerifyHTTPRequest>>;
    try {
      request = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: this.options.signingSecret, bodyLimit: this.options.bodyLimit ?? 1024 * 1024, logger }, req);
    } catch (error) {
      if (HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413) {
        HTTPModuleFunctions.buildNoBodyResponse(res, 413);
        return;
      }
      logger.warn(`refused a request to ${slackEventsPath}: ${(error as Error).message}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(request) as Record<string, unknown>;
    } catch (error) {
      logger.warn(`malformed body on ${slackEventsPath}: ${(error as Error).message}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }
    if (nestedDeeperThan(body)) {
      logger.warn(`refused a body on ${slackEventsPath} nested deeper than ${maxJsonDepth} levels`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }
    if (body.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);

    const ack = new HTTPResponseAck({ logger, processBeforeResponse: false, httpRequest: request, httpRequestBody: body, httpResponse: res });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
    };
    try {
      await this.app.processEvent(event);
    } catch (error) {
      const storedResponse: unknown = ack.storedResponse;
      const handled = await HTTPModuleFunctions.defaultProcessEventErrorHandler({ error: error as Error, logger, request: req, response: res, storedResponse });
      if (handled) ack.ack();
    }
  }
}

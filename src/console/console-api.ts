import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { BotwatchServices } from '../app/services.ts';
import type { ActionOutcome } from '../chat/actions.ts';
import type { Asker } from '../chat/destination.ts';
import { maxJsonDepth, nestedDeeperThan } from '../http/json-depth.ts';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { isForAskerOnly } from '../replies/reply.ts';
import type { Action, Reply } from '../replies/reply.ts';
import { localDestination } from './console-deliverer.ts';
import type { ConsoleFeed } from './console-feed.ts';
import type { FeedChange } from './feed-entry.ts';
import { publishReplyChart } from './publish-reply-chart.ts';

/** Whoever uses the console: no accounts, so an admin (access is guarded instead: console-access.ts). */
export const consoleAsker: Asker = { platform: 'console', userId: 'local', isAdmin: true, destination: localDestination };

const askBody = z.object({ text: z.string().trim().min(1, 'type a command').max(2_000, 'at most 2,000 characters') });
const actionBody = z.object({ messageId: z.string().max(32), actionId: z.string().max(64), value: z.string().max(1_000) });

/** `POST /console/ask` and `POST /console/action`: a command typed in the console, a button pressed in it. */
export function consoleApi(services: BotwatchServices, feed: ConsoleFeed) {
  const isPrivate = isForAskerOnly;
  return {
    async ask(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const body = await readJsonBody(req, res, askBody);
      if (body === undefined) return;
      const you = feed.post({ author: 'you', origin: 'command', text: body.text });
      const reply = await services.answer(body.text, consoleAsker);
      const answer = feed.post({ author: 'botwatch', origin: 'command', reply, ...(await publishReplyChart(services, reply)), ...(isPrivate(reply) ? { onlyYou: true } : {}) });
      sendJson(res, 200, { entries: [you, answer] } satisfies FeedChange);
    },

    async action(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const body = await readJsonBody(req, res, actionBody);
      if (body === undefined) return;
      const message = feed.find(body.messageId);
      if (message === undefined) return sendError(res, 404, 'That message is no longer in the console (it keeps the latest 200).');
      const button = message.reply?.actions?.find((a) => a.id === body.actionId && a.value === body.value);
      if (message.reply === undefined || button === undefined) return sendError(res, 400, 'That message has no such button.');
      const outcome = await pressButton(services, button);
      let updated;
      if (outcome.updatedMessage !== undefined) {
        const sameChart = sameChartRequest(outcome.updatedMessage.chart, message.reply.chart);
        const chart = sameChart ? { ...(message.chart ? { chart: message.chart } : {}), ...(message.chartError ? { chartError: message.chartError } : {}) } : await publishReplyChart(services, outcome.updatedMessage);
        updated = feed.replace(message.id, { reply: outcome.updatedMessage, ...chart });
      }
      const answer = feed.post({ author: 'botwatch', origin: 'action', reply: outcome.reply, ...(await publishReplyChart(services, outcome.reply)), inReplyTo: message.id, onlyYou: true });
      sendJson(res, 200, { entries: [answer], ...(updated ? { updated } : {}) } satisfies FeedChange);
    },
  };
}

/** The button's owner answers; a failure becomes an answer saying so (the cause goes to the log). */
async function pressButton(services: BotwatchServices, button: Action): Promise<ActionOutcome> {
  try {
    return await services.handleAction({ id: button.id, value: button.value }, consoleAsker);
  } catch (error) {
    services.logger.error('console: button action failed', { action: button.id, error });
    return { reply: { kind: 'error', title: 'Sorry — that button did not work.', figures: [], notes: ['The cause is in the botwatch log.'] } };
  }
}

/** Reads a small JSON body and parses it with `schema`; on failure answers 400/413 and returns undefined. */
async function readJsonBody<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>): Promise<T | undefined> {
  let raw: Buffer;
  try {
    raw = await readBody(req, 64 * 1024);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendError(res, 413, error.message);
      return undefined;
    }
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    sendError(res, 400, 'the body is not JSON');
    return undefined;
  }
  if (nestedDeeperThan(json)) {
    sendError(res, 400, `body: nested deeper than ${maxJsonDepth} levels`);
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    sendError(res, 400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    return undefined;
  }
  return parsed.data;
}

/**
 * Whether an updated message asks for the chart already drawn. Key order does not count: a reply
 * kept in Postgres (jsonb) comes back with its keys reordered.
 */
function sameChartRequest(a: Reply['chart'], b: Reply['chart']): boolean {
  const plain = (chart: Reply['chart']): unknown => (chart === undefined ? undefined : JSON.parse(JSON.stringify(chart)));
  return isDeepStrictEqual(plain(a), plain(b));
}

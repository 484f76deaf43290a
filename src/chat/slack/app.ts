import type { App, RespondFn } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { Reply } from '../../replies/reply.ts';
import { renderReplyBlocks } from './render-blocks.ts';

export interface SlackListeners {
  /** `/botwatch <text>`: the slash-command payload, after it was acknowledged. */
  slashCommand(payload: unknown, respond: RespondFn | undefined): Promise<void>;
  /** A button in a botwatch message: the `block_actions` payload, after it was acknowledged. */
  buttonPress(payload: unknown, respond: RespondFn | undefined): Promise<void>;
}

/** Keeps work that runs after an acknowledgement, so stopping can wait for it. */
export type TrackWork = (work: Promise<void>) => Promise<void>;

const somethingWentWrong: Reply = { kind: 'error', title: 'Sorry — something went wrong while answering that.', figures: [], notes: ['The cause is in the botwatch log.'] };

/**
 * Wires Slack's requests to botwatch's handlers: acknowledge first (Slack allows 3 s; the answer
 * follows through the Web API or response_url), then do the work. Each request is its own
 * promise, so a slow query never holds up acknowledging the next command. Any command name is
 * accepted: the manifest defines one (`/botwatch`), and a second install may rename it.
 */
export function registerSlackListeners(app: App, listeners: SlackListeners, track: TrackWork, logger: Logger): void {
  app.command(/.*/, async ({ ack, body, respond }) => {
    await ack();
    await track(safely(() => listeners.slashCommand(body, respond), respond, logger, 'slash command'));
  });
  app.action({ type: 'block_actions' }, async ({ ack, body, respond }) => {
    await ack();
    await track(safely(() => listeners.buttonPress(body, respond), respond, logger, 'button press'));
  });
}

/** Never silence: a handler that fails is logged, and the person is told through the response_url. */
async function safely(work: () => Promise<void>, respond: RespondFn | undefined, logger: Logger, what: string): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.error(`Slack ${what} failed`, { error });
    if (!respond) return;
    const message = renderReplyBlocks(somethingWentWrong);
    await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks }).catch((respondError: unknown) =>
      logger.error('could not tell the person that their Slack request failed', { error: respondError }),
    );
  }
}

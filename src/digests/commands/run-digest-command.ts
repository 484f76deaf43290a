import type { ExtraRunner } from '../../commands/run-command.ts';
import { nearest } from '../../commands/suggest.ts';
import { addDigest } from './add-digest.ts';
import { pauseDigest, removeDigest, resumeDigest } from './change-digest.ts';
import type { DigestCommandDeps } from './digest-deps.ts';
import { digestHistory } from './digest-history.ts';
import { digestMistake } from './digest-replies.ts';
import { listDigests } from './list-digests.ts';
import { previewDigest } from './preview-digest.ts';
import { sendDigest } from './send-digest.ts';

/** The `digest` sub-commands. add, remove, send, pause and resume change things (admins only: src/commands/permissions.ts). */
export const digestActions = ['add', 'list', 'remove', 'preview', 'send', 'pause', 'resume', 'history'] as const;

/** The runner for `/botwatch digest …`. */
export function createDigestRunner(deps: DigestCommandDeps): ExtraRunner {
  return async (command, ctx, asker) => {
    const args = command.args;
    switch (command.action) {
      case 'add':
        return addDigest(args, ctx, asker);
      case 'list':
        return listDigests(args, ctx, asker);
      case 'remove':
        return removeDigest(args, ctx, asker);
      case 'pause':
        return pauseDigest(args, ctx, asker);
      case 'resume':
        return resumeDigest(args, ctx, asker);
      case 'preview':
        return previewDigest(args, ctx, asker, deps);
      case 'send':
        return sendDigest(args, ctx, asker, deps);
      case 'history':
        return digestHistory(args, ctx);
      default: {
        const guess = nearest(command.action, digestActions);
        return digestMistake(`unknown digest command ${JSON.stringify(command.action)}${guess ? ` — did you mean digest ${guess}?` : ''}`);
      }
    }
  };
}

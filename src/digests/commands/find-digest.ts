import type { Queryable } from '../../db/database.ts';
import type { Reply } from '../../replies/reply.ts';
import { findSubscription } from '../store/subscriptions.ts';
import type { Subscription } from '../subscription.ts';
import { digestMistake } from './digest-replies.ts';
import { parseDigestId } from './parse-digest-args.ts';

/** The subscription a command names by id, or the error reply saying what is wrong. */
export async function findDigestArg(db: Queryable, action: string, word: string | undefined): Promise<Subscription | Reply> {
  const id = parseDigestId(word);
  if (id === undefined) return digestMistake(word === undefined ? `digest ${action} needs the digest's number (digest list shows them), e.g. digest ${action} 3` : `${JSON.stringify(word)} is not a digest number; digest list shows them`);
  const subscription = await findSubscription(db, id);
  return subscription ?? digestMistake(`there is no digest #${id} (digest list shows the digests here, digest list all every channel's)`);
}

/** True when `value` is an error reply rather than a subscription. */
export function isReply(value: Subscription | Reply): value is Reply {
  return 'kind' in value;
}

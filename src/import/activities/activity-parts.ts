import { asObject, asText } from '../platform/json-values.ts';
import type { JsonObject } from '../platform/json-values.ts';
import { instantFrom } from '../platform/parse-time.ts';

/** A Bot Framework activity as read from an export: an object whose fields are not yet trusted. */
export type Activity = JsonObject;

export type Role = 'user' | 'bot';

/**
 * Who sent the activity. `from.role` says it (Bot Framework: `user`, `bot`, `skill`; Copilot Studio
 * writes numbers: 1 user, 0 bot); without it, the recipient's role says it the other way round,
 * and failing that the bot account seen earlier in the conversation does.
 */
export function senderRole(activity: Activity, knownBotAccount: string | undefined): Role | undefined {
  const fromRole = roleName(asObject(activity.from)?.role);
  if (fromRole !== undefined) return fromRole;
  const toRole = roleName(asObject(activity.recipient)?.role);
  if (toRole !== undefined) return toRole === 'user' ? 'bot' : 'user';
  const fromId = asText(asObject(activity.from)?.id);
  if (fromId !== undefined && knownBotAccount !== undefined) return fromId === knownBotAccount ? 'bot' : 'user';
  return undefined;
}

function roleName(role: unknown): Role | undefined {
  if (role === 'user' || role === 1) return 'user';
  if (role === 'bot' || role === 'skill' || role === 0) return 'bot';
  return undefined;
}

/** The bot's account (`from` when the bot sent it, else `recipient`): its id and name. */
export function botAccount(activity: Activity, role: Role | undefined): { id?: string; name?: string } {
  const account = asObject(role === 'bot' ? activity.from : activity.recipient);
  return { id: asText(account?.id), name: asText(account?.name) };
}

/** The end user's account id: `from` of the user's activities, `recipient` of the bot's. */
export function userAccountId(activity: Activity, role: Role | undefined): string | undefined {
  if (role === undefined) return undefined;
  return asText(asObject(role === 'user' ? activity.from : activity.recipient)?.id);
}

/**
 * When the activity happened: `timestamp` (UTC, stamped by the channel; text without an offset
 * is read as UTC; Copilot Studio writes epoch seconds), else `localTimestamp` when it carries its
 * offset. Undefined when neither names an instant. A live activity's `Date` is taken as it is.
 */
export function activityTime(activity: Activity): string | undefined {
  // A live activity (botbuilder) holds a Date; one read from a file holds text.
  if (activity.timestamp instanceof Date) return Number.isNaN(activity.timestamp.getTime()) ? undefined : activity.timestamp.toISOString();
  return instantFrom(activity.timestamp, { assumeUtc: true }) ?? instantFrom(activity.localTimestamp, { assumeUtc: false });
}

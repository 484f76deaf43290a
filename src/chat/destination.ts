/** The chat platforms botwatch lives in; `console` is the local browser console. */
export type Platform = 'slack' | 'teams' | 'console';

/**
 * Where a reply can be posted: a Slack channel, a Teams conversation (channel or chat, by the
 * stored ConversationReference's id), or the local console feed. Serialisable: digests and
 * alerts keep destinations in Postgres.
 */
export interface Destination {
  platform: Platform;
  /** Slack channel id (C…/G…/D…), Teams conversation id, or `local` for the console. */
  channelId: string;
  /** Slack workspace (team) id or Teams tenant id, when known. */
  workspaceId?: string;
  /** Human-readable name for lists ("#support-ops"), when known. */
  name?: string;
}

/** Who typed a command or pressed a button, where, and whether they may change things. */
export interface Asker {
  platform: Platform;
  /** Slack user id, Teams AAD object id, or `local`. */
  userId: string;
  displayName?: string;
  /** In SLACK_ADMIN_USER_IDS / TEAMS_ADMIN_AAD_IDS (always true in the local console). */
  isAdmin: boolean;
  /** The conversation the command came from (digests subscribe it; alerts notify it). */
  destination: Destination;
}

/**
 * Bot Framework activities as Teams posts them to a bot's messaging endpoint, for tests. Ids follow
 * Teams' shapes (`29:` users, `28:` bots, `19:…@thread.tacv2` channels, `a:` personal chats).
 */
export const teamsBot = { id: '28:0b7c6f1e-2d4a-4e8b-9c3f-5a6d7e8f9012', name: 'botwatch' };
export const teamsTenantId = '7e3d2c1b-0a9f-4e8d-8c7b-6a5f4e3d2c1b';
export const teamsTeam = { id: '19:team-support@thread.tacv2', name: 'Support' };
export const teamsUsers = {
  admin: { id: '29:1-admin', name: 'Ana Lopez', aadObjectId: '6f1c2a9e-0b4d-4c8e-9a57-3d2e1f0a8b7c' },
  member: { id: '29:1-member', name: 'Ben Okafor', aadObjectId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
};

export type TeamsScope = 'channel' | 'groupChat' | 'personal';

export interface ActivityOptions {
  serviceUrl: string;
  scope?: TeamsScope;
  /** Conversation id; defaults per scope (a channel of {@link teamsTeam}, a group chat, a personal chat). */
  conversationId?: string;
  from?: { id: string; name?: string; aadObjectId?: string };
  /** Extra fields merged into the activity. */
  extra?: Record<string, unknown>;
}

let sequence = 0;

export function defaultConversationId(scope: TeamsScope): string {
  return scope === 'channel' ? '19:ops-alerts@thread.tacv2' : scope === 'groupChat' ? '19:release-chat@thread.v2' : 'a:personal-ana';
}

function base(type: string, options: ActivityOptions): Record<string, unknown> {
  const scope = options.scope ?? 'channel';
  const conversationId = options.conversationId ?? defaultConversationId(scope);
  return {
    type,
    id: `f:${++sequence}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: options.serviceUrl,
    channelId: 'msteams',
    from: options.from ?? teamsUsers.admin,
    recipient: teamsBot,
    conversation: { id: conversationId, conversationType: scope, tenantId: teamsTenantId, ...(scope === 'groupChat' ? { isGroup: true, name: 'Release planning' } : {}), ...(scope === 'channel' ? { isGroup: true } : {}) },
    channelData: {
      tenant: { id: teamsTenantId },
      ...(scope === 'channel' ? { team: { id: teamsTeam.id }, channel: { id: conversationId.split(';')[0] } } : {}),
    },
    locale: 'en-US',
    ...options.extra,
  };
}

/**
 * A message typed to the bot. In a channel or group chat it starts with the bot's mention
 * (`<at>botwatch</at> summary …`, with the mention entity Teams adds); in a personal chat it is the
 * bare text. A channel message is a post in a thread: its conversation id ends in `;messageid=`.
 */
export function teamsMessage(text: string, options: ActivityOptions & { mention?: boolean }): Record<string, unknown> {
  const scope = options.scope ?? 'channel';
  const mention = options.mention ?? scope !== 'personal';
  const activity = base('message', options);
  const id = String(activity.id);
  if (scope === 'channel' && options.conversationId === undefined) {
    (activity.conversation as Record<string, unknown>).id = `${defaultConversationId('channel')};messageid=${id}`;
  }
  return {
    ...activity,
    text: mention ? `<at>${teamsBot.name}</at> ${text}` : text,
    textFormat: 'plain',
    entities: [
      ...(mention ? [{ type: 'mention', text: `<at>${teamsBot.name}</at>`, mentioned: teamsBot }] : []),
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Berlin' },
    ],
  };
}

/** An Adaptive Card `Action.Submit` press: a message whose `value` is the button's data. */
export function teamsCardSubmit(data: Record<string, unknown>, options: ActivityOptions & { replyToId: string }): Record<string, unknown> {
  return { ...base('message', options), replyToId: options.replyToId, value: data, text: undefined };
}

/** conversationUpdate: the bot was added to (or removed from) a team, group chat or personal scope. */
export function teamsBotMembership(change: 'added' | 'removed', options: ActivityOptions): Record<string, unknown> {
  const scope = options.scope ?? 'channel';
  const activity = base('conversationUpdate', { ...options, conversationId: options.conversationId ?? (scope === 'channel' ? teamsTeam.id : undefined) });
  const eventType = change === 'added' ? 'teamMemberAdded' : 'teamMemberRemoved';
  return {
    ...activity,
    [change === 'added' ? 'membersAdded' : 'membersRemoved']: [{ id: teamsBot.id }],
    channelData: { ...(activity.channelData as Record<string, unknown>), ...(scope === 'channel' ? { eventType, team: teamsTeam } : {}) },
  };
}

/** installationUpdate: the app was installed (`add`) or uninstalled (`remove`). */
export function teamsInstallation(action: 'add' | 'remove', options: ActivityOptions): Record<string, unknown> {
  const scope = options.scope ?? 'channel';
  const activity = base('installationUpdate', { ...options, conversationId: options.conversationId ?? (scope === 'channel' ? teamsTeam.id : undefined) });
  return { ...activity, action, channelData: { ...(activity.channelData as Record<string, unknown>), ...(scope === 'channel' ? { team: teamsTeam } : {}) } };
}

/** Posts an activity to botwatch's messaging endpoint like the Bot Connector service does. */
export async function postActivity(
  serverUrl: string,
  activity: unknown,
  options: { token?: string; raw?: string; contentType?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json; charset=utf-8' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${serverUrl}/api/messages`, { method: 'POST', headers, body: options.raw ?? JSON.stringify(activity) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body };
}

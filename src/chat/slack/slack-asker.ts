import type { Asker } from '../destination.ts';

export interface SlackPerson {
  userId: string;
  userName?: string;
  channelId: string;
  /** Slack sends `directmessage` / `privategroup` for conversations without a channel name. */
  channelName?: string;
  teamId?: string;
}

const unnamedConversations = new Set(['directmessage', 'privategroup', 'mpdm']);

/** Who typed or pressed, in the conversation it happened in; admin when listed in SLACK_ADMIN_USER_IDS. */
export function slackAsker(person: SlackPerson, adminUserIds: readonly string[]): Asker {
  const named = person.channelName !== undefined && person.channelName !== '' && !unnamedConversations.has(person.channelName);
  return {
    platform: 'slack',
    userId: person.userId,
    ...(person.userName ? { displayName: person.userName } : {}),
    isAdmin: adminUserIds.includes(person.userId),
    destination: {
      platform: 'slack',
      channelId: person.channelId,
      ...(person.teamId ? { workspaceId: person.teamId } : {}),
      ...(named ? { name: `#${person.channelName}` } : {}),
    },
  };
}

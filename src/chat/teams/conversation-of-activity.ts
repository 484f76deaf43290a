import type { ConversationReference } from 'botbuilder';
import type { Asker, Destination } from '../destination.ts';
import type { TeamsConversation } from './conversation-store.ts';
import type { InboundActivity } from './inbound-activity.ts';

/**
 * A channel post's replies arrive with the conversation id `19:…@thread.tacv2;messageid=<post>`;
 * the channel itself is the part before `;messageid=`.
 */
export function baseConversationId(conversationId: string): string {
  const thread = conversationId.indexOf(';messageid=');
  return thread < 0 ? conversationId : conversationId.slice(0, thread);
}

function conversationType(activity: InboundActivity): TeamsConversation['conversationType'] {
  const type = activity.conversation.conversationType;
  if (type === 'channel' || type === 'groupChat' || type === 'personal') return type;
  // The Emulator and older clients send no type: a conversation with a team is a channel.
  return activity.channelData?.team ? 'channel' : activity.conversation.isGroup === true ? 'groupChat' : 'personal';
}

/** A readable name for lists: "Support › General", "Release planning" (a group chat), "personal chat with Ana". */
function conversationName(activity: InboundActivity, type: TeamsConversation['conversationType']): string | undefined {
  const { team, channel } = activity.channelData ?? {};
  if (type === 'channel') {
    // Teams names the team only in installation events (messages carry ids): without it, say
    // nothing, so the stored name is kept. The General channel has the team's id and no name.
    if (!team?.name) return undefined;
    const channelName = channel?.name ?? (baseConversationId(activity.conversation.id) === team.id ? 'General' : undefined);
    return channelName ? `${team.name} › ${channelName}` : team.name;
  }
  if (type === 'groupChat') return activity.conversation.name;
  const person = activity.from.id === activity.recipient.id ? undefined : activity.from.name;
  return person ? `personal chat with ${person}` : undefined;
}

/**
 * The conversation an activity came from, as botwatch stores it: the ConversationReference to
 * post there later, without the activity id (a proactive post must not reply to an old message)
 * and without a channel thread's suffix (digests and alerts post to the channel).
 */
export function conversationOf(activity: InboundActivity): TeamsConversation {
  const type = conversationType(activity);
  const conversationId = baseConversationId(activity.conversation.id);
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  const teamId = type === 'channel' ? activity.channelData?.team?.id : undefined;
  const name = conversationName(activity, type);
  const reference: Partial<ConversationReference> = {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    ...(activity.locale ? { locale: activity.locale } : {}),
    bot: { id: activity.recipient.id, name: activity.recipient.name ?? 'botwatch' },
    conversation: {
      id: conversationId,
      conversationType: type,
      isGroup: type !== 'personal',
      name: name ?? '',
      ...(tenantId ? { tenantId } : {}),
    },
  };
  if (type === 'personal') reference.user = { id: activity.from.id, name: activity.from.name ?? '', ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) };
  return { conversationId, conversationType: type, reference, ...(tenantId ? { tenantId } : {}), ...(teamId ? { teamId } : {}), ...(name ? { name } : {}) };
}

/** Where a reply to this conversation goes, for digests and alerts (`platform: teams`). */
export function destinationOf(conversation: TeamsConversation): Destination {
  return {
    platform: 'teams',
    channelId: conversation.conversationId,
    ...(conversation.tenantId ? { workspaceId: conversation.tenantId } : {}),
    ...(conversation.name ? { name: conversation.name } : {}),
  };
}

/**
 * Who sent an activity: their AAD object id (what TEAMS_ADMIN_AAD_IDS lists), whether they are an
 * admin, and the conversation. Without an AAD id (the Emulator) the Bot Framework id stands in and
 * the sender is never an admin.
 */
export function askerOf(activity: InboundActivity, conversation: TeamsConversation, adminAadIds: readonly string[]): Asker {
  const aadObjectId = activity.from.aadObjectId;
  const isAdmin = aadObjectId !== undefined && adminAadIds.some((id) => id.toLowerCase() === aadObjectId.toLowerCase());
  return {
    platform: 'teams',
    userId: aadObjectId ?? activity.from.id,
    ...(activity.from.name ? { displayName: activity.from.name } : {}),
    isAdmin,
    destination: destinationOf(conversation),
  };
}

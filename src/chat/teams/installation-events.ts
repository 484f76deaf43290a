import type { Database } from '../../db/database.ts';
import type { Logger } from '../../log.ts';
import { baseConversationId, conversationOf } from './conversation-of-activity.ts';
import { forgetTeamsConversations, renameTeamsConversation, saveTeamsConversation } from './conversation-store.ts';
import type { InboundActivity } from './inbound-activity.ts';

interface Deps {
  db: Database;
  logger: Logger;
}

async function remember(activity: InboundActivity, deps: Deps): Promise<void> {
  const conversation = await saveTeamsConversation(deps.db, conversationOf(activity));
  deps.logger.info('botwatch was added to a Teams conversation', { conversation: conversation.conversationId, type: conversation.conversationType, name: conversation.name });
}

async function forget(activity: InboundActivity, deps: Deps): Promise<void> {
  const { conversationId, teamId } = conversationOf(activity);
  // Removed from a team: every channel of that team is out of reach.
  const forgotten = await forgetTeamsConversations(deps.db, { conversationId, ...(teamId ? { teamId } : {}) });
  deps.logger.info('botwatch was removed from a Teams conversation', { conversation: conversationId, team: teamId, forgotten });
}

/**
 * conversationUpdate: remembers the conversation when the bot is among the members added, forgets
 * it when the bot is among those removed, and follows channel and team deletions and renames.
 * Other members coming and going do not concern botwatch.
 */
export async function onConversationUpdate(activity: InboundActivity, deps: Deps): Promise<void> {
  const isBot = (member: { id: string }) => member.id === activity.recipient.id;
  if (activity.membersAdded?.some(isBot)) return remember(activity, deps);
  if (activity.membersRemoved?.some(isBot)) return forget(activity, deps);
  const { eventType, channel, team } = activity.channelData ?? {};
  if (eventType === 'teamDeleted' && team) {
    await forgetTeamsConversations(deps.db, { conversationId: team.id, teamId: team.id });
  } else if (eventType === 'channelDeleted' && channel) {
    await forgetTeamsConversations(deps.db, { conversationId: baseConversationId(channel.id) });
  } else if (eventType === 'channelRenamed' && channel?.name) {
    await renameTeamsConversation(deps.db, baseConversationId(channel.id), team?.name ? `${team.name} › ${channel.name}` : channel.name);
  }
}

/** installationUpdate: `add` / `add-upgrade` remember the conversation, `remove` / `remove-upgrade` forget it. */
export async function onInstallationUpdate(activity: InboundActivity, deps: Deps): Promise<void> {
  const action = activity.action ?? '';
  if (action.startsWith('add')) return remember(activity, deps);
  if (action.startsWith('remove')) return forget(activity, deps);
  deps.logger.warn('Teams installationUpdate with an action botwatch does not know', { action });
}

import type { ConversationReference } from 'botbuilder';
import type { Queryable } from '../../db/database.ts';

/** A Teams conversation botwatch can post to (migration 0006). */
export interface TeamsConversation {
  conversationId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  tenantId?: string;
  teamId?: string;
  name?: string;
  reference: Partial<ConversationReference>;
}

interface Row {
  conversation_id: string;
  conversation_type: TeamsConversation['conversationType'];
  tenant_id: string | null;
  team_id: string | null;
  name: string | null;
  reference: Partial<ConversationReference>;
}

const columns = 'conversation_id, conversation_type, tenant_id, team_id, name, reference';

function fromRow(row: Row): TeamsConversation {
  return {
    conversationId: row.conversation_id,
    conversationType: row.conversation_type,
    ...(row.tenant_id === null ? {} : { tenantId: row.tenant_id }),
    ...(row.team_id === null ? {} : { teamId: row.team_id }),
    ...(row.name === null ? {} : { name: row.name }),
    reference: row.reference,
  };
}

/**
 * Stores (or refreshes) a conversation's reference and returns the stored row. A name or team
 * this activity does not carry (Teams sends the team's name only when the bot is added) keeps the
 * one stored before.
 */
export async function saveTeamsConversation(db: Queryable, conversation: TeamsConversation): Promise<TeamsConversation> {
  const [row] = await db.query<Row>(
    `INSERT INTO teams_conversations (conversation_id, conversation_type, tenant_id, team_id, name, service_url, reference)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (conversation_id) DO UPDATE SET
       conversation_type = EXCLUDED.conversation_type,
       tenant_id = COALESCE(EXCLUDED.tenant_id, teams_conversations.tenant_id),
       team_id = COALESCE(EXCLUDED.team_id, teams_conversations.team_id),
       name = COALESCE(EXCLUDED.name, teams_conversations.name),
       service_url = EXCLUDED.service_url,
       reference = EXCLUDED.reference,
       updated_at = now()
     RETURNING ${columns}`,
    [
      conversation.conversationId,
      conversation.conversationType,
      conversation.tenantId ?? null,
      conversation.teamId ?? null,
      conversation.name ?? null,
      conversation.reference.serviceUrl ?? '',
      JSON.stringify(conversation.reference),
    ],
  );
  if (row === undefined) throw new Error(`storing Teams conversation ${conversation.conversationId} returned no row`);
  return fromRow(row);
}

/** The stored conversation with this id, if botwatch is installed there. */
export async function findTeamsConversation(db: Queryable, conversationId: string): Promise<TeamsConversation | undefined> {
  const [row] = await db.query<Row>(`SELECT ${columns} FROM teams_conversations WHERE conversation_id = $1`, [conversationId]);
  return row === undefined ? undefined : fromRow(row);
}

/** Forgets a conversation, and every channel of the team when `teamId` is given; returns how many. */
export async function forgetTeamsConversations(db: Queryable, where: { conversationId: string; teamId?: string }): Promise<number> {
  const rows = await db.query<{ conversation_id: string }>(
    'DELETE FROM teams_conversations WHERE conversation_id = $1 OR ($2::text IS NOT NULL AND team_id = $2) RETURNING conversation_id',
    [where.conversationId, where.teamId ?? null],
  );
  return rows.length;
}

/** Renames a stored channel (Teams' channelRenamed event); nothing when it is not stored. */
export async function renameTeamsConversation(db: Queryable, conversationId: string, name: string): Promise<void> {
  await db.query('UPDATE teams_conversations SET name = $2, updated_at = now() WHERE conversation_id = $1', [conversationId, name]);
}

-- Teams conversations botwatch is installed in: the Bot Framework ConversationReference it needs to
-- post there later (digests, alerts), from any replica, after restarts. Written when the bot is
-- added (conversationUpdate / installationUpdate) and refreshed by every message (the service URL
-- can change); deleted when the bot is removed.
CREATE TABLE teams_conversations (
  -- Teams conversation id without a channel thread's ";messageid=…" suffix: the channel, group
  -- chat or personal chat itself.
  conversation_id    text PRIMARY KEY,
  -- personal | groupChat | channel
  conversation_type  text NOT NULL,
  tenant_id          text,
  -- The team a channel belongs to (removing the bot from a team forgets all its channels).
  team_id            text,
  -- For lists: "Support › Ops alerts", "personal chat with Ana Lopez".
  name               text,
  service_url        text NOT NULL,
  reference          jsonb NOT NULL,
  installed_at       timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teams_conversations_team ON teams_conversations (team_id) WHERE team_id IS NOT NULL;

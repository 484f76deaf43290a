-- Reply tables exported as CSV, served at signed, expiring links (a Teams card's "Download CSV").
-- Any replica can serve any export; expired ones are removed as new ones are stored.
CREATE TABLE exported_tables (
  id          text PRIMARY KEY,
  csv         text NOT NULL,
  file_name   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX exported_tables_expiry ON exported_tables (expires_at);

-- The drill-down's total (`list … metric:… outcome:…`) counts a bot's conversations in a window
-- with conditions on their fate and dimensions: with those columns in the index the count reads the
-- index only, not the facts (1M conversations: 0.7 s → 0.2 s). `steps` and `flows` stay out (big).
CREATE INDEX conversation_facts_cohort ON conversation_facts (bot_id, started_at)
  INCLUDE (ended_at, last_event_at, handed_off_at, resolved_at, completed_at, engaged, lead_at, goal_at, converted_at, channel, bot_version, first_intent);

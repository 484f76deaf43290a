-- Metric engine: what funnels and flow filters read, and indexes for windowed queries.

-- Flows a conversation entered, and the first time it reached each step, with the step's position
-- among that flow's steps in the conversation: [[flow, step, epoch_s, final, position], …].
ALTER TABLE conversation_facts ADD COLUMN flows text[] NOT NULL DEFAULT '{}';
ALTER TABLE conversation_facts ADD COLUMN steps jsonb;

-- Cost per conversation (bot cost, and human cost of a handoff): configured per bot with `botwatch bots cost`.
ALTER TABLE bots ADD COLUMN bot_cost numeric;
ALTER TABLE bots ADD COLUMN human_cost numeric;
ALTER TABLE bots ADD COLUMN cost_currency text;

-- Live (possibly unsettled) conversations, and a user's other conversations (returning users, re-contact).
CREATE INDEX conversation_facts_last_event ON conversation_facts (bot_id, last_event_at);
CREATE INDEX conversation_facts_user ON conversation_facts (bot_id, user_id, started_at) WHERE user_id IS NOT NULL;

-- Which event types each bot has ever sent: a metric built from events a bot never sends is n/a
-- with that reason, never 0 %.
CREATE TABLE bot_event_types (
  bot_id        text NOT NULL,
  type          text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  PRIMARY KEY (bot_id, type)
);

-- Backfill what the new columns and table describe from the events already stored.
INSERT INTO bot_event_types (bot_id, type, first_seen_at, last_seen_at)
SELECT bot_id, type, min(ts), max(ts) FROM events GROUP BY bot_id, type
UNION ALL -- final steps are a signal of their own (src/events/contract.ts Signal)
SELECT bot_id, 'step.final', min(ts), max(ts) FROM events WHERE type = 'step.reached' AND final GROUP BY bot_id;

UPDATE conversation_facts f
SET flows = s.flows, steps = s.steps
FROM (
  SELECT bot_id, conversation_id, array_agg(DISTINCT flow) AS flows,
         jsonb_agg(jsonb_build_array(flow, step, first_at, final, position) ORDER BY first_at, flow, step) AS steps
  FROM (
    SELECT *, row_number() OVER (PARTITION BY bot_id, conversation_id, flow ORDER BY first_at, step) AS position
    FROM (
      SELECT bot_id, conversation_id, flow, step, extract(epoch FROM min(ts))::float8 AS first_at, bool_or(coalesce(final, false)) AS final
      FROM events WHERE type = 'step.reached'
      GROUP BY bot_id, conversation_id, flow, step
    ) first_reach
  ) per_step
  GROUP BY bot_id, conversation_id
) s
WHERE f.bot_id = s.bot_id AND f.conversation_id = s.conversation_id;

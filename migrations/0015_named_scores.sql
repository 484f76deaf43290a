-- Named scores (contract v1.2): `score` events — LLM evaluations (gen_ai.evaluation.result) and user
-- feedback — with a name, a number and/or a label. score_avg and by:score read them
-- (docs/llm-bots.md "Scores").

-- A score's number is the event's `value` (as a conversion's is); its name and label get columns.
ALTER TABLE events
  ADD COLUMN score_name text,
  ADD COLUMN score_label text;

-- conversation_facts.scores: per conversation with score events, one entry per score name and
-- label ('' = none given), with that pair's sums:
--   [{"name": "faithfulness", "label": "", "scores": 2, "value_count": 2, "value_sum": 1.7,
--     "value_sq_sum": 1.45}, {"name": "user_feedback", "label": "thumbs_down", …}]
-- Kept by src/events/recompute-facts.ts with the other facts (NULL without scores).
ALTER TABLE conversation_facts
  ADD COLUMN score_count integer NOT NULL DEFAULT 0,
  ADD COLUMN scores jsonb;

-- Hourly rollups of those entries, keyed like fact_rollups plus the score's name and label, so a
-- score answer over a long window reads a few rows per hour, not every conversation. No score
-- depends on settled-ness, so nothing needs correcting at query time.
CREATE TABLE score_rollups (
  bot_id        text NOT NULL,
  hour          timestamptz NOT NULL,
  bot_version   text NOT NULL,
  channel       text NOT NULL,
  first_intent  text NOT NULL,
  name          text NOT NULL,
  label         text NOT NULL,
  scores        bigint NOT NULL DEFAULT 0,
  value_count   bigint NOT NULL DEFAULT 0,
  value_sum     numeric NOT NULL DEFAULT 0,
  value_sq_sum  numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (bot_id, hour, bot_version, channel, first_intent, name, label)
);

-- A metric alert on score_avg names the score it watches (NULL for every other metric).
ALTER TABLE alert_rules ADD COLUMN score_name text;

-- No backfill: no event could be of type score before this migration.

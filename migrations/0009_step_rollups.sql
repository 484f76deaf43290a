-- Hourly rollups of flow steps, so funnels over days and weeks are answered from a few thousand
-- rows instead of every conversation's steps (a 30-day funnel on 1M conversations read them all).
-- One row per bot, UTC hour of conversation start, version, channel, first intent ('' = none),
-- flow and step; the row with step '' counts the conversations that entered the flow (a step name
-- is never empty). reached: conversations that reached the step; rank_sum: the sum of the step's
-- position in those conversations (its mean orders the funnel); finals: how many marked it final.
-- Kept current in the ingest transaction (src/events/recompute-facts.ts): new contribution minus old.
CREATE TABLE step_rollups (
  bot_id        text NOT NULL,
  hour          timestamptz NOT NULL,
  bot_version   text NOT NULL,
  channel       text NOT NULL,
  first_intent  text NOT NULL,
  flow          text NOT NULL,
  step          text NOT NULL,
  reached       bigint NOT NULL DEFAULT 0,
  rank_sum      bigint NOT NULL DEFAULT 0,
  finals        bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (bot_id, hour, bot_version, channel, first_intent, flow, step)
);

-- BACKFILL: from the facts already stored (the same expressions as src/metrics/rollups/step-rollups.ts).
INSERT INTO step_rollups (bot_id, hour, bot_version, channel, first_intent, flow, step, reached, rank_sum, finals)
SELECT bot_id, hour, bot_version, channel, first_intent, flow, step, sum(reached), sum(rank_sum), sum(finals)
FROM (
  SELECT f.bot_id, date_trunc('hour', f.started_at, 'UTC') AS hour, coalesce(f.bot_version, '') AS bot_version, coalesce(f.channel, '') AS channel,
    coalesce(f.first_intent, '') AS first_intent, s.elem->>0 AS flow, s.elem->>1 AS step,
    1 AS reached, (s.elem->>4)::bigint AS rank_sum, CASE WHEN (s.elem->>3)::boolean THEN 1 ELSE 0 END AS finals
  FROM conversation_facts f, jsonb_array_elements(f.steps) AS s(elem)
  WHERE f.event_count > 0 AND f.steps IS NOT NULL
  UNION ALL
  SELECT f.bot_id, date_trunc('hour', f.started_at, 'UTC'), coalesce(f.bot_version, ''), coalesce(f.channel, ''),
    coalesce(f.first_intent, ''), flow, '', 1, 0, 0
  FROM conversation_facts f, unnest(f.flows) AS flow
  WHERE f.event_count > 0
) c
GROUP BY 1, 2, 3, 4, 5, 6, 7;

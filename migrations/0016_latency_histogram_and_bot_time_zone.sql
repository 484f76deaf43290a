-- Reply-latency histogram: how many bot messages took 0–100 ms, 100–141 ms, … (each bucket √2
-- wider, up to 51.2 s, then an open bucket), per conversation and per hourly rollup, so quantiles
-- of reply time (p95, median) can be judged against the same hours of previous weeks from the
-- rollups (anomaly rules on p95_response_ms) without scanning weeks of events. The bucket edges
-- are the ones in src/metrics/latency-histogram.ts.

ALTER TABLE conversation_facts
  ADD COLUMN latency_b00 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b01 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b02 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b03 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b04 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b05 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b06 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b07 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b08 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b09 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b10 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b11 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b12 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b13 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b14 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b15 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b16 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b17 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b18 integer NOT NULL DEFAULT 0,
  ADD COLUMN latency_b19 integer NOT NULL DEFAULT 0;

ALTER TABLE fact_rollups
  ADD COLUMN latency_b00 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b01 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b02 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b03 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b04 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b05 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b06 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b07 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b08 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b09 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b10 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b11 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b12 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b13 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b14 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b15 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b16 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b17 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b18 bigint NOT NULL DEFAULT 0,
  ADD COLUMN latency_b19 bigint NOT NULL DEFAULT 0;

-- BACKFILL: the conversations already stored, from their bot messages (the events_latency index
-- holds just those), then their hours' rollups from the facts (the key expressions of the code).

UPDATE conversation_facts f SET
  latency_b00 = e.latency_b00,
  latency_b01 = e.latency_b01,
  latency_b02 = e.latency_b02,
  latency_b03 = e.latency_b03,
  latency_b04 = e.latency_b04,
  latency_b05 = e.latency_b05,
  latency_b06 = e.latency_b06,
  latency_b07 = e.latency_b07,
  latency_b08 = e.latency_b08,
  latency_b09 = e.latency_b09,
  latency_b10 = e.latency_b10,
  latency_b11 = e.latency_b11,
  latency_b12 = e.latency_b12,
  latency_b13 = e.latency_b13,
  latency_b14 = e.latency_b14,
  latency_b15 = e.latency_b15,
  latency_b16 = e.latency_b16,
  latency_b17 = e.latency_b17,
  latency_b18 = e.latency_b18,
  latency_b19 = e.latency_b19
FROM (
  SELECT bot_id, conversation_id,
    count(*) FILTER (WHERE latency_ms >= 0 AND latency_ms < 100) AS latency_b00,
    count(*) FILTER (WHERE latency_ms >= 100 AND latency_ms < 141) AS latency_b01,
    count(*) FILTER (WHERE latency_ms >= 141 AND latency_ms < 200) AS latency_b02,
    count(*) FILTER (WHERE latency_ms >= 200 AND latency_ms < 283) AS latency_b03,
    count(*) FILTER (WHERE latency_ms >= 283 AND latency_ms < 400) AS latency_b04,
    count(*) FILTER (WHERE latency_ms >= 400 AND latency_ms < 566) AS latency_b05,
    count(*) FILTER (WHERE latency_ms >= 566 AND latency_ms < 800) AS latency_b06,
    count(*) FILTER (WHERE latency_ms >= 800 AND latency_ms < 1131) AS latency_b07,
    count(*) FILTER (WHERE latency_ms >= 1131 AND latency_ms < 1600) AS latency_b08,
    count(*) FILTER (WHERE latency_ms >= 1600 AND latency_ms < 2263) AS latency_b09,
    count(*) FILTER (WHERE latency_ms >= 2263 AND latency_ms < 3200) AS latency_b10,
    count(*) FILTER (WHERE latency_ms >= 3200 AND latency_ms < 4525) AS latency_b11,
    count(*) FILTER (WHERE latency_ms >= 4525 AND latency_ms < 6400) AS latency_b12,
    count(*) FILTER (WHERE latency_ms >= 6400 AND latency_ms < 9051) AS latency_b13,
    count(*) FILTER (WHERE latency_ms >= 9051 AND latency_ms < 12800) AS latency_b14,
    count(*) FILTER (WHERE latency_ms >= 12800 AND latency_ms < 18102) AS latency_b15,
    count(*) FILTER (WHERE latency_ms >= 18102 AND latency_ms < 25600) AS latency_b16,
    count(*) FILTER (WHERE latency_ms >= 25600 AND latency_ms < 36204) AS latency_b17,
    count(*) FILTER (WHERE latency_ms >= 36204 AND latency_ms < 51200) AS latency_b18,
    count(*) FILTER (WHERE latency_ms >= 51200) AS latency_b19
  FROM events WHERE type = 'message.sent' AND latency_ms IS NOT NULL
  GROUP BY bot_id, conversation_id
) e
WHERE f.bot_id = e.bot_id AND f.conversation_id = e.conversation_id;

UPDATE fact_rollups r SET
  latency_b00 = s.latency_b00,
  latency_b01 = s.latency_b01,
  latency_b02 = s.latency_b02,
  latency_b03 = s.latency_b03,
  latency_b04 = s.latency_b04,
  latency_b05 = s.latency_b05,
  latency_b06 = s.latency_b06,
  latency_b07 = s.latency_b07,
  latency_b08 = s.latency_b08,
  latency_b09 = s.latency_b09,
  latency_b10 = s.latency_b10,
  latency_b11 = s.latency_b11,
  latency_b12 = s.latency_b12,
  latency_b13 = s.latency_b13,
  latency_b14 = s.latency_b14,
  latency_b15 = s.latency_b15,
  latency_b16 = s.latency_b16,
  latency_b17 = s.latency_b17,
  latency_b18 = s.latency_b18,
  latency_b19 = s.latency_b19
FROM (
  SELECT f.bot_id, date_trunc('hour', f.started_at, 'UTC') AS hour, coalesce(f.bot_version, '') AS bot_version, coalesce(f.channel, '') AS channel, coalesce(f.first_intent, '') AS first_intent,
    sum(f.latency_b00) AS latency_b00,
    sum(f.latency_b01) AS latency_b01,
    sum(f.latency_b02) AS latency_b02,
    sum(f.latency_b03) AS latency_b03,
    sum(f.latency_b04) AS latency_b04,
    sum(f.latency_b05) AS latency_b05,
    sum(f.latency_b06) AS latency_b06,
    sum(f.latency_b07) AS latency_b07,
    sum(f.latency_b08) AS latency_b08,
    sum(f.latency_b09) AS latency_b09,
    sum(f.latency_b10) AS latency_b10,
    sum(f.latency_b11) AS latency_b11,
    sum(f.latency_b12) AS latency_b12,
    sum(f.latency_b13) AS latency_b13,
    sum(f.latency_b14) AS latency_b14,
    sum(f.latency_b15) AS latency_b15,
    sum(f.latency_b16) AS latency_b16,
    sum(f.latency_b17) AS latency_b17,
    sum(f.latency_b18) AS latency_b18,
    sum(f.latency_b19) AS latency_b19
  FROM conversation_facts f WHERE f.latency_count > 0
  GROUP BY 1, 2, 3, 4, 5
) s
WHERE r.bot_id = s.bot_id AND r.hour = s.hour AND r.bot_version = s.bot_version AND r.channel = s.channel AND r.first_intent = s.first_intent;

-- A bot's own time zone (`botwatch bots tz`): the local hours of the week its anomaly baselines,
-- band labels and silence alerts' active hours are judged in (a rule's tz: wins; BOTWATCH_TZ when
-- neither is set).
ALTER TABLE bots ADD COLUMN time_zone text;

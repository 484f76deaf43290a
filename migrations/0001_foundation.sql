-- botwatch foundation: API keys, events (partitioned by month), per-conversation facts, bots.
-- The event contract (docs/events.md) and what each conversation's facts hold (docs/metrics.md).

CREATE TABLE api_keys (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL,
  key_hash      text NOT NULL UNIQUE,         -- sha256 of the key, hex; the key itself is shown once
  key_prefix    text NOT NULL,                -- first characters, to recognise a key in lists
  rate_per_second integer,                    -- events/s; null = the deployment default
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;

-- One row per accepted event. Partitioned by month on `ts` so retention is a partition drop;
-- partitions are created on demand (src/events/ensure-partitions.ts).
CREATE TABLE events (
  bot_id          text NOT NULL,
  conversation_id text NOT NULL,
  id              text NOT NULL,
  ts              timestamptz NOT NULL,
  type            text NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  user_id         text,
  bot_version     text,
  channel         text,
  intent          text,
  confidence      double precision,
  fallback        boolean,
  correct         boolean,
  flow            text,
  step            text,
  final           boolean,
  goal            text,
  cta             text,
  ctas            text[],
  value           numeric,
  currency        text,
  expects_reply   boolean,
  latency_ms      integer,
  csat_score      smallint,
  sentiment       double precision,
  status          text,
  outcome         text,
  attrs           jsonb                       -- reason, queue, messageId, opted-in text, unknown fields
) PARTITION BY RANGE (ts);

-- Idempotency and per-conversation reads (the unique key must contain the partition key).
CREATE UNIQUE INDEX events_conversation_key ON events (bot_id, conversation_id, id, ts);

-- Derived facts, one row per conversation, recomputed from all its events at ingest
-- (src/events/recompute-facts.ts). Settled-ness depends on the clock and is decided at query time.
CREATE TABLE conversation_facts (
  bot_id                  text NOT NULL,
  conversation_id         text NOT NULL,
  started_at              timestamptz NOT NULL,
  last_event_at           timestamptz NOT NULL,
  user_id                 text,
  bot_version             text,
  channel                 text,
  first_intent            text,
  event_count             integer NOT NULL DEFAULT 0,
  inbound_count           integer NOT NULL DEFAULT 0,
  outbound_count          integer NOT NULL DEFAULT 0,
  expects_reply_count     integer NOT NULL DEFAULT 0,
  answered_count          integer NOT NULL DEFAULT 0,
  latency_sum_ms          bigint  NOT NULL DEFAULT 0,
  latency_count           integer NOT NULL DEFAULT 0,
  engaged                 boolean NOT NULL DEFAULT false,
  ended_at                timestamptz,
  end_outcome             text,
  handed_off_at           timestamptz,
  completed_at            timestamptz,
  resolved_at             timestamptz,
  goal_at                 timestamptz,
  lead_at                 timestamptz,
  converted_at            timestamptz,
  conversion_value        numeric,
  cta_shown               boolean NOT NULL DEFAULT false,
  cta_clicked             boolean NOT NULL DEFAULT false,
  followup_at             timestamptz,
  csat_count              integer NOT NULL DEFAULT 0,
  csat_sum                integer NOT NULL DEFAULT 0,
  csat_positive           integer NOT NULL DEFAULT 0,
  csat_negative           integer NOT NULL DEFAULT 0,
  sentiment_sum           double precision NOT NULL DEFAULT 0,
  sentiment_count         integer NOT NULL DEFAULT 0,
  intent_count            integer NOT NULL DEFAULT 0,
  fallback_count          integer NOT NULL DEFAULT 0,
  labelled_intent_count   integer NOT NULL DEFAULT 0,
  correct_intent_count    integer NOT NULL DEFAULT 0,
  delivery_sent           integer NOT NULL DEFAULT 0,
  delivery_delivered      integer NOT NULL DEFAULT 0,
  delivery_rejected       integer NOT NULL DEFAULT 0,
  delivery_expired        integer NOT NULL DEFAULT 0,
  delivery_undeliverable  integer NOT NULL DEFAULT 0,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bot_id, conversation_id)
) WITH (fillfactor = 90);

CREATE INDEX conversation_facts_started ON conversation_facts (bot_id, started_at);

-- Every monitored bot botwatch has heard from.
CREATE TABLE bots (
  bot_id          text PRIMARY KEY,
  first_event_at  timestamptz NOT NULL,
  last_event_at   timestamptz NOT NULL,
  last_ingest_at  timestamptz NOT NULL
);

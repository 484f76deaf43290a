-- Scheduled digests. Timestamps are written from botwatch's clock, not now(), so the
-- scheduler can be tested with a simulated one.

-- What a channel asked for: schedule, zone, bots, metrics; one destination (the channel it was
-- added in). Removed subscriptions are kept (removed_at) while their run history is.
CREATE TABLE digest_subscriptions (
  id             bigserial PRIMARY KEY,
  platform       text NOT NULL,
  channel_id     text NOT NULL,
  workspace_id   text,
  channel_name   text,
  cadence        text NOT NULL CHECK (cadence IN ('daily', 'weekly')),
  weekday        smallint CHECK (weekday BETWEEN 1 AND 7),
  hour           smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  minute         smallint NOT NULL CHECK (minute BETWEEN 0 AND 59),
  time_zone      text NOT NULL,
  bots           text[] NOT NULL DEFAULT '{}',
  metrics        text[] NOT NULL DEFAULT '{}',
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  -- Slots at or before this are not owed (set when created and when resumed).
  active_since   timestamptz NOT NULL,
  paused_at      timestamptz,
  paused_reason  text,
  -- Who paused it: a user id, or 'botwatch' when a destination was gone.
  paused_by      text,
  removed_at     timestamptz,
  CHECK ((cadence = 'weekly') = (weekday IS NOT NULL))
);
CREATE INDEX digest_subscriptions_channel ON digest_subscriptions (platform, channel_id) WHERE removed_at IS NULL;

-- One row per slot (or manual send). A scheduled slot is claimed by inserting its row: the
-- partial unique index makes that insert succeed in exactly one replica. `claim` is a fencing
-- token, bumped whenever another worker takes the run over; a worker writes only while its claim
-- is current. `lease_until`: when the run may be taken over (its worker died) or, while retrying,
-- when the next delivery attempt is due.
CREATE TABLE digest_runs (
  id               bigserial PRIMARY KEY,
  subscription_id  bigint NOT NULL REFERENCES digest_subscriptions (id) ON DELETE CASCADE,
  trigger          text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  scheduled_for    timestamptz NOT NULL,
  state            text NOT NULL CHECK (state IN ('running', 'retrying', 'delivered', 'failed', 'missed', 'skipped')),
  claimed_by       text,
  claim            integer NOT NULL DEFAULT 1,
  takeovers        integer NOT NULL DEFAULT 0,
  lease_until      timestamptz,
  created_at       timestamptz NOT NULL,
  started_at       timestamptz,
  finished_at      timestamptz,
  detail           text,
  -- The digest as composed once; retries and takeovers post the same message.
  reply            jsonb
);
CREATE UNIQUE INDEX digest_runs_slot ON digest_runs (subscription_id, scheduled_for) WHERE trigger = 'schedule';
CREATE INDEX digest_runs_unfinished ON digest_runs (lease_until) WHERE state IN ('running', 'retrying');
CREATE INDEX digest_runs_latest ON digest_runs (subscription_id, created_at DESC);
CREATE INDEX digest_runs_age ON digest_runs (created_at);

-- One row per destination of a run, so a retry resends only what has not been delivered.
CREATE TABLE digest_deliveries (
  run_id           bigint NOT NULL REFERENCES digest_runs (id) ON DELETE CASCADE,
  destination_key  text NOT NULL,
  destination      jsonb NOT NULL,
  state            text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'gone')),
  attempts         integer NOT NULL DEFAULT 0,
  message_id       text,
  reason           text,
  last_attempt_at  timestamptz,
  next_attempt_at  timestamptz,
  finished_at      timestamptz,
  PRIMARY KEY (run_id, destination_key)
);

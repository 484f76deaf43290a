-- Threshold alerts: rules, their live state, and their history.
--
-- A rule's state lives on its row. Every transition is one conditional statement
-- (UPDATE … WHERE state = $expected AND transitions = $seen RETURNING), so when several replicas
-- evaluate at once exactly one moves the rule and owes the notification. A notification owed is
-- also on the row (notify_kind); a replica delivers it after claiming a short lease on it.
CREATE TABLE alert_rules (
  id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind                     text NOT NULL CHECK (kind IN ('metric', 'silence')),
  metric                   text NOT NULL,                -- catalog id; 'silence' for silence rules
  bot_id                   text,                         -- null: all bots together
  versions                 text[] NOT NULL DEFAULT '{}',
  channels                 text[] NOT NULL DEFAULT '{}',
  intents                  text[] NOT NULL DEFAULT '{}',
  flows                    text[] NOT NULL DEFAULT '{}',
  direction                text NOT NULL CHECK (direction IN ('above', 'below')),
  threshold                double precision NOT NULL,    -- shares 0–1, ms, conversations; silence: seconds
  recover_threshold        double precision NOT NULL,
  window_seconds           integer NOT NULL CHECK (window_seconds > 0),
  min_conversations        integer NOT NULL CHECK (min_conversations >= 0),
  for_seconds              integer NOT NULL CHECK (for_seconds >= 0),
  renotify_seconds         integer NOT NULL CHECK (renotify_seconds >= 0),  -- 0: never re-notify
  mention                  text,
  destination              jsonb NOT NULL,               -- src/chat/destination.ts Destination
  created_by               text,
  created_at               timestamptz NOT NULL,

  state                    text NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'pending', 'firing', 'no_data')),
  transitions              integer NOT NULL DEFAULT 0,   -- +1 per transition: the claims' guard
  state_since              timestamptz NOT NULL,
  breach_since             timestamptz,                  -- when the condition began to hold (after recovery: the last episode's)
  last_evaluated_at        timestamptz,
  last_value               double precision,
  last_numerator           double precision,
  last_denominator         double precision,
  last_sample              integer,
  last_note                text,                         -- why there is no value (insufficient data)
  last_error               text,
  last_error_at            timestamptz,

  episode_message_id       text,                         -- the firing notification (recovery replies to it)
  episode_reply            jsonb,                        -- what it said (buttons update it)
  last_notified_at         timestamptz,                  -- last notification of this episode
  notify_kind              text CHECK (notify_kind IN ('firing', 'renotify', 'recovered')),
  notify_attempts          integer NOT NULL DEFAULT 0,
  notify_due_at            timestamptz,
  notify_lease_until       timestamptz,
  acknowledged_by          text,
  acknowledged_at          timestamptz,
  muted_until              timestamptz,
  muted_by                 text,
  delivery_stopped_at      timestamptz,                  -- the destination is gone: no notifications until fixed
  delivery_stopped_reason  text
);

CREATE INDEX alert_rules_owed ON alert_rules (notify_due_at) WHERE notify_kind IS NOT NULL;

-- Every transition and notification, with its numbers; kept 90 days. No foreign key: the history
-- of a removed rule stays readable (it carries what it needs: metric, bot, threshold, window).
CREATE TABLE alert_history (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id         bigint NOT NULL,
  at              timestamptz NOT NULL,
  event           text NOT NULL,   -- transition, notified, notify_failed, suppressed, delivery_stopped, acknowledged, muted, unmuted, test, added, removed
  from_state      text,
  to_state        text,
  value           double precision,
  numerator       double precision,
  denominator     double precision,
  sample          integer,
  detail          text,
  metric          text NOT NULL,
  bot_id          text,
  direction       text NOT NULL,
  threshold       double precision NOT NULL,
  window_seconds  integer NOT NULL
);

CREATE INDEX alert_history_rule ON alert_history (rule_id, at);
CREATE INDEX alert_history_at ON alert_history (at);

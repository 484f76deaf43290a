-- What the live Rasa stream's mapping remembers of each sender (its conversation id since the last
-- session_started, the time of the user message still waiting for an answer, the active form…), so
-- a conversation in progress continues exactly after botwatch restarts (docs/connect-rasa.md).
-- Written in the transaction that stores the events of the messages it comes from.
CREATE TABLE rasa_sender_state (
  bot_id      text NOT NULL,
  sender_id   text NOT NULL,
  state       jsonb NOT NULL,
  -- The sender's messages (sha-256 of each body, base64url) whose events the transaction that wrote
  -- this row stored: one of them delivered again (botwatch was killed before RabbitMQ had its
  -- acknowledgement) is already in the state, and is acknowledged without being mapped again.
  messages    text[] NOT NULL DEFAULT '{}',
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bot_id, sender_id)
);
-- Retention deletes the senders not seen for longer than BOTWATCH_RETENTION_DAYS.
CREATE INDEX rasa_sender_state_updated ON rasa_sender_state (updated_at);

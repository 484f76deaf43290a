-- LLM bots (contract v1.1): llm.call and tool.call events, what they add to conversation facts and
-- hourly rollups, and the price table cost is computed from.

ALTER TABLE events
  ADD COLUMN model text,
  ADD COLUMN provider text,
  ADD COLUMN tool text,
  ADD COLUMN input_tokens bigint,
  ADD COLUMN output_tokens bigint,
  ADD COLUMN cached_input_tokens bigint,
  ADD COLUMN cost_usd numeric,
  ADD COLUMN error text;

-- Re-pricing a model recomputes the conversations that called it without an explicit costUsd.
CREATE INDEX events_llm_model ON events (model, bot_id, conversation_id) WHERE type = 'llm.call';

ALTER TABLE conversation_facts
  ADD COLUMN llm_calls integer NOT NULL DEFAULT 0,
  ADD COLUMN llm_errors integer NOT NULL DEFAULT 0,
  ADD COLUMN llm_input_tokens bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_output_tokens bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_cached_input_tokens bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_latency_sum_ms bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_latency_count integer NOT NULL DEFAULT 0,
  ADD COLUMN llm_latency_sq_sum numeric NOT NULL DEFAULT 0,
  ADD COLUMN llm_cost_usd numeric NOT NULL DEFAULT 0,
  ADD COLUMN llm_unpriced_calls integer NOT NULL DEFAULT 0,
  ADD COLUMN tool_calls integer NOT NULL DEFAULT 0,
  ADD COLUMN tool_errors integer NOT NULL DEFAULT 0;

ALTER TABLE fact_rollups
  ADD COLUMN llm_conversations bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_calls bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_errors bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_input_tokens bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_output_tokens bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_cached_input_tokens bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_latency_sum bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_latency_count bigint NOT NULL DEFAULT 0,
  -- Sums of squares (per call latency, per conversation cost): compare's confidence intervals.
  ADD COLUMN llm_latency_sq numeric NOT NULL DEFAULT 0,
  ADD COLUMN llm_cost_usd numeric NOT NULL DEFAULT 0,
  ADD COLUMN llm_cost_sq numeric NOT NULL DEFAULT 0,
  ADD COLUMN llm_unpriced_calls bigint NOT NULL DEFAULT 0,
  ADD COLUMN llm_cost_handed_off numeric NOT NULL DEFAULT 0,
  ADD COLUMN tool_calls bigint NOT NULL DEFAULT 0,
  ADD COLUMN tool_errors bigint NOT NULL DEFAULT 0;

-- BACKFILL: the contract refused llm.call and tool.call before this migration, so no stored event
-- contributes to the new columns and their defaults (0) are exact for every existing row.

-- Prices per million tokens (small; a reference table under Citus). Cached input is the price of
-- input tokens read from the provider's prompt cache (part of the input tokens); without one, they
-- cost the input price. A price for `gpt-4o` also prices its dated snapshots (`gpt-4o-2024-08-06`).
CREATE TABLE model_prices (
  model                text PRIMARY KEY,
  input_per_mtok       numeric NOT NULL CHECK (input_per_mtok >= 0),
  cached_input_per_mtok numeric CHECK (cached_input_per_mtok >= 0),
  output_per_mtok      numeric NOT NULL CHECK (output_per_mtok >= 0),
  currency             text NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
  -- Where the price came from: 'starting table' (shipped list prices) or 'operator'.
  source               text NOT NULL,
  checked_on           date NOT NULL,
  updated_at           timestamptz NOT NULL DEFAULT now()
);

-- The starting table: providers' public list prices (standard tier, USD per million tokens) as
-- known on the date below. Not verified since: operators check them and correct them with
-- `botwatch models price`. docs/llm-bots.md lists them.
INSERT INTO model_prices (model, input_per_mtok, cached_input_per_mtok, output_per_mtok, source, checked_on) VALUES
  ('gpt-4o',             2.50, 1.25,   10.00, 'starting table', '2025-08-31'),
  ('gpt-4o-mini',        0.15, 0.075,   0.60, 'starting table', '2025-08-31'),
  ('gpt-4.1',            2.00, 0.50,    8.00, 'starting table', '2025-08-31'),
  ('gpt-4.1-mini',       0.40, 0.10,    1.60, 'starting table', '2025-08-31'),
  ('gpt-4.1-nano',       0.10, 0.025,   0.40, 'starting table', '2025-08-31'),
  ('o3',                 2.00, 0.50,    8.00, 'starting table', '2025-08-31'),
  ('o4-mini',            1.10, 0.275,   4.40, 'starting table', '2025-08-31'),
  ('gpt-5',              1.25, 0.125,  10.00, 'starting table', '2025-08-31'),
  ('gpt-5-mini',         0.25, 0.025,   2.00, 'starting table', '2025-08-31'),
  ('gpt-5-nano',         0.05, 0.005,   0.40, 'starting table', '2025-08-31'),
  ('claude-opus-4-1',   15.00, 1.50,   75.00, 'starting table', '2025-08-31'),
  ('claude-opus-4',     15.00, 1.50,   75.00, 'starting table', '2025-08-31'),
  ('claude-sonnet-4',    3.00, 0.30,   15.00, 'starting table', '2025-08-31'),
  ('claude-3-7-sonnet',  3.00, 0.30,   15.00, 'starting table', '2025-08-31'),
  ('claude-3-5-sonnet',  3.00, 0.30,   15.00, 'starting table', '2025-08-31'),
  ('claude-3-5-haiku',   0.80, 0.08,    4.00, 'starting table', '2025-08-31'),
  ('gemini-2.0-flash',   0.10, 0.025,   0.40, 'starting table', '2025-08-31');

-- by:model and by:provider for the LLM metrics. A conversation belongs to the group of every model
-- (and every provider) it called; in a group only that model's (provider's) calls count.
--
-- conversation_facts.llm_groups: per conversation with model calls, one entry per model and one
-- per provider ('' = none given) it called, with that group's sums:
--   [{"dimension": "model", "value": "gpt-4o", "calls": 2, "errors": 0, "input_tokens": …,
--     "output_tokens": …, "cached_input_tokens": …, "latency_sum": …, "latency_count": …,
--     "cost_usd": …, "unpriced_calls": …}, {"dimension": "provider", "value": "openai", …}]
-- Kept by src/events/recompute-facts.ts with the other facts (NULL without model calls).
ALTER TABLE conversation_facts ADD COLUMN llm_groups jsonb;

-- Hourly rollups of those entries, keyed like fact_rollups plus the dimension and its value, so a
-- by:model answer over a long window reads a few rows per hour, not every conversation. Each column
-- sums what a conversation's entry contributes to an aggregate of src/metrics/aggregates.ts (none
-- depends on settled-ness, so nothing needs correcting at query time).
CREATE TABLE llm_group_rollups (
  bot_id                   text NOT NULL,
  hour                     timestamptz NOT NULL,
  bot_version              text NOT NULL,
  channel                  text NOT NULL,
  first_intent             text NOT NULL,
  dimension                 text NOT NULL CHECK (dimension IN ('model', 'provider')),
  value                    text NOT NULL,
  conversations            bigint NOT NULL DEFAULT 0,
  llm_conversations        bigint NOT NULL DEFAULT 0,
  resolved                 bigint NOT NULL DEFAULT 0,
  handed_off               bigint NOT NULL DEFAULT 0,
  llm_calls                bigint NOT NULL DEFAULT 0,
  llm_errors               bigint NOT NULL DEFAULT 0,
  llm_input_tokens         bigint NOT NULL DEFAULT 0,
  llm_output_tokens        bigint NOT NULL DEFAULT 0,
  llm_cached_input_tokens  bigint NOT NULL DEFAULT 0,
  llm_latency_sum          bigint NOT NULL DEFAULT 0,
  llm_latency_count        bigint NOT NULL DEFAULT 0,
  llm_cost_usd             numeric NOT NULL DEFAULT 0,
  llm_unpriced_calls       bigint NOT NULL DEFAULT 0,
  llm_cost_handed_off      numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (bot_id, hour, bot_version, channel, first_intent, dimension, value)
);

-- BACKFILL: the groups of every stored conversation with model calls, priced as the facts were
-- (the price-matching rules of src/llm/price-sql.ts), then their rollups.
UPDATE conversation_facts f SET llm_groups = (
  SELECT jsonb_agg(jsonb_build_object('dimension', g.dimension, 'value', g.value, 'calls', g.calls, 'errors', g.errors,
      'input_tokens', g.input_tokens, 'output_tokens', g.output_tokens, 'cached_input_tokens', g.cached_input_tokens,
      'latency_sum', g.latency_sum, 'latency_count', g.latency_count, 'cost_usd', g.cost_usd, 'unpriced_calls', g.unpriced_calls)
    ORDER BY g.dimension, g.value)
  FROM (
    SELECT k.dimension, k.value, count(*) AS calls, count(*) FILTER (WHERE c.error IS NOT NULL) AS errors,
      coalesce(sum(c.input_tokens), 0) AS input_tokens, coalesce(sum(c.output_tokens), 0) AS output_tokens,
      coalesce(sum(c.cached_input_tokens), 0) AS cached_input_tokens, coalesce(sum(c.latency_ms), 0) AS latency_sum,
      count(c.latency_ms) AS latency_count, coalesce(sum(c.call_cost), 0) AS cost_usd, count(*) FILTER (WHERE c.call_cost IS NULL) AS unpriced_calls
    FROM (
      SELECT e.*, CASE WHEN e.cost_usd IS NOT NULL THEN e.cost_usd
          WHEN price.input_per_mtok IS NULL THEN NULL
          ELSE (greatest(coalesce(e.input_tokens, 0) - coalesce(e.cached_input_tokens, 0), 0) * price.input_per_mtok
            + coalesce(e.cached_input_tokens, 0) * coalesce(price.cached_input_per_mtok, price.input_per_mtok)
            + coalesce(e.output_tokens, 0) * price.output_per_mtok) / 1000000 END AS call_cost
      FROM events e
      LEFT JOIN LATERAL (
        SELECT p.input_per_mtok, p.cached_input_per_mtok, p.output_per_mtok FROM model_prices p
        WHERE e.cost_usd IS NULL AND (e.model = p.model OR (left(e.model, length(p.model) + 1) = p.model || '-'
          AND substr(e.model, length(p.model) + 2) ~ '^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$'))
        ORDER BY length(p.model) DESC LIMIT 1) price ON true
      WHERE e.bot_id = f.bot_id AND e.conversation_id = f.conversation_id AND e.type = 'llm.call'
    ) c
    CROSS JOIN LATERAL (VALUES ('model', c.model), ('provider', coalesce(c.provider, ''))) AS k(dimension, value)
    GROUP BY k.dimension, k.value
  ) g)
WHERE f.llm_calls > 0;

INSERT INTO llm_group_rollups (bot_id, hour, bot_version, channel, first_intent, dimension, value, conversations, llm_conversations, resolved, handed_off, llm_calls, llm_errors, llm_input_tokens, llm_output_tokens, llm_cached_input_tokens, llm_latency_sum, llm_latency_count, llm_cost_usd, llm_unpriced_calls, llm_cost_handed_off)
SELECT f.bot_id, date_trunc('hour', f.started_at, 'UTC'), coalesce(f.bot_version, ''), coalesce(f.channel, ''), coalesce(f.first_intent, ''), g.dimension, g.value,
  count(*),
  count(*),
  count(*) FILTER (WHERE f.resolved_at IS NOT NULL),
  count(*) FILTER (WHERE f.handed_off_at IS NOT NULL),
  coalesce(sum(g.calls), 0),
  coalesce(sum(g.errors), 0),
  coalesce(sum(g.input_tokens), 0),
  coalesce(sum(g.output_tokens), 0),
  coalesce(sum(g.cached_input_tokens), 0),
  coalesce(sum(g.latency_sum), 0),
  coalesce(sum(g.latency_count), 0),
  coalesce(sum(g.cost_usd), 0),
  coalesce(sum(g.unpriced_calls), 0),
  coalesce(sum(g.cost_usd) FILTER (WHERE f.handed_off_at IS NOT NULL), 0)
FROM conversation_facts f
CROSS JOIN LATERAL jsonb_to_recordset(f.llm_groups) AS g(dimension text, value text, calls bigint, errors bigint, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, latency_sum bigint, latency_count bigint, cost_usd numeric, unpriced_calls bigint)
WHERE f.llm_groups IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

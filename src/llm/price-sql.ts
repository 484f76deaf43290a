/**
 * How a model's price is found and applied, in SQL shared by fact recomputation and re-pricing.
 * A price applies to its model and to the model's dated snapshots (`gpt-4o` prices
 * `gpt-4o-2024-08-06` and `claude-sonnet-4` prices `claude-sonnet-4-20250514`); a snapshot with
 * its own price uses that one. Nothing else matches: `gpt-4o` never prices `gpt-4o-mini`.
 */
export function priceMatchSql(model: string, priced: string): string {
  return `(${model} = ${priced} OR (left(${model}, length(${priced}) + 1) = ${priced} || '-'
    AND substr(${model}, length(${priced}) + 2) ~ '^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$'))`;
}

/**
 * A lateral join giving the price (`alias`) of an `llm.call` event `e` that has no costUsd of its
 * own: the most specific matching price, or no row.
 */
export function eventPriceJoinSql(alias: string): string {
  return `LEFT JOIN LATERAL (
      SELECT p.input_per_mtok, p.cached_input_per_mtok, p.output_per_mtok FROM model_prices p
      WHERE e.type = 'llm.call' AND e.cost_usd IS NULL AND ${priceMatchSql('e.model', 'p.model')}
      ORDER BY length(p.model) DESC LIMIT 1) ${alias} ON true`;
}

/**
 * One call's cost in US dollars: its own costUsd, else tokens × the table's prices per million
 * (cached input tokens are part of the input tokens and cost the cached price when there is one);
 * NULL when neither is known — the cost is then n/a, never 0.
 */
export function callCostSql(alias: string): string {
  const cached = 'coalesce(e.cached_input_tokens, 0)';
  return `CASE WHEN e.type <> 'llm.call' THEN NULL
    WHEN e.cost_usd IS NOT NULL THEN e.cost_usd
    WHEN ${alias}.input_per_mtok IS NULL THEN NULL
    ELSE (greatest(coalesce(e.input_tokens, 0) - ${cached}, 0) * ${alias}.input_per_mtok
      + ${cached} * coalesce(${alias}.cached_input_per_mtok, ${alias}.input_per_mtok)
      + coalesce(e.output_tokens, 0) * ${alias}.output_per_mtok) / 1000000 END`;
}

import type { Queryable } from '../db/database.ts';
import { priceMatchSql } from './price-sql.ts';

/** A model's list price in US dollars per million tokens (migration 0011 `model_prices`). */
export interface ModelPrice {
  model: string;
  inputPerMTok: number;
  /** Input tokens read from the provider's prompt cache; null → they cost the input price. */
  cachedInputPerMTok: number | null;
  outputPerMTok: number;
  currency: 'USD';
  /** `starting table` (shipped list prices) or `operator`. */
  source: string;
  /** When the price was last checked (YYYY-MM-DD). */
  checkedOn: string;
}

interface PriceRow {
  model: string;
  input_per_mtok: string;
  cached_input_per_mtok: string | null;
  output_per_mtok: string;
  source: string;
  checked_on: string;
}

const toPrice = (r: PriceRow): ModelPrice => ({
  model: r.model,
  inputPerMTok: Number(r.input_per_mtok),
  cachedInputPerMTok: r.cached_input_per_mtok === null ? null : Number(r.cached_input_per_mtok),
  outputPerMTok: Number(r.output_per_mtok),
  currency: 'USD',
  source: r.source,
  checkedOn: r.checked_on,
});

const selectPrice = `SELECT model, input_per_mtok::text, cached_input_per_mtok::text, output_per_mtok::text, source, to_char(checked_on, 'YYYY-MM-DD') AS checked_on FROM model_prices`;

/** Every price, by model name. */
export async function listModelPrices(db: Queryable): Promise<ModelPrice[]> {
  return (await db.query<PriceRow>(`${selectPrice} ORDER BY model`)).map(toPrice);
}

/** Sets (or replaces) a model's price, as checked by the operator today. */
export async function setModelPrice(db: Queryable, price: Omit<ModelPrice, 'source' | 'checkedOn' | 'currency'>, today: Date): Promise<ModelPrice> {
  const [row] = await db.query<PriceRow>(
    `INSERT INTO model_prices AS p (model, input_per_mtok, cached_input_per_mtok, output_per_mtok, source, checked_on)
     VALUES ($1, $2, $3, $4, 'operator', $5::date)
     ON CONFLICT (model) DO UPDATE SET input_per_mtok = excluded.input_per_mtok, cached_input_per_mtok = excluded.cached_input_per_mtok,
       output_per_mtok = excluded.output_per_mtok, source = excluded.source, checked_on = excluded.checked_on, updated_at = now()
     RETURNING model, input_per_mtok::text, cached_input_per_mtok::text, output_per_mtok::text, source, to_char(checked_on, 'YYYY-MM-DD') AS checked_on`,
    [price.model, price.inputPerMTok, price.cachedInputPerMTok, price.outputPerMTok, today.toISOString().slice(0, 10)],
  );
  if (row === undefined) throw new Error(`storing the price of ${price.model} returned nothing`);
  return toPrice(row);
}

/** Removes a model's price; true when there was one. */
export async function removeModelPrice(db: Queryable, model: string): Promise<boolean> {
  return (await db.query('DELETE FROM model_prices WHERE model = $1 RETURNING model', [model])).length > 0;
}

/** Models called (without an explicit costUsd) that no price matches, with how many such calls. */
export async function unpricedModels(db: Queryable, botIds?: readonly string[]): Promise<{ model: string; calls: number }[]> {
  const params: unknown[] = [];
  const bots = botIds && botIds.length > 0 ? (params.push(botIds), `AND e.bot_id = ANY($1::text[])`) : '';
  return db.query<{ model: string; calls: number }>(
    `SELECT e.model, count(*)::int AS calls FROM events e
     WHERE e.type = 'llm.call' AND e.cost_usd IS NULL ${bots}
       AND NOT EXISTS (SELECT 1 FROM model_prices p WHERE ${priceMatchSql('e.model', 'p.model')})
     GROUP BY e.model ORDER BY count(*) DESC, e.model`,
    params,
  );
}


import type { Queryable } from '../db/database.ts';
import type { Signal } from '../events/contract.ts';
import type { CostSettings } from './catalog.ts';

/** Monitored bots as botwatch knows them (from what they sent). */
export interface BotInfo {
  botId: string;
  firstEventAt: Date;
  lastEventAt: Date;
  lastIngestAt: Date;
  costs?: CostSettings;
  /** The bot's own time zone (`botwatch bots tz`), when set: whose local hours its usual week is in. */
  timeZone?: string;
}

export async function listBots(db: Queryable): Promise<BotInfo[]> {
  const rows = await db.query<{ bot_id: string; first_event_at: Date; last_event_at: Date; last_ingest_at: Date; bot_cost: number | null; human_cost: number | null; cost_currency: string | null; time_zone: string | null }>(
    'SELECT bot_id, first_event_at, last_event_at, last_ingest_at, bot_cost, human_cost, cost_currency, time_zone FROM bots ORDER BY bot_id',
  );
  return rows.map((r) => ({
    botId: r.bot_id,
    firstEventAt: r.first_event_at,
    lastEventAt: r.last_event_at,
    lastIngestAt: r.last_ingest_at,
    ...(r.bot_cost !== null && r.human_cost !== null ? { costs: { botCost: r.bot_cost, humanCost: r.human_cost, currency: r.cost_currency ?? '' } } : {}),
    ...(r.time_zone !== null ? { timeZone: r.time_zone } : {}),
  }));
}

/** The signals (event types, final steps) the given bots (all bots when empty) have ever sent. */
export async function sentEventTypes(db: Queryable, bots: string[]): Promise<Set<Signal>> {
  const rows = await db.query<{ type: Signal }>(
    bots.length === 0 ? 'SELECT DISTINCT type FROM bot_event_types' : 'SELECT DISTINCT type FROM bot_event_types WHERE bot_id = ANY($1::text[])',
    bots.length === 0 ? [] : [bots],
  );
  return new Set(rows.map((r) => r.type));
}

/** Sets a bot's costs (cost per conversation). */
export async function setBotCosts(db: Queryable, botId: string, costs: CostSettings): Promise<boolean> {
  const rows = await db.query('UPDATE bots SET bot_cost = $2, human_cost = $3, cost_currency = $4 WHERE bot_id = $1 RETURNING bot_id', [botId, costs.botCost, costs.humanCost, costs.currency]);
  return rows.length > 0;
}

/** Sets (or with null clears) a bot's own time zone; false when botwatch does not know the bot. */
export async function setBotTimeZone(db: Queryable, botId: string, timeZone: string | null): Promise<boolean> {
  const rows = await db.query('UPDATE bots SET time_zone = $2 WHERE bot_id = $1 RETURNING bot_id', [botId, timeZone]);
  return rows.length > 0;
}

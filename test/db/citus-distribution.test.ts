import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citusInstalled, migrateCitus } from '../../src/db/citus-migrations.ts';
import { readCitusMigrations } from '../../src/db/migrations.ts';
import { distributedJoinProblem, readCitusLayout } from '../helpers/distributed-joins.ts';
import { sqlInSource } from '../helpers/sql-in-source.ts';
import { openTestDatabase } from '../helpers/test-database.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

// Citus cannot be installed on the machines botwatch is tested on. What can be checked without
// it is checked here: the schema keeps Citus's rules for the tables migrations/citus/ distributes,
// every query in src/ joins distributed tables on bot_id, and the Citus migrations apply in order.
const layout = readCitusLayout(fileURLToPath(new URL('../../migrations/citus/', import.meta.url)));
const distributed = new Set(layout.distributed.keys());
/** Tables that stay on the coordinator alone: the migration ledgers. */
const coordinatorOnly = new Set(['botwatch_migrations', 'botwatch_citus_migrations']);

interface KeyRow {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f' | 'index';
  columns: string[];
  references: string | null;
  referencedColumns: string[] | null;
}

describe('the Citus layout of the migrated schema', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  const tablesOfSchema = async () =>
    (await t.db.query<{ name: string }>(`SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY 1`)).map((r) => r.name);

  /** Primary keys, unique constraints, foreign keys and unique indexes of the schema's tables. */
  const keysOfSchema = () =>
    t.db.query<KeyRow>(
      `SELECT c.relname AS "table", con.conname AS name, con.contype::text AS kind,
              ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
              fc.relname::text AS "references",
              CASE WHEN con.contype = 'f' THEN ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i) END AS "referencedColumns"
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid LEFT JOIN pg_class fc ON fc.oid = con.confrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND con.contype IN ('p', 'u', 'f') AND NOT c.relispartition
       UNION ALL
       SELECT c.relname, i.relname, 'index',
              ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o),
              NULL, NULL
         FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indisunique AND NOT x.indisprimary AND c.relnamespace = current_schema()::regnamespace AND NOT c.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid)`,
    );

  it('places every table: distributed by bot_id, a reference table, or a migration ledger', async () => {
    const tables = await tablesOfSchema();
    const unplaced = tables.filter((name) => !distributed.has(name) && !layout.reference.has(name) && !coordinatorOnly.has(name));
    expect(unplaced, 'add these tables to a new file in migrations/citus/ (distributed by bot_id, or a reference table)').toEqual([]);
    expect([...distributed, ...layout.reference].filter((name) => !tables.includes(name)), 'migrations/citus/ names tables the schema does not have').toEqual([]);
    expect([...new Set(layout.distributed.values())]).toEqual(['bot_id']);
    expect(distributed).toEqual(new Set(['events', 'conversation_facts', 'fact_rollups', 'step_rollups', 'bots', 'bot_event_types', 'llm_group_rollups', 'score_rollups', 'rasa_sender_state']));
  });

  it('gives the distributed tables no primary key, unique constraint, unique index or foreign key without bot_id', async () => {
    const keys = await keysOfSchema();
    // The check sees the keys it must judge (a query that found nothing would pass anything).
    expect(keys.filter((k) => distributed.has(k.table) && k.kind === 'p').map((k) => k.table).sort()).toEqual(['bot_event_types', 'bots', 'conversation_facts', 'fact_rollups', 'llm_group_rollups', 'rasa_sender_state', 'score_rollups', 'step_rollups']);
    expect(keys.find((k) => k.table === 'events' && k.kind === 'index')?.columns).toEqual(['bot_id', 'conversation_id', 'id', 'ts']);

    const problems = keys.flatMap((k) => {
      if (distributed.has(k.table)) {
        if (!k.columns.includes('bot_id')) return [`${k.table}: ${k.name} (${k.columns.join(', ')}) does not include bot_id`];
        if (k.kind === 'f' && !layout.reference.has(k.references ?? '')) {
          const paired = k.columns.indexOf('bot_id') === (k.referencedColumns ?? []).indexOf('bot_id');
          if (!distributed.has(k.references ?? '') || !paired) return [`${k.table}: foreign key ${k.name} must reference a reference table, or a distributed one by bot_id = bot_id`];
        }
      }
      if (layout.reference.has(k.table) && k.kind === 'f' && !layout.reference.has(k.references ?? '')) return [`${k.table}: foreign key ${k.name} of a reference table points at ${k.references ?? '?'}, which is not one`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('applies migrations/citus/ once, in an order Citus accepts, where create_distributed_table and create_reference_table exist', async () => {
    expect(await citusInstalled(t.db)).toBe(false);
    // Without Citus, migrating leaves no trace of the Citus set.
    expect(await t.db.query(`SELECT to_regclass('botwatch_citus_migrations') AS ledger`)).toEqual([{ ledger: null }]);
    // Stand-ins of Citus's two functions with the checks that depend on the schema: the column
    // exists, and a table with a foreign key becomes a reference table after the table it references.
    await t.db.exec(`
      CREATE TABLE citus_calls (n serial, fn text, tbl text, col text, colocate text);
      CREATE FUNCTION create_distributed_table(table_name regclass, distribution_column text, colocate_with text DEFAULT 'default') RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = table_name AND attname = distribution_column AND NOT attisdropped) THEN
          RAISE EXCEPTION 'column % of % does not exist', distribution_column, table_name;
        END IF;
        INSERT INTO citus_calls (fn, tbl, col, colocate) VALUES ('distributed', table_name::text, distribution_column, colocate_with);
      END $$;
      CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conrelid = table_name AND con.contype = 'f'
                   AND NOT EXISTS (SELECT 1 FROM citus_calls c WHERE c.fn = 'reference' AND c.tbl = con.confrelid::regclass::text)) THEN
          RAISE EXCEPTION 'cannot create foreign key constraint: % references a table that is not a reference table yet', table_name;
        END IF;
        INSERT INTO citus_calls (fn, tbl) VALUES ('reference', table_name::text);
      END $$;`);
    const migrations = readCitusMigrations();
    expect(await migrateCitus(t.db, migrations)).toEqual(migrations.map((m) => m.version));
    expect(await migrateCitus(t.db, migrations)).toEqual([]);
    const calls = await t.db.query<{ fn: string; tbl: string; col: string | null; colocate: string | null }>('SELECT fn, tbl, col, colocate FROM citus_calls ORDER BY n');
    expect(calls.filter((c) => c.fn === 'distributed')).toEqual([...distributed].map((tbl) => ({ fn: 'distributed', tbl, col: 'bot_id', colocate: tbl === 'events' ? 'default' : 'events' })));
    expect(new Set(calls.filter((c) => c.fn === 'reference').map((c) => c.tbl))).toEqual(layout.reference);
  });
});

describe('the SQL in src/ on distributed tables', () => {
  const statements = sqlInSource(fileURLToPath(new URL('../../src/', import.meta.url)));

  it('joins distributed tables only on bot_id', () => {
    const naming = new RegExp(`\\b(${[...distributed].join('|')})\\b`, 'g');
    const joining = statements.filter((s) => (s.sql.match(naming) ?? []).length >= 2);
    // The listing finds the queries that do join them (an extractor that found nothing would pass).
    expect(statements.length).toBeGreaterThan(100);
    expect(joining.map((s) => s.file)).toEqual(expect.arrayContaining(['src/events/recompute-facts.ts', 'src/metrics/queries/latency-percentile.ts', 'src/metrics/queries/followup-recovery.ts']));
    const problems = statements.flatMap((s) => {
      const problem = distributedJoinProblem(s.sql, distributed);
      return problem === undefined ? [] : [`${s.file}:${s.line} ${problem}`];
    });
    expect(problems).toEqual([]);
  });

  it('catches a join on anything but bot_id', () => {
    const bad = [
      'SELECT count(*) FROM events e JOIN conversation_facts f ON f.conversation_id = e.conversation_id',
      'SELECT 1 FROM conversation_facts f, events e WHERE e.conversation_id = f.conversation_id',
      'SELECT 1 FROM conversation_facts f WHERE EXISTS (SELECT 1 FROM events WHERE conversation_id = f.conversation_id)',
      'UPDATE conversation_facts f SET event_count = 0 FROM events e WHERE e.user_id = f.user_id',
      'WITH u AS (SELECT f.user_id FROM conversation_facts f) SELECT count(*) FROM u JOIN events e ON e.user_id = u.user_id',
    ];
    for (const sql of bad) expect(distributedJoinProblem(sql, distributed), sql).toMatch(/without tying them all together by bot_id/);
    const good = [
      'SELECT count(*) FROM events e JOIN conversation_facts f ON f.bot_id = e.bot_id AND f.conversation_id = e.conversation_id',
      'SELECT 1 FROM conversation_facts f WHERE EXISTS (SELECT 1 FROM events WHERE bot_id = f.bot_id AND conversation_id = f.conversation_id)',
      'SELECT 1 FROM fact_rollups r JOIN bots USING (bot_id)',
      "SELECT count(*) FROM events WHERE type = 'x'",
    ];
    for (const sql of good) expect(distributedJoinProblem(sql, distributed), sql).toBeUndefined();
  });
});

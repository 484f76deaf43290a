import { describe, expect, it } from 'vitest';
import { sqlWithoutComments } from '../../src/db/sql-without-comments.ts';

describe('SQL without its comments (what a migration checksum covers)', () => {
  it('drops line and block comments and evens out whitespace', () => {
    const sql = `-- opening comment\nCREATE TABLE t (  -- trailing\n  x int, /* a block\n /* nested */ still */ y text\n);\n\n-- closing\n`;
    expect(sqlWithoutComments(sql)).toBe('CREATE TABLE t ( x int, y text );');
    expect(sqlWithoutComments(sql.replace('-- trailing', '-- reworded, longer\n-- and wrapped'))).toBe(sqlWithoutComments(sql));
  });

  it('keeps literals exactly, a -- inside them included', () => {
    expect(sqlWithoutComments(`SELECT 'a -- b', 'it''s  -- x' -- gone\nFROM t`)).toBe(`SELECT 'a -- b', 'it''s  -- x' FROM t`);
    expect(sqlWithoutComments(`SELECT "odd -- name" FROM t`)).toBe(`SELECT "odd -- name" FROM t`);
    expect(sqlWithoutComments(`SELECT E'\\' -- still a string' -- gone`)).toBe(`SELECT E'\\' -- still a string'`);
    const fn = `CREATE FUNCTION f() RETURNS int AS $body$\n  -- kept: inside the body\n  SELECT 1;\n$body$ LANGUAGE sql; -- gone`;
    expect(sqlWithoutComments(fn)).toBe(`CREATE FUNCTION f() RETURNS int AS $body$\n  -- kept: inside the body\n  SELECT 1;\n$body$ LANGUAGE sql;`);
    expect(sqlWithoutComments(`DO $$ BEGIN -- kept\nEND $$;`)).toBe(`DO $$ BEGIN -- kept\nEND $$;`);
  });

  it('sees a change to a statement', () => {
    expect(sqlWithoutComments('SELECT $1::int -- n')).toBe('SELECT $1::int');
    expect(sqlWithoutComments('CREATE TABLE t (x int)')).not.toBe(sqlWithoutComments('CREATE TABLE t (x bigint)'));
    expect(sqlWithoutComments(`SELECT 'a  b'`)).not.toBe(sqlWithoutComments(`SELECT 'a b'`));
  });
});

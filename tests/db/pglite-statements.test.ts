import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite, type QueryOptions, types } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enablePreparedStatements, type StatementCache } from '@/lib/db/pglite-statements';

// The named-statement path must answer exactly as PGlite's own `query` does: two engines side by
// side, the same statements on both.
let dir: string;
let named: PGlite;
let plain: PGlite;
let cache: StatementCache;

const setup = `
  create table things (
    id text primary key, flag boolean not null, n integer, big bigint, price numeric(10, 2),
    at timestamptz, tags text[], doc jsonb, raw bytea
  );
`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-stmt-test-'));
  named = await PGlite.create(path.join(dir, 'named'));
  plain = await PGlite.create(path.join(dir, 'plain'));
  for (const client of [named, plain]) await client.exec(setup);
  cache = await enablePreparedStatements(named);
});

afterAll(async () => {
  await named?.close();
  await plain?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function both(text: string, params: unknown[] = [], options?: QueryOptions) {
  const [mine, theirs] = await Promise.all([
    named.query(text, params, options),
    plain.query(text, params, options),
  ]);
  return { mine, theirs };
}

describe('named prepared statements on PGlite', () => {
  it('writes and reads every column type as PGlite does, nulls and arrays included', async () => {
    const insert =
      'insert into things (id, flag, n, big, price, at, tags, doc, raw) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *';
    const rows = [
      [
        'a',
        true,
        7,
        9_007_199_254_740_993n,
        '12.50',
        new Date('2026-12-01T10:00:00Z'),
        ['x', 'y,z'],
        { k: [1, 'two'] },
        new Uint8Array([0, 255]),
      ],
      ['b', false, null, null, null, null, null, null, null],
      [
        'c',
        true,
        -1,
        0,
        '0.01',
        '2026-01-01T00:00:00+02:00',
        [],
        { quote: 'it\'s "fine"' },
        new Uint8Array([]),
      ],
    ];
    for (const row of rows) {
      const { mine, theirs } = await both(insert, row);
      expect(mine.rows).toEqual(theirs.rows);
      expect(mine.fields).toEqual(theirs.fields);
      expect(mine.affectedRows).toBe(1);
    }
    for (const mode of ['array', 'object'] as const) {
      const { mine, theirs } = await both(
        'select * from things where flag = $1 or n is null order by id',
        [true],
        { rowMode: mode },
      );
      expect(mine.rows).toHaveLength(3);
      expect(mine).toEqual(theirs);
    }
  });

  it("applies a query's own parsers over the client's, as drizzle passes them", async () => {
    const raw = { parsers: { [types.TIMESTAMPTZ]: (value: string) => `raw:${value}` } };
    for (let round = 0; round < 2; round++) {
      const text = 'select at, n, flag, doc from things where id = $1';
      const [mine, theirs] = await Promise.all([
        named.query(text, ['a'], raw),
        plain.query(text, ['a'], raw),
      ]);
      expect(mine.rows).toEqual(theirs.rows);
      expect(mine.rows[0]).toMatchObject({ at: expect.stringMatching(/^raw:2026-12-01/), n: 7, flag: true });
    }
  });

  it('parses a statement once and then only binds it', async () => {
    const text = 'select count(*)::int as n from things where id = $1';
    const before = cache.misses();
    for (let i = 0; i < 20; i++)
      expect((await named.query<{ n: number }>(text, ['a'])).rows).toEqual([{ n: 1 }]);
    expect(cache.misses() - before).toBe(1);
  });

  it('reports errors with their code and SQL, and the next statement still works', async () => {
    await expect(named.query('select * from nowhere where id = $1', ['a'])).rejects.toMatchObject({
      code: '42P01',
      query: 'select * from nowhere where id = $1',
    });
    const duplicate = named.query('insert into things (id, flag) values ($1, $2)', ['a', true]);
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
    await expect(named.query('select $1::int + 1 as n', ['x'])).rejects.toMatchObject({ code: '22P02' });
    expect((await named.query('select $1::int + 1 as n', [41])).rows).toEqual([{ n: 42 }]);
  });

  it('keeps at most 256 statements, and an evicted one is prepared again', async () => {
    for (let i = 0; i < 300; i++) await named.query(`select $1::int + ${i} as n`, [1]);
    expect(cache.size()).toBe(256);
    const rows = await named.query<{ n: number }>('select $1::int + 0 as n', [5]);
    expect(rows.rows).toEqual([{ n: 5 }]);
    const statements = await plainRows(named, 'select count(*)::int as n from pg_prepared_statements');
    expect(statements).toBeLessThanOrEqual(256);
  });

  it('waits for a transaction in progress, and a rolled-back one leaves the statements working', async () => {
    const text = 'select flag from things where id = $1';
    await named.query(text, ['a']);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = named.transaction(async (tx) => {
      await tx.query('update things set flag = false where id = $1', ['a']);
      await held;
      await tx.rollback();
    });
    const during = named.query<{ flag: boolean }>(text, ['a']);
    let answered = false;
    void during.then(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    await transaction;
    expect((await during).rows).toEqual([{ flag: true }]);
    expect((await named.query<{ flag: boolean }>(text, ['a'])).rows).toEqual([{ flag: true }]);
  });

  it('prepares a statement again when the table under it changed shape', async () => {
    const text = 'select * from things where id = $1';
    const first = await named.query<Record<string, unknown>>(text, ['a']);
    expect(first.rows[0]).not.toHaveProperty('extra');
    await named.exec("alter table things add column extra text not null default 'new'");
    const again = await named.query<Record<string, unknown>>(text, ['a']);
    expect(again.rows[0]).toMatchObject({ id: 'a', extra: 'new' });
    // The old name was closed, not left behind in the engine.
    const [held] = await named.exec(
      `select count(*)::int as n from pg_prepared_statements where statement = '${text}'`,
    );
    expect(held?.rows).toEqual([{ n: 1 }]);
  });

  it('leaves queries with their own parameter types to PGlite, types honoured', async () => {
    for (const [types, expected] of [
      [[25], '5'],
      [[23], 5],
    ] as const) {
      const { mine, theirs } = await both('select $1 as v', [5], { paramTypes: [...types] });
      expect(mine.rows).toEqual([{ v: expected }]);
      expect(mine.rows).toEqual(theirs.rows);
    }
  });
});

async function plainRows(client: PGlite, text: string): Promise<number> {
  const [result] = await client.exec(text);
  return (result?.rows[0] as { n: number } | undefined)?.n ?? Number.NaN;
}

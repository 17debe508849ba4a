import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase, queryRows } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { createCustomer } from '@/lib/provider/customers';
import { createPostgresDatabase, postgresUrl } from '../support/databases';

// One connection (poolMax 1), so pg_prepared_statements shows what this pool's queries prepared.
async function open(preparedStatements: boolean) {
  const database = await createPostgresDatabase(postgresUrl() as string);
  const handle = await openDatabase({ kind: 'postgres', url: database.url, poolMax: 1, preparedStatements });
  return {
    handle,
    drop: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

const preparedNames = (handle: DatabaseHandle) =>
  queryRows<{ name: string }>(handle.db, sql`select name from pg_prepared_statements order by name`).then(
    (rows) => rows.map((row) => row.name),
  );

describe.runIf(postgresUrl())('named prepared statements on PostgreSQL', () => {
  let on: Awaited<ReturnType<typeof open>>;
  let off: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    on = await open(true);
    off = await open(false);
  });
  afterAll(async () => {
    await on?.drop();
    await off?.drop();
  });

  it('prepares a parameterised query once per connection, and answers as the unnamed one does', async () => {
    const answers = [];
    for (const { handle } of [on, off]) {
      const { customer } = await createCustomer(
        handle.db,
        { id: 'cust_stmt_1', email: 'a@example.com' },
        'api',
      );
      expect(customer.id).toBe('cust_stmt_1');
      const read = () => handle.db.select().from(customers).where(eq(customers.id, 'cust_stmt_1'));
      const rows = [await read(), await read(), await read()];
      expect(rows[1]).toEqual(rows[0]);
      // The same row but for the clock: compare everything except the times.
      answers.push(rows[0]?.map(({ createdAt, updatedAt, resourceVersion, ...rest }) => rest));
    }
    expect(answers[0]).toEqual(answers[1]);
    const named = await preparedNames(on.handle);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((name) => /^gh_[0-9a-f]{24}$/.test(name))).toBe(true);
    expect(await preparedNames(off.handle)).toEqual([]);
  });

  it('keeps errors and transactions as they were', async () => {
    const { db } = on.handle;
    const duplicate = createCustomer(db, { id: 'cust_stmt_1', email: 'b@example.com' }, 'api');
    await expect(duplicate).rejects.toThrow();
    await expect(
      db.transaction(async (tx) => {
        await tx
          .update(customers)
          .set({ email: 'rolled@example.com' })
          .where(eq(customers.id, 'cust_stmt_1'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const [row] = await db.select().from(customers).where(eq(customers.id, 'cust_stmt_1'));
    expect(row?.email).toBe('a@example.com');
    await db.transaction(async (tx) => {
      await tx.update(customers).set({ email: 'kept@example.com' }).where(eq(customers.id, 'cust_stmt_1'));
    });
    const [after] = await db.select().from(customers).where(eq(customers.id, 'cust_stmt_1'));
    expect(after?.email).toBe('kept@example.com');
  });

  it('closes a connection whose named statement no longer fits the table, so the next one works', async () => {
    const { db } = on.handle;
    const read = () =>
      db.transaction((tx) =>
        queryRows<{ id: string }>(tx, sql`select * from customers where id = ${'cust_stmt_1'}`),
      );
    expect(await read()).toMatchObject([{ id: 'cust_stmt_1' }]);
    await db.execute(sql`alter table customers add column stmt_test text`);
    // The first use after the change may fail on the old plan ("cached plan must not change result
    // type"); it must not leave the connection failing that way for good.
    await read().catch((error: { cause?: { code?: string } }) => expect(error.cause?.code).toBe('0A000'));
    for (let i = 0; i < 3; i++) expect(await read()).toMatchObject([{ id: 'cust_stmt_1', stmt_test: null }]);
  });
});

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '@/lib/db/client';
import { DataDirInUseError } from '@/lib/db/dir-lock';
import { customers } from '@/lib/db/schema';
import { probeDatabase } from '@/lib/health';
import { backends, createPostgresDatabase, postgresUrl, type TestDatabase } from '../support/databases';

describe.each(backends())('database on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('applies every migration, and applying them again changes nothing', async () => {
    const { db } = database.handle;
    const count = sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const before = await queryRows(db, count);
    const migrations = fs.readdirSync(path.join(process.cwd(), 'drizzle')).filter((f) => f.endsWith('.sql'));
    expect(before[0]).toEqual({ n: migrations.length });
    const { migrate } =
      backend.name === 'pglite'
        ? await import('drizzle-orm/pglite/migrator')
        : await import('drizzle-orm/node-postgres/migrator');
    // biome-ignore lint/suspicious/noExplicitAny: each migrator wants its own driver's database type
    await migrate(db as any, { migrationsFolder: path.join(process.cwd(), 'drizzle') });
    expect((await queryRows(db, count))[0]).toEqual({ n: migrations.length });
  });

  it('round-trips a row with JSON, big integers and defaults', async () => {
    const { db } = database.handle;
    const now = 1_790_000_000;
    await db.insert(customers).values({
      id: 'cust_roundtrip',
      email: 'Ada@Example.com',
      billingAddress: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      createdAt: now,
      updatedAt: now,
      resourceVersion: now * 1000 + 123,
    });
    const [row] = await db.select().from(customers).where(eq(customers.id, 'cust_roundtrip'));
    expect(row).toMatchObject({
      email: 'Ada@Example.com',
      autoCollection: 'on',
      deleted: false,
      billingAddress: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      resourceVersion: 1_790_000_000_123,
    });
    const byEmail = await db
      .select({ id: customers.id })
      .from(customers)
      .where(sql`lower(${customers.email}) = ${'ada@example.com'}`);
    expect(byEmail).toEqual([{ id: 'cust_roundtrip' }]);
  });

  it('rolls a failed transaction back completely', async () => {
    const { db } = database.handle;
    const now = 1_790_000_000;
    await expect(
      db.transaction(async (tx) => {
        await tx
          .insert(customers)
          .values({ id: 'cust_rollback', createdAt: now, updatedAt: now, resourceVersion: now });
        await tx
          .insert(customers)
          .values({ id: 'cust_rollback', createdAt: now, updatedAt: now, resourceVersion: now });
      }),
    ).rejects.toThrow();
    expect(await db.select().from(customers).where(eq(customers.id, 'cust_rollback'))).toEqual([]);
  });

  it('reports itself healthy', async () => {
    expect(await probeDatabase(async () => database.handle, backend.name)).toEqual({
      status: 'ok',
      db: backend.name,
    });
  });
});

describe('embedded database folder', () => {
  it('refuses a second opener while the first holds the folder, and opens again once it is closed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-lock-'));
    const first = await openDatabase({ kind: 'pglite', dir });
    await expect(openDatabase({ kind: 'pglite', dir })).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();
    expect(fs.existsSync(path.join(dir, 'gatehouse.lock'))).toBe(false);
    const second = await openDatabase({ kind: 'pglite', dir });
    await second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock left behind by a process that no longer runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-lock-'));
    fs.writeFileSync(path.join(dir, 'gatehouse.lock'), '999999999');
    const handle = await openDatabase({ kind: 'pglite', dir });
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe.runIf(postgresUrl())('several instances starting on one PostgreSQL database', () => {
  it('migrate it once between them: each waits for the one migrating, then finds nothing left to do', async () => {
    // Four boots at once on a fresh database; without the lock three failed on "already exists".
    const fresh = await createPostgresDatabase(postgresUrl() as string);
    const handles = await Promise.allSettled(
      Array.from({ length: 4 }, () => openDatabase({ kind: 'postgres', url: fresh.url, poolMax: 2 })),
    );
    try {
      expect(handles.map((handle) => handle.status)).toEqual(Array(4).fill('fulfilled'));
      const opened = handles[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof openDatabase>>>;
      const applied = await queryRows<{ n: number; distinct: number }>(
        opened.value.db,
        sql`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`,
      );
      const migrations = fs
        .readdirSync(path.join(process.cwd(), 'drizzle'))
        .filter((f) => f.endsWith('.sql'));
      expect(applied[0]).toEqual({ n: migrations.length, distinct: migrations.length });
      // The lock ends with the migrating transaction: none is left behind for the next boot to wait on.
      const locks = await queryRows<{ n: number }>(
        opened.value.db,
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory'
            and database = (select oid from pg_database where datname = current_database())`,
      );
      expect(locks[0]).toEqual({ n: 0 });
    } finally {
      for (const handle of handles) if (handle.status === 'fulfilled') await handle.value.close();
      await fresh.drop();
    }
  });
});

describe('an unreachable PostgreSQL', () => {
  it('is reported unavailable within the health budget, even when the server never answers', async () => {
    // A listener that accepts connections and never speaks: the worst case, a hung server.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    const health = await probeDatabase(
      () =>
        openDatabase({ kind: 'postgres', url: `postgres://gatehouse@127.0.0.1:${port}/none`, poolMax: 1 }),
      'postgres',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(health).toMatchObject({ status: 'unavailable', db: 'postgres' });
    for (const socket of sockets) socket.destroy();
    silent.close();
  });
});

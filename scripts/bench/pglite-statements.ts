// What named prepared statements save on PGlite, in-process (no HTTP):
//   npx tsx scripts/bench/pglite-statements.ts
// Opens two fresh embedded databases, one with PGlite's own `query` and one with
// lib/db/pglite-statements.ts, adds a customer and a portal session to each, and times the same
// statements on both: `select 1`, the portal-session look-up of GET /api/v2/portal_sessions/{id}
// as raw SQL, and the whole retrieve (drizzle, row mapping, unsealing the token).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../lib/db/client';
import { createCustomer } from '../../lib/provider/customers';
import { createPortalSession, retrievePortalSession } from '../../lib/provider/portal-sessions';

process.env.AUTH_SECRET ||= 'bench-auth-secret-0123456789abcdefghijkl';
const rounds = Number(process.env.ROUNDS ?? 2000);

async function time(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  const started = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return ((performance.now() - started) * 1000) / rounds;
}

async function measure(prepared: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-stmt-'));
  const handle = await openDatabase({ kind: 'pglite', dir, preparedStatements: prepared });
  try {
    const { db } = handle;
    const client = (db as unknown as { $client: PGlite }).$client;
    const { customer } = await createCustomer(db, { email: 'bench@example.com' }, 'api');
    const { portal_session: session } = await createPortalSession(db, {
      customerId: customer.id,
      redirectUrl: 'http://127.0.0.1/account',
    });
    let lookup = '';
    const plain = client.query.bind(client);
    client.query = ((text: string, ...rest: never[]) => {
      lookup = text;
      return plain(text, ...rest);
    }) as PGlite['query'];
    await retrievePortalSession(db, session.id);
    client.query = plain;
    const params = [false, 'in_trial', 'active', 'non_renewing', session.id];
    return {
      'select 1': await time(() => client.query('select 1')),
      'portal-session look-up (SQL)': await time(() => client.query(lookup, params, { rowMode: 'array' })),
      'retrievePortalSession (drizzle + wire)': await time(() => retrievePortalSession(db, session.id)),
    };
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const before = await measure(false);
const after = await measure(true);
console.log(`µs per call, mean of ${rounds} after 200 warm-up calls`);
console.log('| statement | PGlite.query | named statements | saved |');
console.log('|---|---:|---:|---:|');
for (const [name, plainUs] of Object.entries(before)) {
  const namedUs = after[name as keyof typeof after];
  console.log(
    `| ${name} | ${plainUs.toFixed(0)} | ${namedUs.toFixed(0)} | ${(1 - namedUs / plainUs).toLocaleString('en', { style: 'percent' })} |`,
  );
}

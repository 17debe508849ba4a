import { billingReachability } from './chargebee/reachability';
import { type DatabaseHandle, type DatabaseKind, getDatabase, pingDatabase } from './db/client';
import { isDatabaseUnreachable } from './db/postgres-errors';
import { env } from './env';
import { withTimeout } from './with-timeout';

export type Health =
  | { status: 'ok'; db: DatabaseKind; billing?: 'ok' }
  | { status: 'unavailable'; db: DatabaseKind; billing?: 'ok' | 'unavailable'; reason: string };

/** Well inside the 2 seconds a load balancer's health check may wait. */
export const healthBudgetMs = 1_500;

export async function probeDatabase(
  open: () => Promise<DatabaseHandle>,
  kind: DatabaseKind,
): Promise<Health> {
  try {
    await withTimeout(
      open().then((handle) => pingDatabase(handle)),
      healthBudgetMs,
      'The database',
    );
    return { status: 'ok', db: kind };
  } catch (error) {
    // The public answer names no host or user; the server log has them.
    const reason = isDatabaseUnreachable(error) ? error.summary : (error as Error).message;
    return { status: 'unavailable', db: kind, reason };
  }
}

/**
 * The database, and for a site on an outside billing API that API too (reachable, key accepted), so a
 * wrong CHARGEBEE_API_KEY or a dead CHARGEBEE_BASE_URL shows here at once.
 */
export async function checkHealth(): Promise<Health> {
  const [database, billing] = await Promise.all([
    probeDatabase(getDatabase, env().database.kind),
    billingReachability(),
  ]);
  if (!billing) return database;
  if (billing.status === 'ok') return { ...database, billing: 'ok' };
  const reasons = [database.status === 'unavailable' ? database.reason : undefined, billing.reason];
  return {
    status: 'unavailable',
    db: database.db,
    billing: 'unavailable',
    reason: reasons.filter(Boolean).join(' '),
  };
}

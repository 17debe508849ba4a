import { type DatabaseHandle, type DatabaseKind, getDatabase, pingDatabase } from './db/client';
import { env } from './env';
import { withTimeout } from './with-timeout';

export type Health =
  | { status: 'ok'; db: DatabaseKind }
  | { status: 'unavailable'; db: DatabaseKind; reason: string };

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
    return { status: 'unavailable', db: kind, reason: (error as Error).message };
  }
}

export function checkHealth(): Promise<Health> {
  return probeDatabase(getDatabase, env().database.kind);
}

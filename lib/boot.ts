import { getDatabase } from './db/client';
import { DataDirInUseError } from './db/dir-lock';
import { env } from './env';

/**
 * Runs once per server process before the first request: validates configuration (a bad one stops
 * the process) and opens the database so the first visitor does not wait for it.
 */
export async function boot(): Promise<void> {
  const config = env();
  try {
    const { kind } = await getDatabase();
    console.info(`[gatehouse] database ready (${kind}); serving ${config.appUrl}`);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      console.error(`[gatehouse] ${error.message}`);
      process.exit(1);
    }
    // The database may come back later: requests retry the connection and /api/health reports it.
    console.error(`[gatehouse] database not reachable at startup: ${(error as Error).message}`);
  }
}

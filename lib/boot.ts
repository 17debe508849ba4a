import { getDatabase } from './db/client';
import { DataDirInUseError } from './db/dir-lock';
import { env } from './env';
import { startProvider } from './provider/start';

/**
 * Runs once per server process before the first request: validates configuration (a bad one stops
 * the process), opens the database so the first visitor does not wait for it, and starts the
 * embedded provider's background work when it is on.
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
  if (config.provider.enabled) {
    await startProvider().catch((error: Error) =>
      console.error(`[gatehouse] the billing provider could not load its plans yet: ${error.message}`),
    );
  }
}

import { billingReachability } from './chargebee/reachability';
import { checkDataDir } from './data-dir';
import { getDatabase } from './db/client';
import { DataDirInUseError } from './db/dir-lock';
import { isDatabaseUnreachable } from './db/postgres-errors';
import { env } from './env';
import { startProvider } from './provider/start'; // provider-only

/** Ends the process at boot with one message: a server that cannot work must not look up. */
function stop(message: string): never {
  console.error(`[gatehouse] cannot start: ${message}`);
  process.exit(1);
}

/**
 * Runs once per server process before the first request: validates configuration and DATA_DIR (a bad
 * one stops the process), opens the database so the first visitor does not wait for it, checks an
 * outside billing API, and starts the embedded provider's background work when it is on.
 */
export async function boot(): Promise<void> {
  const config = env();
  if (config.database.kind === 'pglite') {
    const problem = checkDataDir(config.dataDir);
    if (problem) stop(problem);
  }
  const billing = billingReachability();
  try {
    const { kind } = await getDatabase();
    console.info(`[gatehouse] database ready (${kind}); serving ${config.appUrl}`);
  } catch (error) {
    // PostgreSQL may come back later: requests retry the connection and /api/health reports it.
    if (error instanceof DataDirInUseError) stop(error.message);
    if (isDatabaseUnreachable(error)) console.error(`[gatehouse] ${error.message}`);
    else if (config.database.kind === 'postgres') {
      console.error(`[gatehouse] database not usable at startup (DATABASE_URL): ${(error as Error).message}`);
    } else {
      // The embedded database lives in this process's own folder: nothing will fix it while it runs.
      stop(
        `the embedded database in DATA_DIR (${config.dataDir}) could not be opened: ${(error as Error).message}`,
      );
    }
  }
  if (billing) {
    const answer = await billing;
    if (answer.status === 'ok') console.info(`[gatehouse] billing API ready at ${config.billing.apiBaseUrl}`);
    else console.error(`[gatehouse] ${answer.reason} (${config.billing.apiBaseUrl})`);
  }
  // provider-only:start (npm run remove-provider deletes the embedded provider's lines)
  if (config.provider.enabled) {
    await startProvider().catch((error: Error) =>
      console.error(`[gatehouse] the billing provider could not load its plans yet: ${error.message}`),
    );
  }
  // provider-only:end
}

import { checkDataDir } from '@/lib/data-dir';
import { openDatabase } from '@/lib/db/client';
import { redactDatabaseUrl } from '@/lib/db/postgres-errors';
import { ConfigError, parseDatabaseEnv } from '@/lib/env';
import { loadEnvFiles } from './lib/load-env';
import { runScript } from './lib/run-script';

// Reads the database settings alone: migrating never generates the app's local secrets, so on
// PostgreSQL it writes nothing into the app folder.
runScript(async () => {
  loadEnvFiles();
  const database = parseDatabaseEnv(process.env);
  if (database.kind === 'pglite') {
    const problem = checkDataDir(process.env.DATA_DIR || '.data');
    if (problem) throw new ConfigError([problem]);
  }
  const handle = await openDatabase(database);
  await handle.close();
  const where = database.kind === 'pglite' ? database.dir : `PostgreSQL (${redactDatabaseUrl(database.url)})`;
  console.log(`Migrations applied to ${where}.`);
});

import { openDatabase } from '@/lib/db/client';
import { env } from '@/lib/env';
import { loadEnvFiles } from './lib/load-env';
import { runScript } from './lib/run-script';

runScript(async () => {
  loadEnvFiles();
  const config = env();
  const handle = await openDatabase(config.database);
  await handle.close();
  const where = config.database.kind === 'pglite' ? config.database.dir : 'PostgreSQL (DATABASE_URL)';
  console.log(`Migrations applied to ${where}.`);
});

import { getDatabase } from '@/lib/db/client';
import { ensureCatalog } from './catalog';
import { nowSeconds } from './clock';
import { runDunning } from './dunning';
import { runScheduledBilling } from './scheduled-billing';
import { registerJob, startWorker } from './worker';

let catalogReady = false;

async function loadCatalog(): Promise<void> {
  if (catalogReady) return;
  await ensureCatalog((await getDatabase()).db);
  catalogReady = true;
}

/**
 * Starts the embedded provider in this server process: its plans exist (retried until the database
 * answers), and its background work — webhook delivery, renewals and other due changes, dunning retries — runs about
 * every second.
 */
export async function startProvider(): Promise<void> {
  registerJob('catalog', loadCatalog);
  registerJob('scheduled-billing', async () => {
    await runScheduledBilling((await getDatabase()).db, nowSeconds());
  });
  registerJob('dunning', async () => {
    await runDunning((await getDatabase()).db, nowSeconds());
  });
  startWorker();
  await loadCatalog();
}

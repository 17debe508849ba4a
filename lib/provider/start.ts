import { getDatabase } from '@/lib/db/client';
import { runCardExpiryReminders } from './card-reminders';
import { ensureCatalog } from './catalog';
import { nowSeconds } from './clock';
import { runDunning } from './dunning';
import { atMachineTime, isTimeMachineEnabled } from './machine-clock';
import { runScheduledBilling } from './scheduled-billing';
import { runTimeMachine } from './time-travel';
import { registerJob, startWorker } from './worker';

let catalogReady = false;

async function loadCatalog(): Promise<void> {
  if (catalogReady) return;
  await ensureCatalog((await getDatabase()).db);
  catalogReady = true;
}

/**
 * Starts the embedded provider in this server process: its plans exist (retried until the database
 * answers), and its background work — webhook delivery, renewals and other due changes (at the time
 * machine's time once it has been started), dunning retries, card expiry reminders, time travels — runs about every second.
 */
export async function startProvider(): Promise<void> {
  registerJob('catalog', loadCatalog);
  registerJob('scheduled-billing', async () => {
    const { db } = await getDatabase();
    await atMachineTime(() => runScheduledBilling(db, nowSeconds()), db);
  });
  registerJob('time-machine', async () => {
    if (isTimeMachineEnabled()) await runTimeMachine((await getDatabase()).db);
  });
  registerJob('dunning', async () => {
    const { db } = await getDatabase();
    await atMachineTime(() => runDunning(db, nowSeconds()), db);
  });
  registerJob('card-expiry-reminders', async () => {
    const { db } = await getDatabase();
    await atMachineTime(() => runCardExpiryReminders(db, nowSeconds()), db);
  });
  startWorker();
  await loadCatalog();
}

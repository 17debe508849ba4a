import { openDatabase } from '@/lib/db/client';
import { env } from '@/lib/env';
import { seedDemoData } from '@/lib/provider/seed';
import { loadEnvFiles } from './lib/load-env';
import { runScript } from './lib/run-script';

runScript(async () => {
  loadEnvFiles();
  const config = env();
  if (!config.provider.enabled)
    throw new Error(
      'The embedded provider is off (CHARGEBEE_SITE or CHARGEBEE_BASE_URL is set): nothing to seed.',
    );
  const handle = await openDatabase(config.database);
  try {
    const monthBehind = config.provider.timeMachine;
    const { created } = await seedDemoData(handle.db, { monthBehind });
    console.log(
      created
        ? `Demo data created: ada@, ben@, cleo@, dana@, eli@ and fay@example.com${monthBehind ? ', with the provider clock a month behind' : ''}.`
        : 'Demo data already present.',
    );
  } finally {
    await handle.close();
  }
});

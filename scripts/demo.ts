import { brand } from '@/lib/brand';
import { openDatabase } from '@/lib/db/client';
import { env } from '@/lib/env';
import { seedDemoData } from '@/lib/provider/seed';
import { buildIfStale } from './lib/build';
import { loadEnvFiles } from './lib/load-env';
import { startNextServer } from './lib/next-server';

process.env.DEMO_MODE ??= 'true';
loadEnvFiles();
const config = env();

buildIfStale();

const handle = await openDatabase(config.database);
try {
  if (config.provider.enabled) await seedDemoData(handle.db, { monthBehind: config.provider.timeMachine });
} finally {
  await handle.close();
}

const server = await startNextServer({
  port: config.port,
  host: '0.0.0.0',
  env: { DEMO_MODE: process.env.DEMO_MODE, NODE_ENV: 'production' },
  inheritOutput: true,
});

console.log(
  [
    '',
    `${brand.name} demo is running.`,
    `  Website           ${config.appUrl}/`,
    `  Members (paywall) ${config.appUrl}/members`,
    `  Customer portal   ${config.appUrl}/portal/login`,
    `  Mailbox (codes)   ${config.appUrl}/dev/mailbox`,
    ...(config.provider.enabled && config.provider.timeMachine
      ? [`  Time travel       ${config.appUrl}/dev/time-travel`]
      : []),
    `  Health            ${config.appUrl}/api/health`,
    `  Data              ${config.database.kind === 'pglite' ? config.database.dir : 'PostgreSQL (DATABASE_URL)'}`,
    '',
    'Sign in with an email; the one-time code arrives in the mailbox above.',
    '  ada@example.com   subscriber (monthly plan, a card, paid invoices)',
    '  ben@example.com   an account, never subscribed',
    '  cleo@example.com  cancelled last month',
    '  dana@example.com  free trial, ends in two days',
    '  eli@example.com   renews tomorrow on a card that declines',
    '  fay@example.com   Patron: the long reads too',
    '  any other email   subscribe from /pricing first; checkout creates the customer',
    ...(config.provider.enabled
      ? ['', `API (Chargebee v2)  ${config.appUrl}/api/v2   key: ${config.provider.apiKey}`]
      : []),
    ...(config.provider.enabled && config.provider.timeMachine
      ? [
          '',
          'The provider clock stands a month behind; travel forward (Eli, Dana and Ada on the way):',
          `  curl -u ${config.provider.apiKey}: ${config.appUrl}/api/v2/time_machines/delorean/travel_forward \\`,
          '    -d destination_time=$(($(date +%s) - 60))',
        ]
      : []),
    '',
    'Press Ctrl+C to stop.',
  ].join('\n'),
);

const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
server.process.once('exit', (code) => process.exit(code ?? 1));

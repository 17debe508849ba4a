import { openDatabase } from '@/lib/db/client';
import { env } from '@/lib/env';
import { buildIfStale } from './lib/build';
import { loadEnvFiles } from './lib/load-env';
import { startNextServer } from './lib/next-server';

process.env.DEMO_MODE ??= 'true';
loadEnvFiles();
const config = env();

buildIfStale();

const handle = await openDatabase(config.database);
await handle.close();

const server = await startNextServer({
  port: config.port,
  host: '0.0.0.0',
  env: { DEMO_MODE: process.env.DEMO_MODE, NODE_ENV: 'production' },
  inheritOutput: true,
});

console.log(
  [
    '',
    'Gatehouse demo is running.',
    `  Website           ${config.appUrl}/`,
    `  Health            ${config.appUrl}/api/health`,
    `  Data folder       ${config.database.kind === 'pglite' ? config.database.dir : 'PostgreSQL (DATABASE_URL)'}`,
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

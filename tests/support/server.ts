import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@/scripts/lib/free-port';
import { type RunningServer, startNextServer } from '@/scripts/lib/next-server';
import { testApiKey } from './constants';
import { seedPgliteFolder } from './pglite-template';

export type TestServer = RunningServer & { dataDir: string; close: () => Promise<void> };

/**
 * Starts the production build on a free port with its own data folder, so every suite has a database
 * of its own and never shares a PGlite folder with another process. Given a `dataDir` (a restart on
 * the data of a stopped server), it uses that folder and leaves it in place on close.
 */
export async function startTestServer(
  extraEnv: Record<string, string | undefined> = {},
  options: { dataDir?: string } = {},
): Promise<TestServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-server-'));
  if (!options.dataDir) await seedPgliteFolder(path.join(dataDir, 'pglite'));
  const server = await startNextServer({
    port,
    env: {
      NODE_ENV: 'production',
      DEMO_MODE: 'true',
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      PROVIDER_API_KEY: testApiKey,
      ...extraEnv,
    },
  });
  return {
    ...server,
    dataDir,
    close: async () => {
      await server.stop();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

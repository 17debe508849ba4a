import { requireBuild } from '@/scripts/lib/build';
import { startTestServer } from '@/tests/support/server';

/** Starts the production build on its own data folder; Playwright calls the returned teardown. */
export default async function globalSetup() {
  requireBuild();
  const server = await startTestServer();
  process.env.E2E_BASE_URL = server.url;
  return async () => {
    await server.close();
  };
}

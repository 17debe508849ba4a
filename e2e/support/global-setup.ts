import fs from 'node:fs';
import { startTestServer } from '@/tests/support/server';

/** Starts the production build on its own data folder; Playwright calls the returned teardown. */
export default async function globalSetup() {
  if (!fs.existsSync('.next/BUILD_ID')) {
    throw new Error('The end-to-end tests run against a production build: run `npm run build` first.');
  }
  const server = await startTestServer();
  process.env.E2E_BASE_URL = server.url;
  return async () => {
    await server.close();
  };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { requireBuild } from '@/scripts/lib/build';
import { startNextServer } from '@/scripts/lib/next-server';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    billingUrl: string;
    billingKey: string;
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: the site suite needs a Chargebee-compatible server to run against.`);
  return value;
}

/**
 * The site alone on its production build, pointed at the billing server STARTER_BILLING_URL names
 * (tests/starter/remove-provider.test.ts starts one), on the port that server returns readers to.
 */
export default async function setup(project: TestProject) {
  requireBuild();
  const billingUrl = required('STARTER_BILLING_URL');
  const billingKey = required('STARTER_BILLING_KEY');
  const port = Number(required('STARTER_SITE_PORT'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-site-'));
  const server = await startNextServer({
    port,
    env: {
      NODE_ENV: 'production',
      APP_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: 'site-suite-auth-secret-0123456789abcdefghij',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      CHARGEBEE_BASE_URL: billingUrl,
      CHARGEBEE_API_KEY: billingKey,
      CHARGEBEE_WEBHOOK_USERNAME: required('STARTER_WEBHOOK_USERNAME'),
      CHARGEBEE_WEBHOOK_PASSWORD: required('STARTER_WEBHOOK_PASSWORD'),
    },
  });
  project.provide('siteUrl', server.url);
  project.provide('billingUrl', billingUrl);
  project.provide('billingKey', billingKey);
  return async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

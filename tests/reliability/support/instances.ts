import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '@/scripts/lib/free-port';
import { type RunningServer, startNextServer } from '@/scripts/lib/next-server';
import { testApiKey } from '../../support/constants';
import { createPostgresDatabase } from '../../support/databases';

export const authSecret = 'reliability-suite-auth-secret-0123456789abcdef';
export const webhookAuth = { username: 'gatehouse', password: 'reliability-webhook-password-0123' };
const fallbackPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

export type Instance = RunningServer & { dataDir: string };

/** The PostgreSQL these suites need: TEST_DATABASE_URL, or the local default. Never skipped. */
export async function requirePostgres(): Promise<string> {
  const url = process.env.TEST_DATABASE_URL || fallbackPostgresUrl;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `The reliability suites need PostgreSQL at ${url} (set TEST_DATABASE_URL; .ci/run starts one): ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  return url;
}

/** Environment shared by every instance of one deployment: same secrets, same key, each other's origins. */
function deploymentEnv(ports: number[], extra: Record<string, string | undefined>) {
  return {
    NODE_ENV: 'production',
    DEMO_MODE: 'true',
    AUTH_SECRET: authSecret,
    PROVIDER_API_KEY: testApiKey,
    CHARGEBEE_WEBHOOK_USERNAME: webhookAuth.username,
    CHARGEBEE_WEBHOOK_PASSWORD: webhookAuth.password,
    PORTAL_ALLOWED_ORIGINS: ports.map((port) => `http://127.0.0.1:${port}`).join(','),
    DATABASE_URL: '',
    ...extra,
  };
}

/** Starts one production server on a known port with its own data folder (local secrets, PGlite). */
export async function startInstance(
  port: number,
  env: Record<string, string | undefined>,
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-rel-')),
): Promise<Instance> {
  const server = await startNextServer({
    port,
    env: { PORT: String(port), APP_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, ...env },
  });
  return { ...server, dataDir };
}

export async function stopInstance(instance: Instance | undefined, removeData = true) {
  if (!instance) return;
  await instance.stop();
  if (removeData) fs.rmSync(instance.dataDir, { recursive: true, force: true });
}

export type Deployment = { instances: Instance[]; databaseUrl: string; close: () => Promise<void> };

/**
 * `count` app instances behind no balancer, sharing one PostgreSQL database. Given a `databaseUrl`
 * the instances use it; otherwise a fresh database is created beside TEST_DATABASE_URL and dropped.
 */
export async function startDeployment(
  count: number,
  extra: Record<string, string | undefined> = {},
  options: { databaseUrl?: string } = {},
): Promise<Deployment> {
  let databaseUrl = options.databaseUrl;
  let drop = async () => {};
  if (!databaseUrl) {
    const created = await createPostgresDatabase(await requirePostgres());
    databaseUrl = created.url;
    drop = created.drop;
  }
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const env = deploymentEnv(ports, { DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: '10', ...extra });
  const instances: Instance[] = [];
  const close = async () => {
    await Promise.all(instances.map((instance) => stopInstance(instance)));
    await drop();
  };
  try {
    // One at a time: both would otherwise race to apply the migrations to the empty database.
    for (const port of ports) instances.push(await startInstance(port, env));
  } catch (error) {
    await close();
    throw error;
  }
  return { instances, databaseUrl, close };
}

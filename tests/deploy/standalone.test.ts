import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir } from '@/scripts/lib/build';
import { freePort } from '@/scripts/lib/free-port';
import { createDeployDatabase, listTree, type Spawned, spawnServer, waitForAnswer } from './support';

/**
 * The runtime stage's `COPY --from=build <src> <dest>` lines, as pairs of a path in this checkout and
 * a path in the image's /app: the test builds the image's folder from the Dockerfile itself.
 */
function runtimeCopies(): { from: string; to: string }[] {
  const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
  const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
  const copies = [...runtime.matchAll(/^COPY --from=build(?: --chown=\S+)? (\S+) (\S+)$/gm)];
  return copies.map(([, from, to]) => ({
    from: path.relative('/src', from as string).replace(/^\.next(?=\/|$)/, distDir()),
    to: to as string,
  }));
}

describe('the standalone build, as the Dockerfile copies it', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-image-'));
  let server: Spawned;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    for (const { from, to } of runtimeCopies()) {
      fs.cpSync(from, path.join(folder, to), { recursive: true, verbatimSymlinks: true });
    }
    const database = await createDeployDatabase();
    drop = database.drop;
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // A production configuration with nothing generated: every secret set, no DEMO_MODE.
    server = spawnServer(process.execPath, ['server.js'], {
      cwd: folder,
      env: {
        NODE_ENV: 'production',
        PORT: String(port),
        HOSTNAME: '127.0.0.1',
        APP_URL: url,
        DATA_DIR: path.join(folder, 'data'),
        DATABASE_URL: database.url,
        AUTH_SECRET: 'standalone-test-auth-secret-0123456789abcdef',
        PROVIDER_API_KEY: 'test_standalone_provider_key',
        CHARGEBEE_WEBHOOK_USERNAME: 'gatehouse',
        CHARGEBEE_WEBHOOK_PASSWORD: 'standalone-webhook-password',
        SMTP_URL: 'smtp://127.0.0.1:1',
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await drop?.();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('holds the traced server, static assets and migrations, and no tests, sources, .env or .data', () => {
    expect(runtimeCopies().length).toBeGreaterThanOrEqual(3);
    const tree = listTree(folder);
    expect(tree).toContain('server.js');
    expect(tree).toContain(path.join('drizzle', 'meta', '_journal.json'));
    expect(tree.some((entry) => entry.startsWith(path.join('.next', 'static', 'chunks')))).toBe(true);
    const forbidden = tree.filter((entry) =>
      /(^|\/)(tests|e2e|\.data|\.env(\..*)?|\.git)(\/|$)|\.test\.ts$|^(app|lib)\//.test(entry),
    );
    expect(forbidden).toEqual([]);
    // Only what the server traces: no build tools, test runners or type checkers.
    for (const tool of ['typescript', 'vitest', '@playwright', '@biomejs', 'drizzle-kit', 'tsx']) {
      expect(fs.existsSync(path.join(folder, 'node_modules', tool)), tool).toBe(false);
    }
  });

  it('migrates PostgreSQL at boot and answers health ok, pages and static assets', async () => {
    const health = await waitForAnswer(`${url}/api/health`, server);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok', db: 'postgres' });
    const home = await fetch(url);
    expect(home.status).toBe(200);
    const html = await home.text();
    const asset = /\/_next\/static\/[^"']+\.(?:css|js)/.exec(html)?.[0];
    expect(asset, 'the home page links a static asset').toBeDefined();
    expect((await fetch(`${url}${asset}`)).status).toBe(200);
    const pricing = await fetch(`${url}/pricing`);
    expect(pricing.status).toBe(200);
    expect(await pricing.text()).toContain('reader-USD-monthly');
  });

  it('writes nothing into its folder: no generated secrets, no embedded database', () => {
    expect(fs.existsSync(path.join(folder, 'data'))).toBe(false);
    expect(fs.existsSync(path.join(folder, '.data'))).toBe(false);
  });
});

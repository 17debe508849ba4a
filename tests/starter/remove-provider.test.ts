import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brand } from '@/lib/brand';
import { requireBuild } from '@/scripts/lib/build';
import { freePort } from '@/scripts/lib/free-port';
import { type RunningServer, startNextServer } from '@/scripts/lib/next-server';
import { testApiKey } from '../support/constants';
import { recipes } from '../support/recipes';

// A new owner's afternoon, in a scratch copy of this tree: rename the brand, remove the embedded
// provider, add the guide's recipes; then the copy must lint, typecheck, build and pass the site's own
// tests against a provider started from this (untouched, already built) tree.
const newBrand = { name: 'Lanternfish Review', initial: 'L' };
const webhook = { username: 'starter-hook', password: 'starter-webhook-password-0123' };
const repo = process.cwd();
let scratch: string;
let provider: RunningServer | undefined;
let providerData: string;

function run(command: string, args: string[], env: Record<string, string> = {}) {
  try {
    return execFileSync(command, args, {
      cwd: scratch,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
      encoding: 'utf8',
      stdio: 'pipe',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in the scratch copy:\n${failed.stdout}\n${failed.stderr}`,
    );
  }
}

/** The tree as git sees it (tracked and new files, not ignored ones), with node_modules hard-linked. */
function copyTree() {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && fs.existsSync(path.join(repo, file)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    fs.copyFileSync(path.join(repo, file), path.join(scratch, file));
  }
  try {
    execFileSync('cp', ['-al', path.join(repo, 'node_modules'), scratch]);
  } catch {
    execFileSync('cp', ['-a', path.join(repo, 'node_modules'), scratch]);
  }
  // What `next dev` or `next build` leaves in a checkout (gitignored): it points into the build folder.
  fs.writeFileSync(
    path.join(scratch, 'next-env.d.ts'),
    '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\nimport "./.next/types/routes.d.ts";\n',
  );
  execFileSync('git', ['init', '-q'], { cwd: scratch });
}

/** Commits everything in the scratch copy, as a new owner would before removing the provider. */
function commitScratch(message: string) {
  run('git', ['add', '-A']);
  run('git', ['-c', 'user.name=Starter', '-c', 'user.email=starter@example.com', 'commit', '-qm', message]);
}

/** Runs the removal where it must refuse: its message, and a tree left exactly as it was. */
function expectRefusal(message: string) {
  const refused = spawnSync('npm', ['run', 'remove-provider'], { cwd: scratch, encoding: 'utf8' });
  expect(refused.status).not.toBe(0);
  expect(refused.stderr).toContain(message);
  expect(fs.existsSync(path.join(scratch, 'lib/provider'))).toBe(true);
  return run('git', ['status', '--porcelain']);
}

function renameBrand() {
  const file = path.join(scratch, 'lib/brand.ts');
  const source = fs.readFileSync(file, 'utf8');
  const renamed = source
    .replace(`name: '${brand.name}'`, `name: '${newBrand.name}'`)
    .replace(`initial: '${brand.logo.initial}'`, `initial: '${newBrand.initial}'`)
    .replace(`600: '${brand.colors[600]}'`, "600: '#0f5e4a'");
  expect(renamed.match(/Lanternfish Review|'L'|#0f5e4a/g)).toHaveLength(3);
  fs.writeFileSync(file, renamed);
}

describe('a starter made its own: brand renamed, provider removed, recipes added', () => {
  beforeAll(async () => {
    requireBuild();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-starter-'));
    providerData = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-starter-provider-'));
    copyTree();
    renameBrand();
    run('npm', ['run', 'brand']);
  });
  afterAll(async () => {
    await provider?.stop();
    // STARTER_KEEP_SCRATCH=1 keeps the copy (it is printed) to look at after a failure.
    if (process.env.STARTER_KEEP_SCRATCH) console.info(`[starter] the scratch copy is ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(providerData, { recursive: true, force: true });
  });

  it('names the portal, the checkout and invoices after the new brand, before the provider goes', () => {
    run(
      'node_modules/.bin/vitest',
      ['run', '--project', 'unit', 'tests/unit/portal-brand.test.ts', 'tests/db/billing-pdf.test.ts'],
      {
        STARTER_OLD_BRAND: brand.name,
      },
    );
  });

  it('refuses uncommitted work, and a site file that would lose an import, changing nothing', () => {
    const before = run('git', ['status', '--porcelain']);
    expect(before).not.toBe('');
    expect(expectRefusal('uncommitted changes')).toBe(before);
    commitScratch('the starter, renamed');
    const stray = path.join(scratch, 'app/(site)/stray/page.tsx');
    fs.mkdirSync(path.dirname(stray), { recursive: true });
    fs.writeFileSync(
      stray,
      "import { deliveryTimeoutMs } from '@/lib/provider/webhooks';\n\nexport default function Stray() {\n  return <p>{deliveryTimeoutMs}</p>;\n}\n",
    );
    commitScratch('a page that uses the provider');
    expect(expectRefusal('app/(site)/stray/page.tsx imports something that would be removed')).toBe('');
    fs.rmSync(path.dirname(stray), { recursive: true });
    commitScratch('the page removed');
  });

  it('removes the provider, and what is left lints, typechecks, builds and passes its unit tests', () => {
    run('npm', ['run', 'remove-provider']);
    for (const gone of ['lib/provider', 'lib/portal', 'app/portal', 'app/pages', 'app/api/v2', 'app/dev']) {
      expect(fs.existsSync(path.join(scratch, gone)), gone).toBe(false);
    }
    // The removal takes the guide with it; a new owner adds its recipes (and their test) from here.
    for (const { source, target } of [
      ...recipes,
      { source: 'tests/site/recipes.test.ts', target: 'tests/site/recipes.test.ts' },
    ]) {
      fs.mkdirSync(path.dirname(path.join(scratch, target)), { recursive: true });
      fs.copyFileSync(path.join(repo, source), path.join(scratch, target));
    }
    run('npm', ['run', 'lint']);
    run('npm', ['run', 'typecheck']);
    run('npm', ['run', 'build']);
    // The site's own .env would name its billing server; the unit tests need only that one is named.
    run('npm', ['run', 'test:unit'], {
      STARTER_OLD_BRAND: brand.name,
      CHARGEBEE_BASE_URL: 'http://127.0.0.1:9',
      CHARGEBEE_API_KEY: 'test_unit_key',
      TEST_DATABASE_URL: '',
    });
  });

  it("passes the site's HTTP suite against a provider started from the untouched tree", async () => {
    const [providerPort, sitePort] = [await freePort(), await freePort()];
    const site = `http://127.0.0.1:${sitePort}`;
    provider = await startNextServer({
      port: providerPort,
      env: {
        NODE_ENV: 'production',
        DEMO_MODE: 'true',
        PORT: String(providerPort),
        APP_URL: `http://127.0.0.1:${providerPort}`,
        DATA_DIR: providerData,
        DATABASE_URL: '',
        PROVIDER_API_KEY: testApiKey,
        PORTAL_ALLOWED_ORIGINS: site,
        PROVIDER_WEBHOOK_URL: `${site}/api/webhooks/chargebee`,
        PROVIDER_WEBHOOK_USERNAME: webhook.username,
        PROVIDER_WEBHOOK_PASSWORD: webhook.password,
      },
    });
    run('node_modules/.bin/vitest', ['run', '--project', 'site'], {
      STARTER_BILLING_URL: provider.url,
      STARTER_BILLING_KEY: testApiKey,
      STARTER_SITE_PORT: String(sitePort),
      STARTER_WEBHOOK_USERNAME: webhook.username,
      STARTER_WEBHOOK_PASSWORD: webhook.password,
      STARTER_OLD_BRAND: brand.name,
    });
  });
});

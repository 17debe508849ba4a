import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedProviderInstalled } from '@/lib/embedded-provider';
import { ConfigError, parseEnv } from '@/lib/env';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-env-billing-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// Runs in this tree and in the copy `npm run remove-provider` leaves (tests/starter), where the site
// must refuse to start without a billing server instead of pointing at a provider that is gone.
describe('where the site bills', () => {
  it('uses a Chargebee-compatible server when given one, with the embedded provider off', () => {
    const config = parseEnv({
      DATA_DIR: dataDir,
      CHARGEBEE_BASE_URL: 'https://billing.example.com/',
      CHARGEBEE_API_KEY: 'test_key',
    });
    expect(config.billing).toMatchObject({
      kind: 'compatible',
      apiBaseUrl: 'https://billing.example.com/api/v2',
      portalBaseUrl: 'https://billing.example.com',
    });
    expect(config.provider.enabled).toBe(false);
  });

  it('falls back to the embedded provider only while it is installed', () => {
    if (embeddedProviderInstalled) {
      expect(parseEnv({ DATA_DIR: dataDir }).billing.kind).toBe('embedded');
      return;
    }
    expect(() => parseEnv({ DATA_DIR: dataDir })).toThrow(ConfigError);
    expect(() => parseEnv({ DATA_DIR: dataDir })).toThrow(
      /CHARGEBEE_SITE \(or CHARGEBEE_BASE_URL\) is required/,
    );
  });
});

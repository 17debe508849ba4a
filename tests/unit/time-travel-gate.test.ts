import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { isTimeTravelPanelEnabled } from '@/lib/provider/time-travel-panel';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-gate-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const production = {
  NODE_ENV: 'production',
  DATA_DIR: dataDir,
  AUTH_SECRET: 'a-production-secret-0123456789abcdefghij',
  APP_URL: 'https://news.example.com',
  PROVIDER_API_KEY: 'live_key_0123456789',
  CHARGEBEE_WEBHOOK_USERNAME: 'hooks',
  CHARGEBEE_WEBHOOK_PASSWORD: 'a-webhook-password-0123',
  SMTP_URL: 'smtp://mail.example.com:587',
};

describe('the time-travel panel gate', () => {
  it('is open in development and the demo, where the time machine is on', () => {
    expect(isTimeTravelPanelEnabled(parseEnv({ DATA_DIR: dataDir }))).toBe(true);
    const demo = parseEnv({ NODE_ENV: 'production', DEMO_MODE: 'true', DATA_DIR: dataDir });
    expect(isTimeTravelPanelEnabled(demo)).toBe(true);
  });

  it('is shut in production, even with the time machine enabled there, and wherever the machine is off', () => {
    const live = parseEnv({ ...production, PROVIDER_TIME_MACHINE: 'true' });
    expect(live.provider.enabled && live.provider.timeMachine).toBe(true);
    expect(isTimeTravelPanelEnabled(live)).toBe(false);
    expect(isTimeTravelPanelEnabled(parseEnv({ DATA_DIR: dataDir, PROVIDER_TIME_MACHINE: 'false' }))).toBe(
      false,
    );
  });
});

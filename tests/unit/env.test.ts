import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseDatabaseEnv, parseEnv } from '@/lib/env';

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-env-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('works with no configuration at all, on the embedded database', () => {
    const dataDir = tempDir();
    const config = parseEnv({ DATA_DIR: dataDir });
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({
      kind: 'pglite',
      dir: path.join(dataDir, 'pglite'),
      preparedStatements: true,
    });
    expect(config.isProduction).toBe(false);
    expect(config.authSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("sets the provider's dunning schedule and final action, refusing a schedule that cannot be one", () => {
    const dataDir = tempDir();
    const dunningOf = (config: ReturnType<typeof parseEnv>) =>
      config.provider.enabled ? config.provider.dunning : undefined;
    expect(dunningOf(parseEnv({ DATA_DIR: dataDir }))).toEqual({
      retryDays: [3, 2, 2],
      finalAction: 'cancel',
    });
    expect(
      dunningOf(
        parseEnv({
          DATA_DIR: dataDir,
          PROVIDER_DUNNING_RETRY_DAYS: '1,5',
          PROVIDER_DUNNING_FINAL_ACTION: 'keep',
        }),
      ),
    ).toEqual({ retryDays: [1, 5], finalAction: 'keep' });
    for (const bad of ['0', '31', '1,,2', 'a', '1,2,3,4,5,6,7,8,9,10,11']) {
      expect(problemsOf({ DATA_DIR: dataDir, PROVIDER_DUNNING_RETRY_DAYS: bad })[0]).toContain(
        'PROVIDER_DUNNING_RETRY_DAYS is invalid',
      );
    }
    expect(problemsOf({ DATA_DIR: dataDir, PROVIDER_DUNNING_FINAL_ACTION: 'pause' })[0]).toContain(
      'PROVIDER_DUNNING_FINAL_ACTION is invalid',
    );
  });

  it('derives APP_URL from PORT and trims a trailing slash from an explicit one', () => {
    const dataDir = tempDir();
    expect(parseEnv({ DATA_DIR: dataDir, PORT: '4123' }).appUrl).toBe('http://localhost:4123');
    expect(parseEnv({ DATA_DIR: dataDir, APP_URL: 'https://members.example.com/' }).appUrl).toBe(
      'https://members.example.com',
    );
  });

  it('generates the auth secret once into DATA_DIR and reuses it', () => {
    const dataDir = tempDir();
    const first = parseEnv({ DATA_DIR: dataDir }).authSecret;
    const second = parseEnv({ DATA_DIR: dataDir }).authSecret;
    expect(second).toBe(first);
    const file = path.join(dataDir, 'secrets', 'auth-secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(parseEnv({ DATA_DIR: tempDir() }).authSecret).not.toBe(first);
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    const config = parseEnv({ DATA_DIR: tempDir(), DATABASE_URL: 'postgres://u:p@db:5432/app' });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/app',
      poolMax: 10,
      preparedStatements: true,
    });
  });

  it('turns named prepared statements off for a pooler that cannot keep them', () => {
    const url = 'postgres://u:p@pooler:6432/app';
    const off = parseEnv({ DATA_DIR: tempDir(), DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'false' });
    expect(off.database).toMatchObject({ kind: 'postgres', preparedStatements: false });
    expect(problemsOf({ DATA_DIR: tempDir(), DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toEqual([
      expect.stringContaining('DATABASE_PREPARED_STATEMENTS'),
    ]);
  });

  it('lists every problem at once, with how to fix each, and never echoes a secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      APP_URL: 'ftp://example.com',
      DATABASE_URL: 'mysql://root:hunter2@db/app',
      AUTH_SECRET: 'short-secret-value',
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT'))).toContain('"eighty"');
    expect(problems.find((p) => p.startsWith('APP_URL'))).toContain('public base URL');
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.join('\n')).not.toContain('short-secret-value');
  });

  it('requires AUTH_SECRET and APP_URL in production, but not in the demo', () => {
    const problems = problemsOf({ NODE_ENV: 'production', DATA_DIR: tempDir() });
    expect(problems.some((p) => p.startsWith('AUTH_SECRET is required in production'))).toBe(true);
    expect(problems.some((p) => p.startsWith('APP_URL is required in production'))).toBe(true);
    const demo = parseEnv({ NODE_ENV: 'production', DEMO_MODE: 'true', DATA_DIR: tempDir() });
    expect(demo.isProduction).toBe(false);
    expect(demo.isDemo).toBe(true);
  });

  it('lists an invalid value together with the variables production still lacks', () => {
    const problems = problemsOf({ NODE_ENV: 'production', APP_URL: 'not a url', DATA_DIR: tempDir() });
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'APP_URL',
      'AUTH_SECRET',
      'PROVIDER_API_KEY',
      'CHARGEBEE_WEBHOOK_USERNAME',
      'SMTP_URL',
    ]);
  });

  it('names DATA_DIR when the folder for local secrets cannot be made, and refuses /proc and /sys', () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    expect(problemsOf({ DATA_DIR: file })).toEqual([
      expect.stringMatching(/^DATA_DIR cannot be used \(.*a-file\): a file is in the way/),
    ]);
    for (const dir of ['/proc/self/cwd/.data', '/sys/gatehouse']) {
      expect(problemsOf({ DATA_DIR: dir })).toEqual([expect.stringContaining('kernel pseudo-filesystem')]);
    }
  });

  it('reads the database settings alone without creating a secret', () => {
    const dataDir = path.join(tempDir(), 'never-made');
    expect(parseDatabaseEnv({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://u:p@db:5432/app' })).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/app',
      poolMax: 10,
      preparedStatements: true,
    });
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(() => parseDatabaseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  });

  it('treats empty values as unset, as .env files often leave them', () => {
    const config = parseEnv({ DATA_DIR: tempDir(), DATABASE_URL: '', APP_URL: '' });
    expect(config.database.kind).toBe('pglite');
  });
});

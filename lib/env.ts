import path from 'node:path';
import type { z } from 'zod';
import { brand } from './brand';
import { dataDirProblem, pseudoFilesystemProblem } from './data-dir';
import { embeddedProviderInstalled } from './embedded-provider';
import { hints, type RawEnv, schema, secretVariables } from './env-schema';
import { readOrCreateLocalSecret } from './local-secrets';

/** Three retries of an unpaid renewal over a week (days after the previous attempt). */
export const defaultDunningRetryDays = [3, 2, 2];

/** Chargebee's documented webhook retry delays: 2 min, 6 min, 30 min, 1 h, 5 h, 1 day, 2 days. */
export const chargebeeRetrySchedule = [120, 360, 1800, 3600, 18000, 86400, 172800];

export type Env = {
  nodeEnv: RawEnv['NODE_ENV'];
  /** A production start that refuses development conveniences (generated secrets, readable outbox). */
  isProduction: boolean;
  isDemo: boolean;
  port: number;
  appUrl: string;
  dataDir: string;
  /** Proxies in front of the app whose X-Forwarded-For entries are trusted (counted from the right). */
  trustProxyHops: number;
  database:
    | { kind: 'pglite'; dir: string; preparedStatements?: boolean }
    | { kind: 'postgres'; url: string; poolMax: number; preparedStatements?: boolean };
  authSecret: string;
  /** The embedded Chargebee-compatible provider; off when the site points at another billing server. */
  provider:
    | { enabled: false }
    | {
        enabled: true;
        apiKey: string;
        webhook?: { url: string; username?: string; password?: string };
        retryScheduleSeconds: number[];
        dunning: { retryDays: number[]; finalAction: 'cancel' | 'keep' };
        /** The test-site time machine: on outside production, in production only when asked for. */
        timeMachine: boolean;
      };
  /** Where mail goes: a real SMTP server, or the outbox readable at /dev/mailbox (never in production). */
  mail: { kind: 'smtp'; url: string; from: string } | { kind: 'outbox'; from: string };
  portal: { allowedOrigins: string[] };
  /** Credentials the site's webhook receiver (/api/webhooks/chargebee) requires. */
  siteWebhook: { username: string; password: string };
  /** Where the site's billing client sends its API calls and its visitors. */
  billing: {
    kind: 'embedded' | 'chargebee' | 'compatible';
    apiBaseUrl: string;
    portalBaseUrl: string;
    apiKey: string;
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      [
        `Gatehouse cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}.`,
        ...problems.map((problem) => `  - ${problem}`),
        'Every variable is described in .env.example.',
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

function presentValues(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

function schemaProblems(issues: z.core.$ZodIssue[], present: Record<string, string>): string[] {
  const named = new Set<keyof RawEnv>(issues.map((issue) => String(issue.path[0]) as keyof RawEnv));
  return [...named].map((name) => {
    const value = present[name];
    const shown = value === undefined || secretVariables.has(name) ? '' : ` (got ${JSON.stringify(value)})`;
    return `${name} is invalid${shown}: ${hints[name]}`;
  });
}

/**
 * The checks between variables. They read only which variables are set, so they run even when a value
 * is invalid, and one message lists every problem at once.
 */
function crossProblems(present: Record<string, string>): string[] {
  const has = (name: keyof RawEnv) => present[name] !== undefined;
  const isProduction =
    present.NODE_ENV === 'production' && !['true', '1', 'yes', 'on'].includes(present.DEMO_MODE ?? '');
  const providerEnabled = embeddedProviderInstalled && !has('CHARGEBEE_SITE') && !has('CHARGEBEE_BASE_URL');
  const problems: string[] = [];
  if (!embeddedProviderInstalled && !has('CHARGEBEE_SITE') && !has('CHARGEBEE_BASE_URL')) {
    problems.push(
      `CHARGEBEE_SITE (or CHARGEBEE_BASE_URL) is required: this site has no embedded billing provider. ${hints.CHARGEBEE_SITE}`,
    );
  }
  if (isProduction && !has('AUTH_SECRET')) {
    problems.push(`AUTH_SECRET is required in production: ${hints.AUTH_SECRET}`);
  }
  if (isProduction && !has('APP_URL')) {
    problems.push(`APP_URL is required in production: ${hints.APP_URL}`);
  }
  if (has('CHARGEBEE_SITE') && !has('CHARGEBEE_API_KEY')) {
    problems.push(`CHARGEBEE_API_KEY is required when CHARGEBEE_SITE is set: ${hints.CHARGEBEE_API_KEY}`);
  }
  if (has('CHARGEBEE_BASE_URL') && !has('CHARGEBEE_API_KEY')) {
    problems.push(`CHARGEBEE_API_KEY is required when CHARGEBEE_BASE_URL is set: ${hints.CHARGEBEE_API_KEY}`);
  }
  if (has('CHARGEBEE_SITE') && has('CHARGEBEE_BASE_URL')) {
    problems.push('CHARGEBEE_SITE and CHARGEBEE_BASE_URL are both set: keep the one for the server you use.');
  }
  if (providerEnabled && isProduction && !has('PROVIDER_API_KEY')) {
    problems.push(
      `PROVIDER_API_KEY is required in production while the embedded provider is on: ${hints.PROVIDER_API_KEY}`,
    );
  }
  if (isProduction && (!has('CHARGEBEE_WEBHOOK_USERNAME') || !has('CHARGEBEE_WEBHOOK_PASSWORD'))) {
    problems.push(
      `CHARGEBEE_WEBHOOK_USERNAME and CHARGEBEE_WEBHOOK_PASSWORD are required in production: ${hints.CHARGEBEE_WEBHOOK_PASSWORD}`,
    );
  }
  if (isProduction && providerEnabled && !has('SMTP_URL')) {
    problems.push(
      `SMTP_URL is required in production, so sign-in codes are mailed and never readable on a page: ${hints.SMTP_URL}`,
    );
  }
  const pseudo = pseudoFilesystemProblem(present.DATA_DIR ?? '.data');
  if (pseudo) problems.push(pseudo);
  for (const entry of allowedOriginEntries(present.PORTAL_ALLOWED_ORIGINS)) {
    if (!asOrigin(entry)) {
      problems.push(
        `PORTAL_ALLOWED_ORIGINS has ${JSON.stringify(entry)}, which is not an origin: ${hints.PORTAL_ALLOWED_ORIGINS}`,
      );
    }
  }
  return problems;
}

function allowedOriginEntries(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function asOrigin(entry: string): string | undefined {
  const parsed = URL.canParse(entry) ? new URL(entry) : undefined;
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== entry.replace(/\/+$/, ''))
    return undefined;
  return parsed.origin;
}

/** A secret generated into DATA_DIR; a folder that cannot hold it is a configuration problem. */
function localSecret(dataDir: string, name: string, bytes?: number): string {
  try {
    return readOrCreateLocalSecret(dataDir, name, bytes);
  } catch (error) {
    throw new ConfigError([dataDirProblem(dataDir, error)]);
  }
}

/**
 * The database settings alone, for scripts that only migrate: unlike parseEnv, it never creates a
 * local secret, so `npm run db:migrate` on PostgreSQL writes nothing into the app folder.
 */
export function parseDatabaseEnv(source: Record<string, string | undefined>): Env['database'] {
  const present = presentValues(source);
  const parsed = schema
    .pick({ DATA_DIR: true, DATABASE_URL: true, DATABASE_POOL_MAX: true, DATABASE_PREPARED_STATEMENTS: true })
    .safeParse(present);
  if (!parsed.success) throw new ConfigError(schemaProblems(parsed.error.issues, present));
  const raw = parsed.data;
  return {
    ...(raw.DATABASE_URL
      ? { kind: 'postgres', url: raw.DATABASE_URL, poolMax: raw.DATABASE_POOL_MAX }
      : { kind: 'pglite', dir: path.join(path.resolve(raw.DATA_DIR), 'pglite') }),
    preparedStatements: raw.DATABASE_PREPARED_STATEMENTS,
  };
}

/** Parses configuration from a plain object of variables. Pure apart from creating local secrets. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const present = presentValues(source);
  const parsed = schema.safeParse(present);
  const problems = [
    ...(parsed.success ? [] : schemaProblems(parsed.error.issues, present)),
    ...crossProblems(present),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === 'production' && !raw.DEMO_MODE;
  const dataDir = path.resolve(raw.DATA_DIR);
  const providerEnabled = embeddedProviderInstalled && !raw.CHARGEBEE_SITE && !raw.CHARGEBEE_BASE_URL;
  const allowedOrigins = allowedOriginEntries(raw.PORTAL_ALLOWED_ORIGINS).map(
    (entry) => asOrigin(entry) as string,
  );

  const appUrl = (raw.APP_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, '');
  const providerApiKey = providerEnabled
    ? (raw.PROVIDER_API_KEY ?? `test_${localSecret(dataDir, 'provider-api-key', 24)}`)
    : undefined;
  const siteWebhook = {
    username: raw.CHARGEBEE_WEBHOOK_USERNAME ?? 'gatehouse',
    password: raw.CHARGEBEE_WEBHOOK_PASSWORD ?? localSecret(dataDir, 'webhook-password', 24),
  };
  const provider: Env['provider'] = providerApiKey
    ? {
        enabled: true,
        apiKey: providerApiKey,
        // By default the embedded provider notifies this app's own site, as Chargebee would once
        // its webhook settings point here.
        webhook: raw.PROVIDER_WEBHOOK_URL
          ? {
              url: raw.PROVIDER_WEBHOOK_URL,
              username: raw.PROVIDER_WEBHOOK_USERNAME,
              password: raw.PROVIDER_WEBHOOK_PASSWORD,
            }
          : { url: `${appUrl}/api/webhooks/chargebee`, ...siteWebhook },
        retryScheduleSeconds: raw.PROVIDER_WEBHOOK_RETRY_SCHEDULE
          ? raw.PROVIDER_WEBHOOK_RETRY_SCHEDULE.split(',').map(Number)
          : chargebeeRetrySchedule,
        dunning: {
          retryDays: raw.PROVIDER_DUNNING_RETRY_DAYS
            ? raw.PROVIDER_DUNNING_RETRY_DAYS.split(',').map(Number)
            : defaultDunningRetryDays,
          finalAction: raw.PROVIDER_DUNNING_FINAL_ACTION ?? 'cancel',
        },
        timeMachine: raw.PROVIDER_TIME_MACHINE ?? !isProduction,
      }
    : { enabled: false };
  const billing: Env['billing'] = raw.CHARGEBEE_SITE
    ? {
        kind: 'chargebee',
        apiBaseUrl: `https://${raw.CHARGEBEE_SITE}.chargebee.com/api/v2`,
        portalBaseUrl: `https://${raw.CHARGEBEE_SITE}.chargebeeportal.com`,
        apiKey: raw.CHARGEBEE_API_KEY as string,
      }
    : raw.CHARGEBEE_BASE_URL
      ? {
          kind: 'compatible',
          apiBaseUrl: `${raw.CHARGEBEE_BASE_URL.replace(/\/+$/, '')}/api/v2`,
          portalBaseUrl: raw.CHARGEBEE_BASE_URL.replace(/\/+$/, ''),
          apiKey: raw.CHARGEBEE_API_KEY as string,
        }
      : {
          kind: 'embedded',
          apiBaseUrl: `${appUrl}/api/v2`,
          portalBaseUrl: appUrl,
          apiKey: providerApiKey as string,
        };

  return {
    nodeEnv: raw.NODE_ENV,
    isProduction,
    isDemo: raw.DEMO_MODE,
    port: raw.PORT,
    appUrl,
    dataDir,
    trustProxyHops: raw.TRUST_PROXY_HOPS,
    database: parseDatabaseEnv(source),
    authSecret: raw.AUTH_SECRET ?? localSecret(dataDir, 'auth-secret'),
    provider,
    billing,
    siteWebhook,
    mail: raw.SMTP_URL
      ? { kind: 'smtp', url: raw.SMTP_URL, from: raw.MAIL_FROM ?? `${brand.name} <no-reply@localhost>` }
      : { kind: 'outbox', from: raw.MAIL_FROM ?? `${brand.name} <no-reply@localhost>` },
    portal: {
      allowedOrigins: [...new Set([new URL(appUrl).origin, ...allowedOrigins])],
    },
  };
}

const cache = globalThis as typeof globalThis & { __gatehouseEnv?: Env };

/**
 * The configuration of this process, parsed once. A bad configuration stops the process with one
 * readable message listing every problem.
 */
export function env(): Env {
  if (cache.__gatehouseEnv) return cache.__gatehouseEnv;
  try {
    cache.__gatehouseEnv = parseEnv(process.env);
    return cache.__gatehouseEnv;
  } catch (error) {
    if (error instanceof ConfigError && !process.env.VITEST) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

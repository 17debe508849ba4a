import path from 'node:path';
import { z } from 'zod';
import { dataDirProblem, pseudoFilesystemProblem } from './data-dir';
import { readOrCreateLocalSecret } from './local-secrets';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DEMO_MODE: flag.default(false),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: httpUrl.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/)
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_PREPARED_STATEMENTS: flag.default(true),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(1),
  AUTH_SECRET: z.string().min(32).optional(),
  CHARGEBEE_SITE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/i)
    .optional(),
  CHARGEBEE_API_KEY: z.string().min(8).max(200).optional(),
  CHARGEBEE_BASE_URL: httpUrl.optional(),
  PROVIDER_API_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/)
    .optional(),
  PROVIDER_WEBHOOK_URL: httpUrl.optional(),
  PROVIDER_WEBHOOK_USERNAME: z.string().min(1).max(100).optional(),
  PROVIDER_WEBHOOK_PASSWORD: z.string().min(1).max(200).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/)
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  PORTAL_ALLOWED_ORIGINS: z.string().max(2000).optional(),
  CHARGEBEE_WEBHOOK_USERNAME: z.string().min(1).max(100).optional(),
  CHARGEBEE_WEBHOOK_PASSWORD: z.string().min(16).max(200).optional(),
  PROVIDER_WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(,\d+){0,19}$/)
    .optional(),
  PROVIDER_DUNNING_RETRY_DAYS: z
    .string()
    .regex(/^([1-9]|[1-2]\d|30)(,([1-9]|[1-2]\d|30)){0,9}$/)
    .optional(),
  PROVIDER_DUNNING_FINAL_ACTION: z.enum(['cancel', 'keep']).optional(),
  PROVIDER_TIME_MACHINE: flag.optional(),
});

type RawEnv = z.infer<typeof schema>;

/** How to fix each variable, shown beside the problem. Secrets are never echoed back. */
const hints: Record<keyof RawEnv, string> = {
  NODE_ENV: 'use development, production or test (Next.js sets it for you).',
  DEMO_MODE: 'use true or false; `npm run demo` sets it to true.',
  PORT: 'use a port number from 1 to 65535, e.g. PORT=3000.',
  APP_URL: 'use the public base URL of this app, e.g. https://members.example.com (no path).',
  DATA_DIR: 'use a folder path for the embedded database and local secrets, e.g. DATA_DIR=.data.',
  DATABASE_URL:
    'use a PostgreSQL URL such as postgres://user:password@host:5432/db, or unset it to use the embedded database.',
  DATABASE_POOL_MAX: 'use a whole number of connections from 1 to 200.',
  DATABASE_PREPARED_STATEMENTS:
    'use true or false; false for a connection pooler in transaction mode that cannot keep prepared statements.',
  TRUST_PROXY_HOPS:
    'use how many proxies you run in front of the app (0 to 5); each appends to X-Forwarded-For.',
  AUTH_SECRET: 'use at least 32 random characters, e.g. the output of `openssl rand -base64 33`.',
  CHARGEBEE_SITE:
    'use your Chargebee site name, the "acme" of acme.chargebee.com (acme-test for a test site).',
  CHARGEBEE_API_KEY: 'use a full-access API key from Chargebee: Settings > Configure Chargebee > API Keys.',
  CHARGEBEE_BASE_URL: 'use the base URL of a Chargebee-compatible server, e.g. https://billing.example.com.',
  PROVIDER_API_KEY: 'use 16 to 128 letters, digits, "_" or "-", e.g. test_ followed by random characters.',
  PROVIDER_WEBHOOK_URL:
    'use the URL the embedded provider posts events to, e.g. https://example.com/api/webhooks/chargebee.',
  PROVIDER_WEBHOOK_USERNAME: 'use the Basic-auth user name the webhook receiver expects.',
  PROVIDER_WEBHOOK_PASSWORD: 'use the Basic-auth password the webhook receiver expects.',
  SMTP_URL: 'use smtp://user:password@host:587 or smtps://user:password@host:465.',
  MAIL_FROM: 'use a sender such as "Gatehouse <billing@example.com>".',
  PORTAL_ALLOWED_ORIGINS:
    'use comma-separated origins the portal may send people back to, e.g. https://example.com,https://www.example.com.',
  CHARGEBEE_WEBHOOK_USERNAME: "use the user name you set for the webhook's Basic auth in Chargebee.",
  CHARGEBEE_WEBHOOK_PASSWORD:
    "use the password (16+ characters) you set for the webhook's Basic auth in Chargebee.",
  PROVIDER_DUNNING_RETRY_DAYS:
    'use comma-separated days between charge retries of an unpaid invoice (1-30 each, at most 10), e.g. 3,2,2.',
  PROVIDER_DUNNING_FINAL_ACTION:
    'use cancel (cancel the subscription when retries run out) or keep (leave it, the invoice not_paid).',
  PROVIDER_WEBHOOK_RETRY_SCHEDULE:
    'use comma-separated delays in seconds between delivery attempts, e.g. 120,360,1800,3600,18000,86400,172800.',
  PROVIDER_TIME_MACHINE:
    'use true to let API clients move the provider clock (it wipes customer data) in production; it is on outside production.',
};

const secretVariables = new Set<string>([
  'AUTH_SECRET',
  'DATABASE_URL',
  'CHARGEBEE_API_KEY',
  'PROVIDER_API_KEY',
  'PROVIDER_WEBHOOK_PASSWORD',
  'SMTP_URL',
  'CHARGEBEE_WEBHOOK_PASSWORD',
]);

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
  const providerEnabled = !has('CHARGEBEE_SITE') && !has('CHARGEBEE_BASE_URL');
  const problems: string[] = [];
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
  const providerEnabled = !raw.CHARGEBEE_SITE && !raw.CHARGEBEE_BASE_URL;
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
      ? { kind: 'smtp', url: raw.SMTP_URL, from: raw.MAIL_FROM ?? 'Gatehouse <no-reply@localhost>' }
      : { kind: 'outbox', from: raw.MAIL_FROM ?? 'Gatehouse <no-reply@localhost>' },
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

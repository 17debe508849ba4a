import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname });

/** Every variable Gatehouse reads, with its format; lib/env.ts checks how they combine. */
export const schema = z.object({
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

export type RawEnv = z.infer<typeof schema>;

/** How to fix each variable, shown beside the problem. Secrets are never echoed back. */
export const hints: Record<keyof RawEnv, string> = {
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

export const secretVariables = new Set<string>([
  'AUTH_SECRET',
  'DATABASE_URL',
  'CHARGEBEE_API_KEY',
  'PROVIDER_API_KEY',
  'PROVIDER_WEBHOOK_PASSWORD',
  'SMTP_URL',
  'CHARGEBEE_WEBHOOK_PASSWORD',
]);

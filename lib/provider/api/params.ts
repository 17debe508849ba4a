import qs from 'qs';
import { z } from 'zod';
import { env } from '@/lib/env';
import { idPattern } from '../ids';
import { unsupportedPortReason } from '../redirect-ports';
import { errors } from './errors';

const parseOptions: qs.IParseOptions = {
  depth: 4,
  strictDepth: true,
  arrayLimit: 100,
  parameterLimit: 1000,
  throwOnLimitExceeded: true,
  allowSparse: true,
  allowPrototypes: false,
  allowDots: false,
  charset: 'utf-8',
};

/** Parses Chargebee's bracket notation (`customer[id]=…`, `subscription_items[quantity][0]=…`). */
export function parseBracketParams(encoded: string): Record<string, unknown> {
  try {
    return qs.parse(encoded, parseOptions) as Record<string, unknown>;
  } catch (error) {
    throw errors.invalidRequest(`The parameters could not be read: ${(error as Error).message}.`);
  }
}

/** `['subscription_items', 'item_price_id', 0]` → `subscription_items[item_price_id][0]`. */
export function paramName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return `${head ?? ''}${rest.map((part) => `[${part}]`).join('')}`;
}

function containsNul(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : undefined;
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = containsNul(child);
      if (found) return [key, ...found];
    }
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'cannot be blank';
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `cannot be longer than ${issue.maximum} characters`;
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1)
    return 'cannot be blank';
  if (issue.code === 'invalid_value') return `invalid value; allowed values are ${issue.values.join(', ')}`;
  if (issue.code === 'unrecognized_keys') return 'unknown keys';
  return issue.message.replace(/^Invalid input: /, '');
}

/** Validates parsed parameters; the first problem becomes a 400 that names its parameter. */
export function validateParams<S extends z.ZodType>(schema: S, params: Record<string, unknown>): z.output<S> {
  const nul = containsNul(params);
  if (nul) throw errors.paramWrongValue(paramName(nul), 'must not contain NUL characters');
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.length > 0 ? issue.path : ['params'];
  throw errors.paramWrongValue(paramName(path), describeIssue(issue));
}

// ---- Field types as Chargebee sends them: every value arrives as a string. ----

export const cb = {
  string: (max: number) => z.string().max(max),
  nonEmpty: (max: number) => z.string().min(1).max(max),
  id: (max = 50) =>
    z.string().min(1).max(max).regex(idPattern, 'must contain only letters, digits, "_" and "-"'),
  email: () => z.string().max(70).pipe(z.email('must be a valid email address')),
  url: (max = 250) =>
    z
      .string()
      .min(1)
      .max(max)
      .pipe(
        z.url({ protocol: /^https?$/, hostname: z.regexes.hostname, error: 'must be an http or https URL' }),
      ),
  /** A URL the browser is later sent to (redirect_url, cancel_url, forward_url): Chargebee's port rule too. */
  redirectUrl: (max = 250) =>
    cb.url(max).superRefine((url, ctx) => {
      const reason = unsupportedPortReason(url, { production: env().isProduction });
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    }),
  integer: (min = 0, max = Number.MAX_SAFE_INTEGER) =>
    z
      .string()
      .regex(/^-?\d{1,16}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(min).max(max)),
  timestamp: () => cb.integer(0, 32_503_680_000),
  boolean: () => z.enum(['true', 'false']).transform((value) => value === 'true'),
  enum: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
  /** Filter on a string field: `field[is]=x`, or the bare `field=x` some callers send. */
  isFilter: (inner: z.ZodType<string>) =>
    z.union([inner, z.object({ is: inner })]).transform((v) => (typeof v === 'string' ? v : v.is)),
  /** Filter on an enum: `status[is]=active` or `status[in]=["active","in_trial"]`. */
  enumFilter: <const T extends readonly [string, ...string[]]>(values: T) =>
    z
      .union([
        z.enum(values).transform((v) => [v]),
        z.object({ is: z.enum(values) }).transform((v) => [v.is]),
        z.object({ in: jsonArray(z.enum(values)) }).transform((v) => v.in),
      ])
      .optional(),
  limit: () => cb.integer(1, 100).default(10),
  offset: () => z.string().max(1000).optional(),
};

/** `in`/`not_in` filters carry a JSON array inside one form field. */
export function jsonArray<T extends z.ZodType>(item: T) {
  return z
    .string()
    .max(2000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array, e.g. ["active","in_trial"]' });
        return z.NEVER;
      }
    })
    .pipe(z.array(item).min(1).max(50));
}

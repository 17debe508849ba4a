import { randomUUID } from 'node:crypto';
import ky, { HTTPError, type KyInstance, TimeoutError } from 'ky';
import type { z } from 'zod';
import { env } from '@/lib/env';
import { encodeParams, type ParamObject } from './encode';
import { ChargebeeError } from './errors';

export type ChargebeeHttpConfig = {
  apiBaseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  retryLimit?: number;
  /** Longest wait a `Retry-After` may ask for; longer waits are cut to this. */
  maxRetryAfterMs?: number;
  /** Backoff before retry n (1-based) when the server gives no `Retry-After`. */
  backoffMs?: (attempt: number) => number;
  /** No retry starts once this long has passed since a call's first attempt. */
  retryWindowMs?: number;
  /**
   * After a call finds the server down or silent (503, a timeout, no connection), calls in the next
   * this-many ms fail at once with the same error instead of waiting on it again. Not after a 429:
   * one rate-limited call must not stop the others.
   */
  pauseAfterOutageMs?: number;
};

export type ChargebeeHttp = {
  get<S extends z.ZodType>(path: string, schema: S, query?: ParamObject): Promise<z.infer<S>>;
  post<S extends z.ZodType>(path: string, schema: S, params?: ParamObject): Promise<z.infer<S>>;
};

const retryableStatuses = [429, 500, 502, 503, 504];

function defaultBackoff(attempt: number): number {
  return 250 * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
}

async function errorFromResponse(response: Response): Promise<ChargebeeError> {
  const text = await response.text().catch(() => '');
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const field = (name: string) => (typeof body?.[name] === 'string' ? (body[name] as string) : undefined);
  const fallbackCode = response.status === 503 ? 'internal_temporary_error' : 'internal_error';
  return new ChargebeeError({
    status: response.status,
    apiErrorCode: field('api_error_code') ?? field('error_code') ?? fallbackCode,
    param: field('param') ?? field('error_param'),
    type: field('type'),
    message: field('message') ?? `The billing API answered HTTP ${response.status}.`,
  });
}

function errorFromFailure(error: unknown, timeoutMs: number): ChargebeeError {
  if (error instanceof TimeoutError) {
    return new ChargebeeError({
      status: 504,
      apiErrorCode: 'io_error',
      type: 'timeout',
      message: `The billing API did not answer within ${timeoutMs / 1000} s.`,
    });
  }
  return new ChargebeeError({
    status: 503,
    apiErrorCode: 'connection_error',
    message: `The billing API could not be reached (${(error as Error).message}).`,
  });
}

/**
 * One HTTP client for a Chargebee-compatible API: Basic auth with the key, form-encoded bracket
 * parameters, a timeout per attempt, and retries with backoff on 429 and 5xx (honouring
 * `Retry-After`) for GETs and for POSTs, which always carry a fresh `chargebee-idempotency-key`.
 */
export function createChargebeeHttp(config: ChargebeeHttpConfig): ChargebeeHttp {
  const timeoutMs = config.timeoutMs ?? 10_000;
  let outage: { until: number; error: ChargebeeError } | undefined;
  const api: KyInstance = ky.create({
    prefixUrl: config.apiBaseUrl,
    timeout: timeoutMs,
    headers: {
      Authorization: `Basic ${Buffer.from(`${config.apiKey}:`).toString('base64')}`,
      Accept: 'application/json',
    },
    retry: {
      limit: config.retryLimit ?? 2,
      methods: ['get', 'post'],
      statusCodes: retryableStatuses,
      afterStatusCodes: [429, 503],
      maxRetryAfter: config.maxRetryAfterMs ?? 5_000,
      delay: config.backoffMs ?? defaultBackoff,
    },
  });

  async function send<S extends z.ZodType>(
    path: string,
    schema: S,
    options: { method: 'get' | 'post'; query?: string; body?: string },
  ): Promise<z.infer<S>> {
    if (outage && Date.now() < outage.until) throw outage.error;
    let response: Response;
    const started = Date.now();
    const { retryWindowMs } = config;
    try {
      // ky 1.x drops the instance's headers when a call passes `headers: undefined`, so keys are only set when used.
      response = await api(path, {
        method: options.method,
        ...(retryWindowMs === undefined
          ? {}
          : {
              retry: {
                limit: config.retryLimit ?? 2,
                methods: ['get', 'post'],
                statusCodes: retryableStatuses,
                afterStatusCodes: [429, 503],
                maxRetryAfter: config.maxRetryAfterMs ?? 5_000,
                delay: config.backoffMs ?? defaultBackoff,
                shouldRetry: () => (Date.now() - started < retryWindowMs ? undefined : false),
              },
            }),
        ...(options.query ? { searchParams: options.query } : {}),
        ...(options.body ? { body: options.body } : {}),
        ...(options.method === 'post'
          ? {
              headers: {
                'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
                'chargebee-idempotency-key': randomUUID(),
              },
            }
          : {}),
      });
    } catch (error) {
      const failure =
        error instanceof HTTPError
          ? await errorFromResponse(error.response)
          : errorFromFailure(error, timeoutMs);
      if (config.pauseAfterOutageMs && (failure.status === 503 || failure.status === 504)) {
        outage = { until: Date.now() + config.pauseAfterOutageMs, error: failure };
      }
      throw failure;
    }
    outage = undefined;
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ChargebeeError({
        status: 502,
        apiErrorCode: 'unexpected_response',
        message: `The billing API answered ${options.method.toUpperCase()} ${path} with a body this site cannot read: ${parsed.error.issues
          .slice(0, 3)
          .map((issue) => `${issue.path.join('.')} ${issue.message}`)
          .join('; ')}`,
      });
    }
    return parsed.data;
  }

  return {
    get: (path, schema, query) => send(path, schema, { method: 'get', query: query && encodeParams(query) }),
    post: (path, schema, params) =>
      send(path, schema, { method: 'post', body: params ? encodeParams(params) || undefined : undefined }),
  };
}

const holder = globalThis as typeof globalThis & { __gatehouseChargebee?: ChargebeeHttp };

/**
 * The site's billing client, configured from env().billing. Pages wait on it, so a billing API that is
 * down costs a reader about two seconds once, and then nothing for five seconds: the page shows its
 * own "unavailable" message at once instead of waiting out Retry-After on every view.
 */
export function chargebee(): ChargebeeHttp {
  if (!holder.__gatehouseChargebee) {
    const { apiBaseUrl, apiKey } = env().billing;
    holder.__gatehouseChargebee = createChargebeeHttp({
      apiBaseUrl,
      apiKey,
      maxRetryAfterMs: 1_000,
      retryWindowMs: 2_000,
      pauseAfterOutageMs: 5_000,
    });
  }
  return holder.__gatehouseChargebee;
}

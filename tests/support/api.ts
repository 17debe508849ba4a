import qs from 'qs';
import { inject } from 'vitest';
import { testApiKey } from './constants';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The server the api and security projects share (tests/api/global-setup.ts). */
    baseUrl: string;
  }
}

export type ApiAnswer = { status: number; body: Record<string, unknown>; headers: Headers };

/**
 * Calls the Chargebee-compatible API over HTTP the way Chargebee clients do: Basic auth with the key
 * as user name, form-encoded bracket parameters (`customer[id]=…`), JSON answers.
 */
export async function api(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  path: string,
  params: Record<string, unknown> = {},
  options: {
    key?: string | null;
    headers?: Record<string, string>;
    baseUrl?: string;
    signal?: AbortSignal;
  } = {},
): Promise<ApiAnswer> {
  const base = options.baseUrl ?? inject('baseUrl');
  const encoded = qs.stringify(params, { encodeValuesOnly: false, arrayFormat: 'indices' });
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const key = options.key === undefined ? testApiKey : options.key;
  if (key !== null) headers.Authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  let url = `${base}/api/v2/${path}`;
  let body: string | undefined;
  if (method === 'GET') {
    if (encoded) url += `?${encoded}`;
  } else {
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded; charset=utf-8';
    body = encoded;
  }
  const response = await fetch(url, { method, headers, body, signal: options.signal });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(
      `${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Asserts the Chargebee error shape and returns the body. */
export function expectChargebeeError(
  answer: ApiAnswer,
  status: number,
  apiErrorCode: string,
  param?: string,
) {
  const { body } = answer;
  const problems: string[] = [];
  if (answer.status !== status) problems.push(`status ${answer.status}, expected ${status}`);
  if (body.api_error_code !== apiErrorCode) problems.push(`api_error_code ${String(body.api_error_code)}`);
  if (body.error_code !== apiErrorCode) problems.push('error_code differs from api_error_code');
  if (body.http_status_code !== status) problems.push('http_status_code differs from the status');
  if (typeof body.message !== 'string' || body.message !== body.error_msg) problems.push('message/error_msg');
  if (param !== undefined && (body.param !== param || body.error_param !== param))
    problems.push(`param ${String(body.param)}`);
  if (problems.length > 0)
    throw new Error(`Not the expected Chargebee error: ${problems.join('; ')}\n${JSON.stringify(body)}`);
  return body;
}

let counter = 0;
/** A customer id unique to this run, so suites sharing one server never collide. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${counter}`;
}

/**
 * Creates a customer with this email through the API and returns its id. The portal login admits
 * only emails it already knows, as Chargebee's does, so a test that signs a reader in creates the
 * customer first, the way checkout or a merchant's backend would.
 */
export async function createCustomerWithEmail(
  email: string,
  options: { baseUrl?: string; id?: string; firstName?: string } = {},
): Promise<string> {
  const params = { id: options.id, email, first_name: options.firstName ?? 'Reader' };
  const answer = await api('POST', 'customers', params, { baseUrl: options.baseUrl });
  const created = answer.body.customer as { id?: string } | undefined;
  if (answer.status !== 200 || !created?.id)
    throw new Error(
      `creating the customer ${email} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  return created.id;
}

import { db as openDb } from '@/lib/db/client';
import { env } from '@/lib/env';
import { clientAddress } from '@/lib/http/client-address';
import { idPattern } from '../ids';
import { atMachineTime } from '../machine-clock';
import { authenticate } from './auth';
import { ApiError, errors } from './errors';
import { claimIdempotencyKey } from './idempotency';
import { parseBracketParams, validateParams } from './params';
import type { ApiResult, RequestContext, RouteDefinition } from './route';
import { routes } from './routes';
import { refuseUnsupportedParams } from './unsupported-params';

const maxBodyBytes = 64 * 1024;
const maxDrainedBytes = 1024 * 1024;
const idempotencyKeyPattern = /^[\x21-\x7e]{1,255}$/;

type CompiledRoute = { definition: RouteDefinition; segments: string[] };
const compiled: CompiledRoute[] = routes.map((definition) => ({
  definition,
  segments: definition.path.split('/'),
}));

function match(segments: string[]) {
  const candidates: { route: CompiledRoute; ids: Record<string, string> }[] = [];
  for (const route of compiled) {
    if (route.segments.length !== segments.length) continue;
    const ids: Record<string, string> = {};
    const fits = route.segments.every((part, i) => {
      const value = segments[i] as string;
      if (part.startsWith(':')) {
        ids[part.slice(1)] = value;
        return true;
      }
      return part === value;
    });
    if (fits) candidates.push({ route, ids });
  }
  return candidates;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

function errorResponse(error: ApiError): Response {
  return json(error.status, error.toBody(), error.options.headers);
}

async function readBody(request: Request): Promise<string> {
  const length = request.headers.get('content-length');
  const declared = Number(length ?? '0');
  if (declared > maxBodyBytes) throw errors.tooLarge(maxBodyBytes);
  if (!request.body) return '';
  // A declared length within the limit bounds the body (Node's parser holds the client to it), so
  // it can be read whole; only a chunked body is counted as it streams in.
  if (length !== null && /^\d+$/.test(length)) return request.text();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      // Read on and drop the rest (up to a bound) before answering: cancelling the stream, or
      // answering with the upload still coming, resets the connection before the client reads the 413.
      while (size <= maxDrainedBytes) {
        const rest = await reader.read();
        if (rest.done) break;
        size += rest.value.byteLength;
      }
      throw errors.tooLarge(maxBodyBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const databaseErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: string; message?: string };
    if (
      (code && (databaseErrorCodes.has(code) || code.startsWith('08'))) ||
      /Connection terminated|not queryable|timeout exceeded when trying to connect|did not answer within/i.test(
        message ?? '',
      )
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

async function execute(request: Request, segments: string[]): Promise<Response> {
  const config = env();
  if (!config.provider.enabled) {
    throw errors.notFound(
      'The embedded billing provider is off: this app is configured to use another billing server.',
    );
  }
  await authenticate(request.headers, config.provider.apiKey);
  return atMachineTime(() => dispatch(request, segments));
}

/** Finds, validates and runs the handler: at the time machine's time once it has been started. */
async function dispatch(request: Request, segments: string[]): Promise<Response> {
  const candidates = match(segments);
  if (candidates.length === 0) throw errors.notFound('Sorry, there is no API endpoint at this URL.');
  const found = candidates.find(({ route }) => route.definition.method === request.method);
  if (!found) throw errors.methodNotAllowed(request.method);
  for (const [name, value] of Object.entries(found.ids)) {
    if (!idPattern.test(value))
      throw errors.paramWrongValue(name, 'must contain only letters, digits, "_" and "-"');
  }

  const { definition } = found.route;
  const url = new URL(request.url);
  let rawBody = '';
  if (definition.method === 'GET') {
    rawBody = url.search.slice(1);
  } else {
    rawBody = await readBody(request);
    const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (rawBody.length > 0 && type !== 'application/x-www-form-urlencoded') {
      throw errors.invalidRequest('Send parameters as application/x-www-form-urlencoded.');
    }
  }
  const parsed = parseBracketParams(rawBody);
  if (definition.unsupported) refuseUnsupportedParams(parsed, definition.unsupported);
  const params = validateParams(definition.params, parsed);
  const clientIp =
    request.headers.get('chargebee-request-origin-ip')?.slice(0, 50) ?? clientAddress(request.headers);

  if (definition.method === 'GET') {
    return toResponse(
      await definition.handle(params, { db: await openDb(), ids: found.ids, clientIp, source: 'api' }),
    );
  }

  const key = request.headers.get('chargebee-idempotency-key');
  if (key !== null && !idempotencyKeyPattern.test(key)) {
    throw errors.invalidRequest(
      'The chargebee-idempotency-key header must be 1 to 255 visible ASCII characters.',
    );
  }
  const database = await openDb();
  if (key === null && definition.transaction === false) {
    return toResponse(
      await definition.handle(params, { db: database, ids: found.ids, clientIp, source: 'api' }),
    );
  }
  return database.transaction(async (tx) => {
    const context: RequestContext = { db: tx, ids: found.ids, clientIp, source: 'api' };
    if (key === null) return toResponse(await definition.handle(params, context));
    const claim = await claimIdempotencyKey(tx, key, {
      method: request.method,
      path: url.pathname,
      body: rawBody,
    });
    if (typeof claim !== 'function') {
      return new Response(claim.body, {
        status: claim.status,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          'chargebee-idempotency-replayed': 'true',
        },
      });
    }
    const result = await definition.handle(params, context);
    if (result instanceof Response) return result;
    const body = JSON.stringify(result);
    await claim({ status: 200, body });
    return json(200, result);
  });
}

function toResponse(result: ApiResult): Response {
  return result instanceof Response ? result : json(200, result);
}

/** Serves one request to the Chargebee-compatible API. Every answer is JSON, errors included. */
export async function handleApiRequest(request: Request, segments: string[]): Promise<Response> {
  try {
    return await execute(request, segments);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    if (isDatabaseUnavailable(error)) return errorResponse(errors.databaseUnavailable());
    console.error('[api] unexpected error', request.method, new URL(request.url).pathname, error);
    return errorResponse(errors.internal());
  }
}

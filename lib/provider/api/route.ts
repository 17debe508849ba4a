import type { z } from 'zod';
import type { Database } from '@/lib/db/client';

export type RequestContext = {
  /** The database, or the transaction a mutating request runs in (see `transaction`). */
  db: Database;
  /** Path ids, already checked against the strict id pattern. */
  ids: Record<string, string>;
  /** Address of the caller (`chargebee-request-origin-ip` when the caller forwards one). */
  clientIp?: string;
  /** Who caused the change, for events: the API key's name. */
  source: 'api';
};

export type RouteDefinition<S extends z.ZodType = z.ZodType> = {
  method: 'GET' | 'POST';
  /** Path below /api/v2 with `:name` for ids, e.g. `portal_sessions/:id/activate`. */
  path: string;
  params: S;
  /** Parameters Chargebee documents here that this provider refuses (`coupon_ids`, `subscription[start_date]`). */
  unsupported?: readonly string[];
  /**
   * `false` for a handler whose only write is one statement and that records no event (its reads
   * before that write decide nothing a transaction would protect): it then runs without BEGIN/COMMIT,
   * two round trips less. With an idempotency key it still runs in a transaction, with the key.
   */
  transaction?: false;
  handle: (params: z.output<S>, context: RequestContext) => Promise<ApiResult>;
};

/** A JSON body, or a binary one (an invoice PDF) served under /api/v2 by a signed URL. */
export type ApiResult = Record<string, unknown> | Response;

export function route<S extends z.ZodType>(definition: RouteDefinition<S>): RouteDefinition {
  return definition as unknown as RouteDefinition;
}

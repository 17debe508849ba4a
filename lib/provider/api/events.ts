import { z } from 'zod';
import { listEvents, retrieveEvent } from '../event-wire';
import { errors } from './errors';
import { decodeOffset } from './pagination';
import { cb, jsonArray } from './params';
import { route } from './route';

const sources = [
  'admin_console',
  'api',
  'bulk_operation',
  'scheduled_job',
  'hosted_page',
  'portal',
  'system',
  'none',
  'js_api',
  'migration',
  'external_service',
] as const;

const webhookStatuses = [
  'not_configured',
  'scheduled',
  'succeeded',
  're_scheduled',
  'failed',
  'skipped',
  'not_applicable',
  'disabled',
  'rate_limited',
] as const;

const eventType = z.string().regex(/^[a-z0-9_]{1,64}$/, 'must be an event type such as customer_created');

/** `field[is]`, `[is_not]`, `[in]`, `[not_in]` (JSON arrays), or the bare `field=x` some callers send. */
function enumFilter<T extends z.ZodType<string>>(value: T) {
  return z
    .preprocess(
      (raw) => (typeof raw === 'string' ? { is: raw } : raw),
      z.object({
        is: value.optional(),
        is_not: value.optional(),
        in: jsonArray(value).optional(),
        not_in: jsonArray(value).optional(),
      }),
    )
    .optional();
}

const timestampFilter = z
  .object({
    after: cb.timestamp().optional(),
    before: cb.timestamp().optional(),
  })
  .optional();

const sortBy = z
  .object({ asc: z.literal('occurred_at').optional(), desc: z.literal('occurred_at').optional() })
  .refine((sort) => !(sort.asc && sort.desc), 'give either sort_by[asc] or sort_by[desc], not both')
  .optional();

function seqCursor(offset: string | undefined) {
  const cursor = decodeOffset(offset);
  if (cursor && !/^\d{1,16}$/.test(cursor.id)) {
    throw errors.paramWrongValue(
      'offset',
      'is not an offset returned by this API (use next_offset as given)',
    );
  }
  return cursor;
}

export const eventRoutes = [
  route({
    method: 'GET',
    path: 'events',
    params: z.object({
      event_type: enumFilter(eventType),
      source: enumFilter(z.enum(sources)),
      webhook_status: enumFilter(z.enum(webhookStatuses)),
      occurred_at: timestampFilter,
      sort_by: sortBy,
      limit: cb.limit(),
      offset: cb.offset(),
    }),
    handle: (params, { db }) =>
      listEvents(db, {
        eventType: params.event_type,
        source: params.source,
        webhookStatus: params.webhook_status,
        occurredAfter: params.occurred_at?.after,
        occurredBefore: params.occurred_at?.before,
        order: params.sort_by?.asc ? 'asc' : 'desc',
        limit: params.limit,
        cursor: seqCursor(params.offset),
      }),
  }),
  route({
    method: 'GET',
    path: 'events/:event_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveEvent(db, ids.event_id as string),
  }),
];

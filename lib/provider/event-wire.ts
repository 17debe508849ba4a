import { and, desc, eq, gt, inArray, lt, ne, notInArray, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import { events, webhookDeliveries } from '@/lib/db/schema';
import { errors } from './api/errors';
import { type Cursor, pageOf } from './api/pagination';
import { sha256 } from './crypto';
import { compact } from './serialize';

export type EventRow = typeof events.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A stable, non-secret id per endpoint in Chargebee's `whv2_` style (the URL may carry a token). */
export function webhookEndpointId(url: string): string {
  return `whv2_${sha256(url).slice(0, 17)}`;
}

/**
 * The event as Chargebee sends it, in the webhook body and from `GET /events/{id}`. `webhooks[]` lists
 * the endpoints whose first delivery attempt has finished.
 */
export function eventToWire(row: EventRow, deliveries: DeliveryRow[] = []) {
  const attempted = deliveries.filter((delivery) => delivery.lastAttemptAt !== null);
  return compact({
    id: row.id,
    occurred_at: row.occurredAt,
    source: row.source,
    user: row.user,
    object: 'event',
    api_version: 'v2',
    event_type: row.eventType,
    webhook_status: row.webhookStatus,
    content: row.content,
    webhooks:
      attempted.length > 0
        ? attempted.map((delivery) => ({
            id: webhookEndpointId(delivery.endpoint),
            webhook_status: delivery.status,
            object: 'webhook',
          }))
        : undefined,
  });
}

export type EnumFilter = { is?: string; is_not?: string; in?: string[]; not_in?: string[] };

export type EventQuery = {
  eventType?: EnumFilter;
  source?: EnumFilter;
  webhookStatus?: EnumFilter;
  occurredAfter?: number;
  occurredBefore?: number;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: Cursor;
};

function matching(column: AnyPgColumn, filter: EnumFilter | undefined): SQL[] {
  if (!filter) return [];
  return [
    filter.is === undefined ? undefined : eq(column, filter.is),
    filter.is_not === undefined ? undefined : ne(column, filter.is_not),
    filter.in === undefined ? undefined : inArray(column, filter.in),
    filter.not_in === undefined ? undefined : notInArray(column, filter.not_in),
  ].filter((condition): condition is SQL => condition !== undefined);
}

async function deliveriesOf(db: Database, ids: string[]): Promise<DeliveryRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.eventId, ids));
}

/** Events newest first (or oldest first), paged by an offset naming the last event returned. */
export async function listEvents(db: Database, query: EventQuery) {
  const { cursor, order } = query;
  const beyond = order === 'desc' ? lt : gt;
  const cursorSeq = cursor ? Number(cursor.id) : 0;
  const rows = await db
    .select()
    .from(events)
    .where(
      and(
        ...matching(events.eventType, query.eventType),
        ...matching(events.source, query.source),
        ...matching(events.webhookStatus, query.webhookStatus),
        query.occurredAfter === undefined ? undefined : gt(events.occurredAt, query.occurredAfter),
        query.occurredBefore === undefined ? undefined : lt(events.occurredAt, query.occurredBefore),
        cursor
          ? or(
              beyond(events.occurredAt, cursor.after),
              and(eq(events.occurredAt, cursor.after), beyond(events.seq, cursorSeq)),
            )
          : undefined,
      ),
    )
    .orderBy(
      ...(order === 'desc' ? [desc(events.occurredAt), desc(events.seq)] : [events.occurredAt, events.seq]),
    )
    .limit(query.limit + 1);
  const { page, nextOffset } = pageOf(rows, query.limit, (row) => ({
    after: row.occurredAt,
    id: String(row.seq),
  }));
  const deliveries = await deliveriesOf(
    db,
    page.map((row) => row.id),
  );
  const list = page.map((row) => ({
    event: eventToWire(
      row,
      deliveries.filter((delivery) => delivery.eventId === row.id),
    ),
  }));
  return { list, ...(nextOffset ? { next_offset: nextOffset } : {}) };
}

export async function retrieveEvent(db: Database, id: string) {
  const [row] = await db.select().from(events).where(eq(events.id, id));
  if (!row) throw errors.notFound(`event_id : event ${id} not found`, 'event_id');
  return { event: eventToWire(row, await deliveriesOf(db, [id])) };
}

import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { type BillingAddress, hostedPages } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { errors } from './api/errors';
import { type Cursor, olderThan, pageOf } from './api/pagination';
import { nextResourceVersion, nowSeconds } from './clock';
import { findCustomer } from './customers';
import { newId } from './ids';
import { requireItemPrice } from './item-prices';
import { compact } from './serialize';

export type HostedPageRow = typeof hostedPages.$inferSelect;

/** Checkout pages live three hours (Chargebee's documented figure). */
export const checkoutLifetimeSeconds = 3 * 3600;

export type CheckoutRequest = {
  item_price_id: string;
  quantity: number;
  customer: {
    id?: string;
    email?: string;
    first_name?: string;
    last_name?: string;
    company?: string;
    phone?: string;
  };
  subscription_id?: string;
  /** `subscription[trial_end]`: 0 for no trial, a future time for this trial end, absent for the plan's. */
  trial_end?: number;
  billing_address?: BillingAddress;
  redirect_url?: string;
  cancel_url?: string;
};

export function hostedPageUrl(id: string): string {
  return `${env().appUrl}/pages/v3/${id}/`;
}

export function hostedPageToWire(row: HostedPageRow) {
  return compact({
    id: row.id,
    type: row.type,
    url: hostedPageUrl(row.id),
    state: row.state,
    failure_reason: row.failureReason,
    pass_thru_content: row.passThruContent,
    embed: false,
    layout: 'full_page',
    created_at: row.createdAt,
    expires_at: row.expiresAt,
    updated_at: row.updatedAt,
    resource_version: row.resourceVersion,
    content: row.content ?? undefined,
    object: 'hosted_page',
  });
}

export function checkoutRequestOf(row: HostedPageRow): CheckoutRequest {
  return row.request as unknown as CheckoutRequest;
}

/**
 * `checkout_new_for_items`: a page where a customer picks up a plan and pays. The first item must be an
 * active plan; an existing `customer[id]` subscribes that customer, otherwise one is created on payment.
 */
export async function createCheckoutForItems(
  db: Database,
  request: CheckoutRequest,
  passThruContent?: string,
) {
  const price = await requireItemPrice(db, request.item_price_id, 'subscription_items[item_price_id][0]');
  if (price.itemType !== 'plan' || price.status !== 'active') {
    throw errors.paramWrongValue('subscription_items[item_price_id][0]', 'must be an active plan item price');
  }
  if (request.customer.id && !(await findCustomer(db, request.customer.id)) && !request.customer.email) {
    throw errors.paramWrongValue('customer[email]', 'is required when the customer does not exist yet');
  }
  const now = nowSeconds();
  if (request.trial_end !== undefined && request.trial_end !== 0 && request.trial_end <= now)
    throw errors.paramWrongValue('subscription[trial_end]', 'must be in the future (or 0 for no trial)');
  const [row] = await db
    .insert(hostedPages)
    .values({
      id: newId('', 32),
      type: 'checkout_new',
      state: 'created',
      customerId: request.customer.id,
      request: { ...request },
      passThruContent,
      expiresAt: now + checkoutLifetimeSeconds,
      createdAt: now,
      updatedAt: now,
      resourceVersion: nextResourceVersion(),
    })
    .returning();
  return { hosted_page: hostedPageToWire(row as HostedPageRow) };
}

export async function findHostedPage(db: Database, id: string): Promise<HostedPageRow | undefined> {
  const [row] = await db.select().from(hostedPages).where(eq(hostedPages.id, id));
  return row;
}

async function requireHostedPage(db: Database, id: string): Promise<HostedPageRow> {
  const row = await findHostedPage(db, id);
  if (!row) throw errors.notFound(`hosted_page_id : hosted page ${id} not found`, 'hosted_page_id');
  return row;
}

export async function retrieveHostedPage(db: Database, id: string) {
  return { hosted_page: hostedPageToWire(await requireHostedPage(db, id)) };
}

/** Moves a page between states with one conditional UPDATE; returns undefined when it was not in `from`. */
export async function transitionHostedPage(
  db: Database,
  id: string,
  from: string[],
  to: Partial<Pick<HostedPageRow, 'state' | 'content' | 'failureReason' | 'customerId'>>,
) {
  const current = await requireHostedPage(db, id);
  const [row] = await db
    .update(hostedPages)
    .set({ ...to, updatedAt: nowSeconds(), resourceVersion: nextResourceVersion(current.resourceVersion) })
    .where(and(eq(hostedPages.id, id), inArray(hostedPages.state, from)))
    .returning();
  return row;
}

/** Only a succeeded page can be acknowledged: the merchant has copied its result into their system. */
export async function acknowledgeHostedPage(db: Database, id: string) {
  const row = await transitionHostedPage(db, id, ['succeeded'], { state: 'acknowledged' });
  if (!row) {
    const current = await requireHostedPage(db, id);
    throw errors.invalidState(
      `The hosted page is ${current.state}; only a succeeded page can be acknowledged.`,
    );
  }
  return { hosted_page: hostedPageToWire(row) };
}

export async function listHostedPages(
  db: Database,
  options: { type?: string[]; state?: string[]; limit: number; cursor?: Cursor },
) {
  const { limit, cursor } = options;
  const rows = await db
    .select()
    .from(hostedPages)
    .where(
      and(
        options.type ? inArray(hostedPages.type, options.type) : undefined,
        options.state ? inArray(hostedPages.state, options.state) : undefined,
        olderThan(cursor, hostedPages.createdAt, hostedPages.id),
      ),
    )
    .orderBy(desc(hostedPages.createdAt), desc(hostedPages.id))
    .limit(limit + 1);
  const { page, nextOffset } = pageOf(rows, limit, (row) => ({ after: row.createdAt, id: row.id }));
  return {
    list: page.map((row) => ({ hosted_page: hostedPageToWire(row) })),
    ...(nextOffset ? { next_offset: nextOffset } : {}),
  };
}

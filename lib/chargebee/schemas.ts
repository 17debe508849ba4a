import { z } from 'zod';

// Only what the site reads. Optional attributes are omitted by Chargebee, never null; unknown keys
// are dropped, and status strings stay open so a new value from Chargebee does not break a page.
const timestamp = z.number().int().nonnegative();

export const linkedCustomerSchema = z.object({
  customer_id: z.string(),
  email: z.string().optional(),
  has_billing_address: z.boolean().optional(),
  has_payment_method: z.boolean().optional(),
  has_active_subscription: z.boolean().optional(),
});

export const portalSessionSchema = z.object({
  id: z.string(),
  token: z.string(),
  access_url: z.string(),
  redirect_url: z.string().optional(),
  status: z.string(),
  created_at: timestamp,
  expires_at: timestamp.optional(),
  customer_id: z.string(),
  login_at: timestamp.optional(),
  logout_at: timestamp.optional(),
  linked_customers: z.array(linkedCustomerSchema).optional(),
});

export const customerSchema = z.object({
  id: z.string(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  email: z.string().optional(),
  company: z.string().optional(),
  created_at: timestamp.optional(),
  resource_version: z.number().int().optional(),
  deleted: z.boolean().optional(),
});

export const subscriptionItemSchema = z.object({
  item_price_id: z.string(),
  item_type: z.string(),
  quantity: z.number().int().optional(),
  unit_price: z.number().int().optional(),
  amount: z.number().int().optional(),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  customer_id: z.string(),
  status: z.string(),
  currency_code: z.string().optional(),
  subscription_items: z.array(subscriptionItemSchema).optional(),
  billing_period: z.number().int().optional(),
  billing_period_unit: z.string().optional(),
  current_term_start: timestamp.optional(),
  current_term_end: timestamp.optional(),
  next_billing_at: timestamp.optional(),
  trial_start: timestamp.optional(),
  trial_end: timestamp.optional(),
  cancelled_at: timestamp.optional(),
  cancel_reason: z.string().optional(),
  due_invoices_count: z.number().int().optional(),
  due_since: timestamp.optional(),
  total_dues: z.number().int().optional(),
  pause_date: timestamp.optional(),
  resume_date: timestamp.optional(),
  start_date: timestamp.optional(),
  updated_at: timestamp.optional(),
  resource_version: z.number().int().optional(),
  deleted: z.boolean().optional(),
});

/** The part of an invoice the site reads: whether dunning will retry it, and when. */
export const invoiceSchema = z.object({
  id: z.string(),
  subscription_id: z.string().optional(),
  status: z.string(),
  amount_due: z.number().int().optional(),
  dunning_status: z.string().optional(),
  next_retry_at: timestamp.optional(),
  resource_version: z.number().int().optional(),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const itemPriceSchema = z.object({
  id: z.string(),
  name: z.string(),
  item_id: z.string().optional(),
  item_family_id: z.string().optional(),
  item_type: z.string().optional(),
  external_name: z.string().optional(),
  description: z.string().optional(),
  status: z.string().optional(),
  pricing_model: z.string(),
  price: z.number().int().optional(),
  currency_code: z.string(),
  period: z.number().int().optional(),
  period_unit: z.string().optional(),
  trial_period: z.number().int().optional(),
  trial_period_unit: z.string().optional(),
});

export const hostedPageSchema = z.object({
  id: z.string(),
  type: z.string(),
  url: z.string(),
  state: z.string(),
  embed: z.boolean().optional(),
  created_at: timestamp.optional(),
  expires_at: timestamp.optional(),
  updated_at: timestamp.optional(),
  pass_thru_content: z.string().optional(),
  content: z
    .object({ customer: customerSchema.optional(), subscription: subscriptionSchema.optional() })
    .optional(),
});

export const eventSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be an event id'),
  occurred_at: timestamp,
  source: z.string().optional(),
  object: z.literal('event').optional(),
  api_version: z.string().optional(),
  event_type: z.string().regex(/^[a-z0-9_]{1,100}$/, 'must be an event type'),
  webhook_status: z.string().optional(),
  content: z.record(z.string(), z.unknown()),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ list: z.array(item), next_offset: z.string().optional() });
}

export const portalSessionResponse = z.object({ portal_session: portalSessionSchema });
export const customerResponse = z.object({ customer: customerSchema });
export const hostedPageResponse = z.object({ hosted_page: hostedPageSchema });
export const eventResponse = z.object({ event: eventSchema });
export const itemPriceResponse = z.object({ item_price: itemPriceSchema });
export const subscriptionList = listOf(
  z.object({ subscription: subscriptionSchema, customer: customerSchema.optional() }),
);
export const itemPriceList = listOf(z.object({ item_price: itemPriceSchema }));

export type PortalSession = z.infer<typeof portalSessionSchema>;
export type Customer = z.infer<typeof customerSchema>;
export type Subscription = z.infer<typeof subscriptionSchema>;
export type ItemPrice = z.infer<typeof itemPriceSchema>;
export type HostedPage = z.infer<typeof hostedPageSchema>;
export type ChargebeeEvent = z.infer<typeof eventSchema>;

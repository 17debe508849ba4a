import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// Times are Unix seconds (the wire format); resource versions are milliseconds, as in Chargebee.
const unixTime = (name?: string) => (name ? bigint(name, { mode: 'number' }) : bigint({ mode: 'number' }));
const versioned = {
  createdAt: unixTime().notNull(),
  updatedAt: unixTime().notNull(),
  resourceVersion: unixTime().notNull(),
};

export type BillingAddress = {
  first_name?: string;
  last_name?: string;
  email?: string;
  company?: string;
  phone?: string;
  line1?: string;
  line2?: string;
  line3?: string;
  city?: string;
  state_code?: string;
  state?: string;
  zip?: string;
  country?: string;
  validation_status?: 'not_validated' | 'valid' | 'partially_valid' | 'invalid';
};

export type StoredCard = {
  first_name?: string;
  last_name?: string;
  iin: string;
  last4: string;
  brand: string;
  funding_type: string;
  expiry_month: number;
  expiry_year: number;
  masked_number: string;
};

export type SubscriptionItem = {
  item_price_id: string;
  item_type: 'plan' | 'addon' | 'charge';
  quantity: number;
  unit_price: number;
  amount: number;
  free_quantity: number;
};

export type LineItem = {
  id: string;
  subscription_id?: string;
  customer_id: string;
  date_from: number;
  date_to: number;
  unit_amount: number;
  quantity: number;
  amount: number;
  pricing_model: string;
  is_taxed: boolean;
  tax_amount: number;
  discount_amount: number;
  description: string;
  entity_type: string;
  entity_id?: string;
};

export type LinkedPayment = {
  txn_id: string;
  applied_amount: number;
  applied_at: number;
  txn_status: string;
  txn_date: number;
  txn_amount: number;
};

/** One dunning retry of an invoice, in Chargebee's `invoice.dunning_attempts[]` shape. */
export type DunningAttempt = {
  attempt: number;
  transaction_id?: string;
  dunning_type: 'auto_collect';
  created_at: number;
  txn_status?: string;
  txn_amount?: number;
  retry_engine: 'chargebee';
};

export const customers = pgTable(
  'customers',
  {
    id: text().primaryKey(),
    firstName: text(),
    lastName: text(),
    email: text(),
    phone: text(),
    company: text(),
    autoCollection: text().notNull().default('on'),
    preferredCurrencyCode: text(),
    billingAddress: jsonb().$type<BillingAddress>(),
    primaryPaymentSourceId: text(),
    backupPaymentSourceId: text(),
    deleted: boolean().notNull().default(false),
    ...versioned,
  },
  (t) => [index('customers_email_idx').on(sql`lower(${t.email})`)],
);

export const itemPrices = pgTable('item_prices', {
  id: text().primaryKey(),
  itemId: text().notNull(),
  itemFamilyId: text(),
  name: text().notNull(),
  externalName: text(),
  description: text(),
  itemType: text().notNull(),
  pricingModel: text().notNull(),
  price: integer().notNull(),
  currencyCode: text().notNull(),
  period: integer().notNull(),
  periodUnit: text().notNull(),
  trialPeriod: integer(),
  trialPeriodUnit: text(),
  /** What happens at trial end when there is no usable card: `site_default` (cancel, here) or an action. */
  trialEndAction: text(),
  status: text().notNull().default('active'),
  ...versioned,
});

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    status: text().notNull(),
    currencyCode: text().notNull(),
    billingPeriod: integer().notNull(),
    billingPeriodUnit: text().notNull(),
    items: jsonb().$type<SubscriptionItem[]>().notNull(),
    currentTermStart: unixTime(),
    currentTermEnd: unixTime(),
    nextBillingAt: unixTime(),
    trialStart: unixTime(),
    trialEnd: unixTime(),
    trialEndAction: text(),
    /** When `subscription_trial_end_reminder` falls due; cleared once recorded (or when the trial ends). */
    trialReminderAt: unixTime(),
    startDate: unixTime(),
    startedAt: unixTime(),
    activatedAt: unixTime(),
    cancelledAt: unixTime(),
    cancelScheduleCreatedAt: unixTime(),
    cancelReasonCode: text(),
    /** Chargebee's `cancel_reason` (`no_card`, `not_paid`, …) when the provider cancelled it. */
    cancelReason: text(),
    /** The term end the last `subscription_renewal_reminder` was sent for (one reminder a term). */
    renewalRemindedFor: unixTime(),
    pauseDate: unixTime(),
    resumeDate: unixTime(),
    remainingBillingCycles: integer(),
    paymentSourceId: text(),
    autoCollection: text(),
    dueInvoicesCount: integer().notNull().default(0),
    dueSince: unixTime(),
    totalDues: integer().notNull().default(0),
    /** A plan change waiting for the end of the term: the items it will switch to. */
    scheduledChanges: jsonb().$type<{ items: SubscriptionItem[]; at: number }>(),
    /** Credit from downgrades (minor units), applied to this subscription's next invoices. */
    creditBalance: integer().notNull().default(0),
    deleted: boolean().notNull().default(false),
    ...versioned,
  },
  (t) => [
    index('subscriptions_customer_idx').on(t.customerId, t.createdAt),
    index('subscriptions_due_idx').on(t.status, t.nextBillingAt),
  ],
);

export const paymentSources = pgTable(
  'payment_sources',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    type: text().notNull(),
    referenceId: text().notNull(),
    status: text().notNull(),
    gateway: text().notNull(),
    gatewayAccountId: text().notNull(),
    card: jsonb().$type<StoredCard>().notNull(),
    /** Test gateway only: the decline every charge on this card meets (e.g. insufficient funds). */
    declineCode: text(),
    /** The expiry moment the last `card_expiring` was sent for (one reminder an expiry date). */
    expiryRemindedFor: unixTime(),
    deleted: boolean().notNull().default(false),
    ...versioned,
  },
  (t) => [index('payment_sources_customer_idx').on(t.customerId, t.createdAt)],
);

export const invoiceNumbers = pgSequence('invoice_numbers', { startWith: 1001 });

export const invoices = pgTable(
  'invoices',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    subscriptionId: text().references(() => subscriptions.id),
    recurring: boolean().notNull(),
    status: text().notNull(),
    date: unixTime().notNull(),
    dueDate: unixTime(),
    paidAt: unixTime(),
    currencyCode: text().notNull(),
    subTotal: integer().notNull(),
    tax: integer().notNull().default(0),
    total: integer().notNull(),
    amountPaid: integer().notNull(),
    amountDue: integer().notNull(),
    creditsApplied: integer().notNull().default(0),
    firstInvoice: boolean().notNull().default(false),
    lineItems: jsonb().$type<LineItem[]>().notNull(),
    linkedPayments: jsonb().$type<LinkedPayment[]>().notNull(),
    billingAddress: jsonb().$type<BillingAddress>(),
    dunningStatus: text(),
    /** When dunning next retries the charge; null once it is paid, exhausted or not in dunning. */
    nextRetryAt: unixTime(),
    /**
     * The retries dunning has made, in order, as Chargebee's `dunning_attempts[]` (the failed charge
     * that started dunning is not one of them); their count is how many retries are used up.
     */
    dunningAttempts: jsonb().$type<DunningAttempt[]>().notNull().default([]),
    deleted: boolean().notNull().default(false),
    ...versioned,
  },
  (t) => [
    index('invoices_customer_idx').on(t.customerId, t.date),
    index('invoices_retry_idx').on(t.nextRetryAt),
    index('invoices_subscription_idx').on(t.subscriptionId, t.date),
  ],
);

export const transactions = pgTable('transactions', {
  id: text().primaryKey(),
  customerId: text()
    .notNull()
    .references(() => customers.id),
  subscriptionId: text(),
  paymentSourceId: text(),
  invoiceId: text(),
  type: text().notNull(),
  status: text().notNull(),
  amount: integer().notNull(),
  currencyCode: text().notNull(),
  date: unixTime().notNull(),
  errorCode: text(),
  errorText: text(),
  maskedCardNumber: text(),
  ...versioned,
});

export const hostedPages = pgTable('hosted_pages', {
  id: text().primaryKey(),
  type: text().notNull(),
  state: text().notNull(),
  customerId: text(),
  request: jsonb().$type<Record<string, unknown>>().notNull(),
  content: jsonb().$type<Record<string, unknown>>(),
  failureReason: text(),
  passThruContent: text(),
  expiresAt: unixTime().notNull(),
  ...versioned,
});

export const portalSessions = pgTable(
  'portal_sessions',
  {
    id: text().primaryKey(),
    /** SHA-256 of the token, for lookups by access URL. */
    tokenHash: text().notNull(),
    /** The token itself, AES-GCM encrypted, because retrieve must return it. */
    tokenSealed: text().notNull(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    status: text().notNull(),
    redirectUrl: text(),
    forwardUrl: text(),
    createdAt: unixTime().notNull(),
    expiresAt: unixTime().notNull(),
    loginAt: unixTime(),
    logoutAt: unixTime(),
    loginIpaddress: text(),
    logoutIpaddress: text(),
    updatedAt: unixTime().notNull(),
    /** SHA-256 of the portal's own browser cookie for this session, once a browser holds one. */
    cookieHash: text(),
  },
  (t) => [
    uniqueIndex('portal_sessions_token_hash_idx').on(t.tokenHash),
    uniqueIndex('portal_sessions_cookie_hash_idx').on(t.cookieHash),
    index('portal_sessions_customer_idx').on(t.customerId, t.status),
  ],
);

/** One-time email codes for the portal login and for confirming a new email address. */
export const portalLoginCodes = pgTable(
  'portal_login_codes',
  {
    id: text().primaryKey(),
    email: text().notNull(),
    purpose: text().notNull(),
    customerId: text(),
    codeHash: text().notNull(),
    attempts: integer().notNull().default(0),
    expiresAt: unixTime().notNull(),
    consumedAt: unixTime(),
    createdAt: unixTime().notNull(),
  },
  (t) => [index('portal_login_codes_email_idx').on(t.email, t.purpose, t.createdAt)],
);

/** Fixed-window counters shared by every instance: sends and tries per email and per client address. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text().notNull(),
    windowStart: bigint({ mode: 'number' }).notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/** Mail kept instead of sent when no SMTP server is configured (development, tests, the demo). */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    sentAt: unixTime().notNull(),
  },
  (t) => [index('mail_outbox_to_idx').on(t.to, t.id)],
);

export const events = pgTable(
  'events',
  {
    id: text().primaryKey(),
    seq: bigserial({ mode: 'number' }).notNull(),
    occurredAt: unixTime().notNull(),
    source: text().notNull(),
    user: text(),
    eventType: text().notNull(),
    content: jsonb().$type<Record<string, unknown>>().notNull(),
    webhookStatus: text().notNull(),
  },
  (t) => [uniqueIndex('events_seq_idx').on(t.seq), index('events_type_idx').on(t.eventType, t.seq)],
);

/** The webhook outbox: one row per event and endpoint, claimed with a lease so instances share it. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    eventId: text()
      .notNull()
      .references(() => events.id),
    endpoint: text().notNull(),
    status: text().notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: bigint({ mode: 'number' }).notNull(),
    leaseUntil: bigint({ mode: 'number' }),
    lastError: text(),
    lastAttemptAt: bigint({ mode: 'number' }),
    deliveredAt: bigint({ mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.endpoint] }),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text().primaryKey(),
  requestHash: text().notNull(),
  /** null while the first request with this key is still running. */
  responseStatus: integer(),
  responseBody: text(),
  createdAt: bigint({ mode: 'number' }).notNull(),
});

/**
 * The provider's one clock when the time machine has been started (a row named `delorean`); without a
 * row the provider runs on the real time. `clockAt` is the machine's time; a travel moves it step by
 * step towards `destinationTime`, so a travel cut short resumes from where it stood. The lease keeps
 * two instances from travelling at once.
 */
export const timeMachines = pgTable('time_machines', {
  name: text().primaryKey(),
  status: text().notNull(),
  /** What the worker is to do while `in_progress`: `start_afresh` or `travel_forward`. */
  operation: text().notNull(),
  genesisTime: unixTime().notNull(),
  destinationTime: unixTime().notNull(),
  clockAt: unixTime().notNull(),
  failureCode: text(),
  failureReason: text(),
  leaseOwner: text(),
  /** Real time in milliseconds until which `leaseOwner` may work on the travel. */
  leaseUntil: bigint({ mode: 'number' }),
  updatedAt: unixTime().notNull(),
});

// ---- The website's own records (the site half; it never reads the provider tables above). ----

/** What the site knows of a customer's entitlement, kept fresh by webhooks and live lookups. */
export const entitlements = pgTable('entitlements', {
  customerId: text().primaryKey(),
  subscriptionId: text(),
  status: text(),
  planId: text(),
  currentTermEnd: unixTime(),
  cancelledAt: unixTime(),
  /** Why it was cancelled (`not_paid` after failed payments), as the billing API says. */
  cancelReason: text(),
  trialEnd: unixTime(),
  nextBillingAt: unixTime(),
  currencyCode: text(),
  /** What the subscription owes (minor units) and since when: non-zero while a payment is in dunning. */
  totalDues: integer().notNull().default(0),
  dueSince: unixTime(),
  /** When dunning next retries the unpaid invoice, from the invoice events (null when none is planned). */
  nextRetryAt: unixTime(),
  /**
   * The feature ids the subscription's plan grants (its `subscription_entitlements`), or null while
   * unknown: a plan change or an entitlement event clears it, and the next reader looks it up live.
   */
  features: jsonb().$type<string[]>(),
  /** resource_version of the subscription this record was built from: older events never overwrite it. */
  resourceVersion: bigint({ mode: 'number' }).notNull(),
  syncedAt: bigint({ mode: 'number' }).notNull(),
});

/** Webhook events already applied, by event id, so a redelivery changes nothing. */
export const webhookReceipts = pgTable('webhook_receipts', {
  eventId: text().primaryKey(),
  eventType: text().notNull(),
  receivedAt: bigint({ mode: 'number' }).notNull(),
});

/**
 * Portal sessions the site opened for one sign-in (the session token's `sid`), so sign-out logs out
 * every one of them even when two tabs opened the portal at the same moment.
 */
export const sitePortalSessions = pgTable(
  'site_portal_sessions',
  {
    portalSessionId: text().primaryKey(),
    signInId: text().notNull(),
    customerId: text().notNull(),
    createdAt: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [index('site_portal_sessions_sign_in_idx').on(t.signInId)],
);

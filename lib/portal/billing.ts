import 'server-only';
import type { Database } from '@/lib/db/client';
import type { SubscriptionItem } from '@/lib/db/schema';
import { itemsAmount } from '@/lib/provider/billing';
import { listCustomerInvoices } from '@/lib/provider/invoices';
import { listItemPrices } from '@/lib/provider/item-prices';
import { cardStatus } from '@/lib/provider/payment-source-wire';
import { listCustomerPaymentSources } from '@/lib/provider/payment-sources';
import { requireCustomerSubscription, type SubscriptionRow } from '@/lib/provider/subscription-records';
import { termAmountDue } from '@/lib/provider/subscription-terms';
import { listCustomerSubscriptions } from '@/lib/provider/subscriptions';

export type PlanInfo = {
  id: string;
  name: string;
  description?: string;
  price: number;
  currencyCode: string;
  period: number;
  periodUnit: string;
  active: boolean;
};

export type SubscriptionView = {
  id: string;
  status: string;
  plan: { id: string; name: string };
  amount: number;
  currencyCode: string;
  billingPeriod: number;
  billingPeriodUnit: string;
  startDate?: number;
  startedAt?: number;
  trialEnd?: number;
  currentTermStart?: number;
  currentTermEnd?: number;
  nextBillingAt?: number;
  /** What the next renewal costs, after credit and any plan change scheduled for it. */
  nextAmount: number;
  /** Credit from downgrades, used for the next payments. */
  credit: number;
  /** What its unpaid invoices still owe (Chargebee's `total_dues`). */
  totalDues: number;
  cancelledAt?: number;
  /** Why it was cancelled, as Chargebee's `cancel_reason` (`not_paid` after dunning ran out). */
  cancelReason?: string;
  /** What trial end does when there is no card to charge (Chargebee's `trial_end_action`). */
  trialEndAction?: string;
  pauseDate?: number;
  resumeDate?: number;
  paymentSourceId?: string;
  scheduledChange?: {
    plan: { id: string; name: string };
    amount: number;
    at: number;
    billingPeriod: number;
    billingPeriodUnit: string;
  };
};

export type CardView = {
  id: string;
  brand: string;
  last4: string;
  expiryMonth: number;
  expiryYear: number;
  status: string;
  role: 'primary' | 'backup' | 'none';
  name?: string;
};

export type InvoiceView = {
  id: string;
  subscriptionId?: string;
  date: number;
  status: string;
  total: number;
  amountDue: number;
  currencyCode: string;
  /** Chargebee's `dunning_status`: `in_progress` while retries are scheduled, `exhausted` after. */
  dunningStatus?: string;
  nextRetryAt?: number;
  /** How many dunning retries have been made, and when the last one was. */
  retriesMade: number;
  lastAttemptAt?: number;
};

/** Every plan of the catalogue (archived ones too, so old subscriptions keep their names). */
export async function loadPlans(db: Database): Promise<PlanInfo[]> {
  const { list } = await listItemPrices(db, { itemType: ['plan'], limit: 100 });
  return list.map(({ item_price: price }) => ({
    id: price.id,
    name: price.name,
    description: price.description,
    price: price.price,
    currencyCode: price.currency_code,
    period: price.period,
    periodUnit: price.period_unit,
    active: price.status === 'active',
  }));
}

function planOf(items: SubscriptionItem[], plans: readonly PlanInfo[]) {
  const item = items.find((entry) => entry.item_type === 'plan') ?? items[0];
  const id = item?.item_price_id ?? '';
  return { id, name: plans.find((plan) => plan.id === id)?.name ?? id };
}

const orUndefined = (value: number | null) => value ?? undefined;

function scheduledChangeView(
  scheduled: { items: SubscriptionItem[]; at: number },
  amount: number,
  row: SubscriptionRow,
  plans: readonly PlanInfo[],
) {
  const plan = planOf(scheduled.items, plans);
  const info = plans.find((entry) => entry.id === plan.id);
  return {
    plan,
    amount,
    at: scheduled.at,
    billingPeriod: info?.period ?? row.billingPeriod,
    billingPeriodUnit: info?.periodUnit ?? row.billingPeriodUnit,
  };
}

export function subscriptionView(row: SubscriptionRow, plans: readonly PlanInfo[]): SubscriptionView {
  const scheduled = row.scheduledChanges;
  const scheduledAmount = scheduled ? itemsAmount(scheduled.items) : 0;
  const renewsIntoChange = scheduled !== null && scheduled.at <= (row.nextBillingAt ?? scheduled.at);
  return {
    id: row.id,
    status: row.status,
    plan: planOf(row.items, plans),
    amount: itemsAmount(row.items),
    currencyCode: row.currencyCode,
    billingPeriod: row.billingPeriod,
    billingPeriodUnit: row.billingPeriodUnit,
    startDate: orUndefined(row.startDate),
    startedAt: orUndefined(row.startedAt),
    trialEnd: orUndefined(row.trialEnd),
    currentTermStart: orUndefined(row.currentTermStart),
    currentTermEnd: orUndefined(row.currentTermEnd),
    nextBillingAt: orUndefined(row.nextBillingAt),
    nextAmount: renewsIntoChange ? Math.max(0, scheduledAmount - row.creditBalance) : termAmountDue(row),
    credit: row.creditBalance,
    totalDues: row.totalDues,
    cancelledAt: orUndefined(row.cancelledAt),
    cancelReason: row.cancelReason ?? undefined,
    trialEndAction: row.trialEndAction ?? undefined,
    pauseDate: orUndefined(row.pauseDate),
    resumeDate: orUndefined(row.resumeDate),
    paymentSourceId: row.paymentSourceId ?? undefined,
    scheduledChange: scheduled ? scheduledChangeView(scheduled, scheduledAmount, row, plans) : undefined,
  };
}

/** One of the customer's subscriptions, or a 404 `ApiError` when it is someone else's or missing. */
export async function loadSubscription(db: Database, customerId: string, subscriptionId: string) {
  const [row, plans] = await Promise.all([
    requireCustomerSubscription(db, customerId, subscriptionId),
    loadPlans(db),
  ]);
  return { subscription: subscriptionView(row, plans), plans };
}

/** The customer's subscriptions, newest first. */
export async function loadSubscriptions(db: Database, customerId: string): Promise<SubscriptionView[]> {
  const [{ list }, plans] = await Promise.all([listCustomerSubscriptions(db, customerId), loadPlans(db)]);
  const rows = await Promise.all(
    list.map(({ subscription }) => requireCustomerSubscription(db, customerId, subscription.id)),
  );
  return rows.map((row) => subscriptionView(row, plans));
}

const roleOrder = { primary: 0, backup: 1, none: 2 } as const;

/** The customer's cards: primary first, then backup, then the rest newest first. */
export async function loadCards(db: Database, customerId: string): Promise<CardView[]> {
  const entries = await listCustomerPaymentSources(db, customerId);
  return entries
    .map(({ paymentSource, role }) => {
      const { card } = paymentSource;
      const name = [card.first_name, card.last_name].filter(Boolean).join(' ');
      return {
        id: paymentSource.id,
        brand: card.brand,
        last4: card.last4,
        expiryMonth: card.expiry_month,
        expiryYear: card.expiry_year,
        status: paymentSource.status === 'valid' ? cardStatus(card) : paymentSource.status,
        role,
        name: name || undefined,
      };
    })
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role]);
}

/** A card a charge could use: not expired and not refused by the gateway. */
export function isUsableCard(card: Pick<CardView, 'status'>): boolean {
  return card.status === 'valid' || card.status === 'expiring';
}

/**
 * The card a subscription's next charge goes to, picked as the provider picks it: the subscription's
 * own card, else the primary, else the backup; undefined when none of them is usable.
 */
export function payingCard(
  subscription: Pick<SubscriptionView, 'paymentSourceId'>,
  cards: readonly CardView[],
): CardView | undefined {
  const usable = (match: (card: CardView) => boolean) =>
    cards.find((card) => match(card) && isUsableCard(card));
  return (
    usable((card) => card.id === subscription.paymentSourceId) ??
    usable((card) => card.role === 'primary') ??
    usable((card) => card.role === 'backup')
  );
}

export async function loadInvoices(db: Database, customerId: string, limit = 100): Promise<InvoiceView[]> {
  const { list } = await listCustomerInvoices(db, customerId, { limit });
  return list.map(({ invoice }) => {
    const attempts = invoice.dunning_attempts ?? [];
    return {
      id: invoice.id,
      subscriptionId: invoice.subscription_id ?? undefined,
      date: invoice.date,
      status: invoice.status,
      total: invoice.total,
      amountDue: invoice.amount_due,
      currencyCode: invoice.currency_code,
      dunningStatus: invoice.dunning_status ?? undefined,
      nextRetryAt: invoice.next_retry_at ?? undefined,
      retriesMade: attempts.length,
      lastAttemptAt: attempts.at(-1)?.created_at,
    };
  });
}

import type { Database } from '@/lib/db/client';
import type { SubscriptionItem } from '@/lib/db/schema';
import { errors } from './api/errors';
import { addPeriod, itemsAmount, prorate } from './billing';
import type { PeriodUnit } from './catalog';
import { nowSeconds } from './clock';
import { requireCustomer } from './customers';
import { recordEntitlementEvents } from './entitlements';
import type { EventSource } from './events';
import { type ChargeLine, recordInvoiceEvents } from './invoice-issue';
import {
  lockSubscription,
  recordSubscriptionEvent,
  requireStatus,
  requireSubscription,
  type SubscriptionChanges,
  type SubscriptionResult,
  type SubscriptionRow,
  saveSubscription,
} from './subscription-records';
import {
  chargeableSource,
  invoiceLines,
  type ResolvedItems,
  resolvePlanItems,
  type SubscriptionItemInput,
} from './subscription-terms';

export type ChangeOption = 'immediately' | 'end_of_term';
export type PlanChangeInput = { items: SubscriptionItemInput[]; changeOption?: ChangeOption };

export type PlanChangeQuote = {
  changeOption: ChangeOption;
  currencyCode: string;
  /** Charged now, after credit for the unused part of the current plan. */
  amountDueNow: number;
  /** Credit the subscription keeps for its next invoices after the change. */
  creditAfter: number;
  /** A change of billing period starts a new term now. */
  startsNewTerm: boolean;
  nextBillingAt?: number;
  /** What the first renewal after the change costs, after remaining credit. */
  nextRenewalAmount: number;
};

type Plan = { quote: PlanChangeQuote; lines: ChargeLine[]; changes: SubscriptionChanges };

const billedStatuses = new Set(['active', 'non_renewing']);

function sameItems(a: SubscriptionItem[], b: SubscriptionItem[]) {
  return (
    a.length === b.length &&
    a.every((item, i) => item.item_price_id === b[i]?.item_price_id && item.quantity === b[i]?.quantity)
  );
}

/**
 * Works out a plan change without writing anything. Same billing period: the rest of the term is
 * prorated, the new plan's share invoiced against credit for the old plan's unused share; a downgrade
 * leaves the difference as credit for later invoices. A new billing period starts a new term now.
 */
export function planPlanChange(
  row: SubscriptionRow,
  { plan, items }: ResolvedItems,
  changeOption: ChangeOption,
  now: number,
): Plan {
  const newAmount = itemsAmount(items);
  const base = { changeOption, currencyCode: row.currencyCode };
  if (changeOption === 'end_of_term') {
    const at = row.currentTermEnd ?? now;
    return {
      quote: {
        ...base,
        amountDueNow: 0,
        creditAfter: row.creditBalance,
        startsNewTerm: false,
        nextBillingAt: at,
        nextRenewalAmount: Math.max(0, newAmount - row.creditBalance),
      },
      lines: [],
      changes: { scheduledChanges: { items, at } },
    };
  }
  const newPeriod = { billingPeriod: plan.period, billingPeriodUnit: plan.periodUnit };
  const swap: SubscriptionChanges = { items, ...newPeriod, scheduledChanges: null };
  const start = row.currentTermStart;
  const end = row.currentTermEnd;
  if (!billedStatuses.has(row.status) || start === null || end === null) {
    return {
      quote: {
        ...base,
        amountDueNow: 0,
        creditAfter: row.creditBalance,
        startsNewTerm: false,
        nextBillingAt: row.nextBillingAt ?? undefined,
        nextRenewalAmount: Math.max(0, newAmount - row.creditBalance),
      },
      lines: [],
      changes: swap,
    };
  }
  const pool = row.creditBalance + prorate(itemsAmount(row.items), start, end, now);
  const samePeriod = plan.period === row.billingPeriod && plan.periodUnit === row.billingPeriodUnit;
  const termEnd = samePeriod ? end : addPeriod(now, plan.period, plan.periodUnit as PeriodUnit);
  const charge = samePeriod ? prorate(newAmount, start, end, now) : newAmount;
  const invoiced = !samePeriod || charge > pool - row.creditBalance;
  const creditAfter = Math.max(0, pool - charge);
  const lines: ChargeLine[] = invoiced
    ? [
        {
          price: plan,
          unitAmount: charge,
          quantity: 1,
          amount: charge,
          dateFrom: now,
          dateTo: termEnd,
          description: samePeriod ? `${plan.name} (prorated, rest of the current term)` : plan.name,
        },
      ]
    : [];
  return {
    quote: {
      ...base,
      amountDueNow: invoiced ? Math.max(0, charge - pool) : 0,
      creditAfter,
      startsNewTerm: !samePeriod,
      nextBillingAt: row.status === 'non_renewing' ? undefined : termEnd,
      nextRenewalAmount: row.status === 'non_renewing' ? 0 : Math.max(0, newAmount - creditAfter),
    },
    lines,
    changes: {
      ...swap,
      creditBalance: invoiced ? pool : creditAfter,
      ...(samePeriod
        ? {}
        : {
            currentTermStart: now,
            currentTermEnd: termEnd,
            ...(row.status === 'non_renewing' ? { cancelledAt: termEnd } : { nextBillingAt: termEnd }),
          }),
    },
  };
}

async function preparePlanChange(
  db: Database,
  row: SubscriptionRow,
  input: PlanChangeInput,
  now: number,
): Promise<Plan | 'remove_scheduled'> {
  const changeOption = input.changeOption ?? 'immediately';
  requireStatus(
    row,
    changeOption === 'immediately'
      ? ['future', 'in_trial', 'active', 'non_renewing']
      : ['in_trial', 'active'],
    changeOption === 'immediately' ? 'change the plan' : 'schedule a plan change for the end of the term',
  );
  const resolved = await resolvePlanItems(db, input.items);
  if (sameItems(resolved.items, row.items)) {
    if (changeOption === 'end_of_term' && row.scheduledChanges) return 'remove_scheduled';
    throw errors.paramWrongValue(
      'subscription_items[item_price_id][0]',
      `the subscription is already on ${resolved.plan.id}`,
    );
  }
  return planPlanChange(row, resolved, changeOption, now);
}

/** What a plan change would cost now and at the next renewal; changes nothing. */
export async function estimatePlanChange(
  db: Database,
  subscriptionId: string,
  itemPriceId: string,
  changeOption: ChangeOption = 'immediately',
  now = nowSeconds(),
): Promise<PlanChangeQuote> {
  const row = await requireSubscription(db, subscriptionId);
  const plan = await preparePlanChange(db, row, { items: [{ itemPriceId }], changeOption }, now);
  if (plan === 'remove_scheduled') {
    return {
      changeOption,
      currencyCode: row.currencyCode,
      amountDueNow: 0,
      creditAfter: row.creditBalance,
      startsNewTerm: false,
      nextBillingAt: row.nextBillingAt ?? undefined,
      nextRenewalAmount: Math.max(0, itemsAmount(row.items) - row.creditBalance),
    };
  }
  return plan.quote;
}

/**
 * Changes the plan now (prorated, invoiced and charged when something is due) or schedules it for the
 * end of the term. Asking at end of term for the current plan drops a scheduled change.
 */
export async function changeSubscriptionPlan(
  db: Database,
  subscriptionId: string,
  input: PlanChangeInput,
  source: EventSource,
  now = nowSeconds(),
): Promise<SubscriptionResult> {
  return db.transaction(async (tx) => {
    const row = await lockSubscription(tx, subscriptionId);
    const plan = await preparePlanChange(tx, row, input, now);
    if (plan === 'remove_scheduled') {
      const saved = await saveSubscription(tx, row, { scheduledChanges: null }, now);
      return recordSubscriptionEvent(tx, 'subscription_scheduled_changes_removed', saved, source);
    }
    if (plan.quote.changeOption === 'end_of_term') {
      const saved = await saveSubscription(tx, row, plan.changes, now);
      return recordSubscriptionEvent(tx, 'subscription_changes_scheduled', saved, source);
    }
    const customer = await requireCustomer(tx, row.customerId);
    await chargeableSource(tx, customer, row.paymentSourceId, plan.quote.amountDueNow, now);
    const changed = await saveSubscription(tx, row, plan.changes, now);
    const { row: billed, issued } = await invoiceLines(tx, changed, customer, plan.lines, {
      date: now,
      recurring: false,
    });
    const result = await recordSubscriptionEvent(tx, 'subscription_changed', billed, source, issued?.invoice);
    await recordEntitlementEvents(tx, row, billed, source);
    await recordInvoiceEvents(tx, issued, result, source);
    return result;
  });
}

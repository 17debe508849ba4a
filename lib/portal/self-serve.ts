import 'server-only';
import type { Database } from '@/lib/db/client';
import { errors } from '@/lib/provider/api/errors';
import { requireOwnPaymentSource } from '@/lib/provider/billing';
import { nowSeconds } from '@/lib/provider/clock';
import { collectCustomerDues } from '@/lib/provider/dunning';
import type { CardInput } from '@/lib/provider/gateway';
import { idPattern } from '@/lib/provider/ids';
import {
  addCard,
  deletePaymentSource,
  listCustomerPaymentSources,
  setPrimaryPaymentSource,
} from '@/lib/provider/payment-sources';
import {
  type ChangeOption,
  changeSubscriptionPlan,
  estimatePlanChange,
} from '@/lib/provider/subscription-changes';
import {
  type CancelOption,
  cancelSubscription,
  pauseSubscription,
  reactivateSubscription,
  removeScheduledCancellation,
  resumeSubscription,
} from '@/lib/provider/subscription-lifecycle';
import { requireCustomerSubscription } from '@/lib/provider/subscription-records';

/**
 * What a signed-in customer may do to their own billing. Every function takes the customer from the
 * portal session and refuses ids that are not that customer's with a 404 before anything changes.
 */

const source = 'portal';

function cardNotFound(id: string) {
  return errors.notFound(`payment_source_id : payment source ${id} not found`, 'payment_source_id');
}

async function requireOwnCard(db: Database, customerId: string, id: string) {
  if (!idPattern.test(id)) throw cardNotFound(id);
  const cards = await listCustomerPaymentSources(db, customerId);
  if (!cards.some(({ paymentSource }) => paymentSource.id === id)) throw cardNotFound(id);
}

/** The subscription when it is this customer's; a 404 otherwise (also for ids that are not ids). */
export async function requireOwnSubscription(db: Database, customerId: string, id: string) {
  if (!idPattern.test(id))
    throw errors.notFound(`subscription_id : subscription ${id} not found`, 'subscription_id');
  return requireCustomerSubscription(db, customerId, id);
}

/**
 * Saves a card, then pays with it whatever the customer owes (Chargebee's "collect now" from the
 * portal), so a customer in dunning who adds a working card is paid up at once.
 */
export async function addOwnCard(db: Database, customerId: string, card: CardInput, makePrimary: boolean) {
  const added = await addCard(db, customerId, card, { makePrimary }, source);
  const collected = await db.transaction((tx) =>
    collectCustomerDues(tx, customerId, {
      paymentSourceId: added.payment_source.id,
      at: nowSeconds(),
      source,
    }),
  );
  return { ...added, collected };
}

/**
 * Pays everything the customer owes with one of their own cards already on file (present and not
 * expired, or a 400/404 before anything is charged). Returns how many invoices were paid; a decline
 * leaves the rest due, with its failed transaction recorded as Chargebee records it.
 */
export async function payOwnDues(db: Database, customerId: string, paymentSourceId: string) {
  const at = nowSeconds();
  return db.transaction(async (tx) => {
    await requireOwnCard(tx, customerId, paymentSourceId);
    await requireOwnPaymentSource(tx, customerId, paymentSourceId, at);
    return collectCustomerDues(tx, customerId, { paymentSourceId, at, source });
  });
}

export async function removeOwnCard(db: Database, customerId: string, id: string) {
  return db.transaction(async (tx) => {
    await requireOwnCard(tx, customerId, id);
    return deletePaymentSource(tx, id, source);
  });
}

export async function makeOwnCardPrimary(db: Database, customerId: string, id: string) {
  await requireOwnCard(db, customerId, id);
  return setPrimaryPaymentSource(db, customerId, id, source);
}

export async function estimateOwnPlanChange(
  db: Database,
  customerId: string,
  subscriptionId: string,
  itemPriceId: string,
  changeOption: ChangeOption,
) {
  await requireOwnSubscription(db, customerId, subscriptionId);
  return estimatePlanChange(db, subscriptionId, itemPriceId, changeOption);
}

export async function changeOwnPlan(
  db: Database,
  customerId: string,
  subscriptionId: string,
  itemPriceId: string,
  changeOption: ChangeOption,
) {
  await requireOwnSubscription(db, customerId, subscriptionId);
  return changeSubscriptionPlan(db, subscriptionId, { items: [{ itemPriceId }], changeOption }, source);
}

export async function cancelOwnSubscription(
  db: Database,
  customerId: string,
  subscriptionId: string,
  cancelOption: CancelOption,
) {
  await requireOwnSubscription(db, customerId, subscriptionId);
  return cancelSubscription(db, subscriptionId, { cancelOption }, source);
}

export async function keepOwnSubscription(db: Database, customerId: string, subscriptionId: string) {
  await requireOwnSubscription(db, customerId, subscriptionId);
  return removeScheduledCancellation(db, subscriptionId, source);
}

export async function reactivateOwnSubscription(db: Database, customerId: string, subscriptionId: string) {
  await requireOwnSubscription(db, customerId, subscriptionId);
  return reactivateSubscription(db, subscriptionId, {}, source);
}

export async function pauseOwnSubscription(db: Database, customerId: string, subscriptionId: string) {
  await requireOwnSubscription(db, customerId, subscriptionId);
  return pauseSubscription(db, subscriptionId, { pauseOption: 'immediately' }, source);
}

export async function resumeOwnSubscription(db: Database, customerId: string, subscriptionId: string) {
  await requireOwnSubscription(db, customerId, subscriptionId);
  return resumeSubscription(db, subscriptionId, source);
}

import { eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { hostedPages } from '@/lib/db/schema';
import { errors } from './api/errors';
import { nowSeconds } from './clock';
import { createCustomer, findCustomer, updateBillingInfo } from './customers';
import { type CardInput, insufficientFundsDecline, vaultCard } from './gateway';
import {
  checkoutRequestOf,
  type HostedPageRow,
  hostedPageToWire,
  transitionHostedPage,
} from './hosted-pages';
import { newId } from './ids';
import { addCard } from './payment-sources';
import { createSubscriptionForItems } from './subscriptions';

export type CheckoutOutcome = { hostedPage: ReturnType<typeof hostedPageToWire>; returnUrl?: string };

/** Appends Chargebee's `id` and `state` to the merchant's URL, with `&` when it already has a query. */
export function withCheckoutResult(url: string | undefined, id: string, state: 'succeeded' | 'cancelled') {
  if (!url) return undefined;
  const target = new URL(url);
  target.searchParams.append('id', id);
  target.searchParams.append('state', state);
  return target.toString();
}

async function lockOpenPage(db: Database, id: string, now: number): Promise<HostedPageRow> {
  const [page] = await db.select().from(hostedPages).where(eq(hostedPages.id, id)).for('update');
  if (!page) throw errors.notFound(`hosted_page_id : hosted page ${id} not found`, 'hosted_page_id');
  if (page.state !== 'created' && page.state !== 'requested') {
    throw errors.invalidState(`This checkout is already ${page.state}.`);
  }
  if (page.expiresAt <= now)
    throw errors.invalidState('This checkout has expired. Start again from the merchant’s site.');
  return page;
}

/** The customer opened the page: `created` → `requested` (a later open changes nothing). */
export async function markCheckoutRequested(db: Database, id: string) {
  await transitionHostedPage(db, id, ['created'], { state: 'requested' });
}

/**
 * Pays a checkout: stores the card (for a trial, that is all that happens to it until the trial ends), subscribes the customer (created now when new, with a generated id
 * unless the page named one, and with the buyer's typed details; never matched by email, since Chargebee
 * does not deduplicate customers by email) and marks the page `succeeded` with its content, all in one
 * transaction. A declined card fails the whole checkout, so the customer can try another card and
 * nothing is left half done.
 */
export async function completeCheckout(
  db: Database,
  id: string,
  input: {
    card: CardInput;
    billingAddress?: Parameters<typeof updateBillingInfo>[2];
    /** What a new buyer typed under "Your details"; ignored when the page is for an existing customer. */
    buyer?: { email: string; first_name?: string; last_name?: string };
  },
): Promise<CheckoutOutcome> {
  return db.transaction(async (tx) => {
    const page = await lockOpenPage(tx, id, nowSeconds());
    const request = checkoutRequestOf(page);
    const vaulted = vaultCard(input.card);
    if (vaulted.declineCode === insufficientFundsDecline.code) {
      throw errors.paymentProcessingFailed(
        `The card was declined: ${insufficientFundsDecline.text.toLowerCase()}.`,
      );
    }
    const existing = request.customer.id ? await findCustomer(tx, request.customer.id) : undefined;
    const customerId = existing?.id ?? request.customer.id ?? newId();
    if (!existing) {
      const { buyer } = input;
      const details = buyer
        ? {
            ...request.customer,
            email: buyer.email,
            first_name: buyer.first_name,
            last_name: buyer.last_name,
          }
        : request.customer;
      if (!details.email) throw errors.paramWrongValue('customer[email]', 'is required for a new customer');
      await createCustomer(
        tx,
        {
          ...details,
          id: customerId,
          billing_address: input.billingAddress ?? request.billing_address,
        },
        'hosted_page',
      );
    } else if (input.billingAddress) {
      await updateBillingInfo(tx, customerId, input.billingAddress, 'hosted_page');
    }
    const { payment_source: card } = await addCard(
      tx,
      customerId,
      input.card,
      { makePrimary: true },
      'hosted_page',
    );
    const result = await createSubscriptionForItems(
      tx,
      customerId,
      {
        id: request.subscription_id,
        items: [{ itemPriceId: request.item_price_id, quantity: request.quantity }],
        paymentSourceId: card.id,
        trialEnd: request.trial_end,
        trialEndParam: 'subscription[trial_end]',
      },
      'hosted_page',
    );
    const succeeded = await transitionHostedPage(tx, id, ['created', 'requested'], {
      state: 'succeeded',
      customerId,
      content: { ...result },
    });
    if (!succeeded)
      throw errors.invalidState('This checkout changed while it was being paid. Reload the page.');
    return {
      hostedPage: hostedPageToWire(succeeded),
      returnUrl: withCheckoutResult(request.redirect_url, id, 'succeeded'),
    };
  });
}

/** The customer gave up: `cancelled`, and back to the merchant's cancel_url with the outcome. */
export async function cancelCheckout(db: Database, id: string): Promise<CheckoutOutcome> {
  const row = await transitionHostedPage(db, id, ['created', 'requested'], { state: 'cancelled' });
  if (!row) throw errors.invalidState('This checkout can no longer be cancelled.');
  return {
    hostedPage: hostedPageToWire(row),
    returnUrl: withCheckoutResult(checkoutRequestOf(row).cancel_url, id, 'cancelled'),
  };
}

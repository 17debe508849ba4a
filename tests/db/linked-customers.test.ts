import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, subscriptions } from '@/lib/db/schema';
import { ensureCatalog } from '@/lib/provider/catalog';
import { createCustomer } from '@/lib/provider/customers';
import {
  activatePortalSession,
  createLoginSession,
  createPortalSession,
  logoutPortalSession,
  retrievePortalSession,
} from '@/lib/provider/portal-sessions';
import { createSubscriptionForItems } from '@/lib/provider/subscriptions';
import { backends, type TestDatabase } from '../support/databases';
import { addStoredCard } from './billing-fixtures';

let counter = 0;
const unique = (prefix: string) => `${prefix}_${++counter}_${Date.now().toString(36)}`;

describe.each(backends())('linked_customers on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
    await ensureCatalog(database.handle.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function customer(id: string, email: string | undefined, createdAt: number) {
    const { db } = database.handle;
    await createCustomer(db, { id, email }, 'api');
    await db.update(customers).set({ createdAt }).where(eq(customers.id, id));
  }

  /** Three customers share one email in different cases; one of them pays, one more is deleted. */
  async function family() {
    const { db } = database.handle;
    const base = unique('fam');
    const email = `${base}@example.com`;
    const ids = {
      newest: `${base}_newest`,
      paying: `${base}_paying`,
      oldest: `${base}_oldest`,
      deleted: `${base}_deleted`,
      other: `${base}_other`,
    };
    await customer(ids.newest, email, 3000);
    await customer(ids.paying, email.toUpperCase(), 2000);
    await customer(ids.oldest, email, 1000);
    await customer(ids.deleted, email, 500);
    await db.update(customers).set({ deleted: true }).where(eq(customers.id, ids.deleted));
    await customer(ids.other, `other.${email}`, 100);
    await db
      .update(customers)
      .set({ billingAddress: { line1: '1 Main St', city: 'Springfield', country: 'US' } })
      .where(eq(customers.id, ids.paying));
    const card = await addStoredCard(db, ids.paying, '4111111111111111', true);
    await createSubscriptionForItems(
      db,
      ids.paying,
      { trialEnd: 0, items: [{ itemPriceId: 'reader-USD-monthly', quantity: 1 }], paymentSourceId: card },
      'api',
    );
    return { email, ids };
  }

  it('lists every customer sharing the email, own first then oldest first, with flags true to the data', async () => {
    const { db } = database.handle;
    const { email, ids } = await family();
    const { portal_session } = await createPortalSession(db, { customerId: ids.newest });
    const expected = [
      {
        customer_id: ids.newest,
        email,
        has_billing_address: false,
        has_payment_method: false,
        has_active_subscription: false,
        object: 'linked_customer',
      },
      {
        customer_id: ids.oldest,
        email,
        has_billing_address: false,
        has_payment_method: false,
        has_active_subscription: false,
        object: 'linked_customer',
      },
      {
        customer_id: ids.paying,
        email: email.toUpperCase(),
        has_billing_address: true,
        has_payment_method: true,
        has_active_subscription: true,
        object: 'linked_customer',
      },
    ];
    expect(portal_session.linked_customers).toEqual(expected);
    expect((await retrievePortalSession(db, portal_session.id)).portal_session.linked_customers).toEqual(
      expected,
    );
    expect((await logoutPortalSession(db, portal_session.id)).portal_session.linked_customers).toEqual(
      expected,
    );

    const login = await createLoginSession(db, ids.paying);
    const activated = await activatePortalSession(db, login.id, login.token);
    expect(activated.portal_session.linked_customers.map((entry) => entry.customer_id)).toEqual([
      ids.paying,
      ids.oldest,
      ids.newest,
    ]);
  });

  it('counts only in_trial, active and non_renewing subscriptions as active', async () => {
    const { db } = database.handle;
    const { ids } = await family();
    await db
      .update(subscriptions)
      .set({ status: 'cancelled' })
      .where(eq(subscriptions.customerId, ids.paying));
    const { portal_session } = await createPortalSession(db, { customerId: ids.oldest });
    const paying = portal_session.linked_customers.find((entry) => entry.customer_id === ids.paying);
    expect(paying).toMatchObject({ has_payment_method: true, has_active_subscription: false });
    await db
      .update(subscriptions)
      .set({ status: 'non_renewing' })
      .where(eq(subscriptions.customerId, ids.paying));
    const again = await retrievePortalSession(db, portal_session.id);
    expect(
      again.portal_session.linked_customers.find((entry) => entry.customer_id === ids.paying)
        ?.has_active_subscription,
    ).toBe(true);
  });

  it('links a customer without an email only to itself', async () => {
    const { db } = database.handle;
    const id = unique('noemail');
    await customer(id, undefined, 1000);
    await customer(unique('noemail'), undefined, 900);
    const { portal_session } = await createPortalSession(db, { customerId: id });
    expect(portal_session.linked_customers).toEqual([
      {
        customer_id: id,
        has_billing_address: false,
        has_payment_method: false,
        has_active_subscription: false,
        object: 'linked_customer',
      },
    ]);
  });
});

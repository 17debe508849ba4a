import { describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { loadInvoices } from '@/lib/portal/billing';
import { duesOf } from '@/lib/portal/dues';
import { payOwnDues } from '@/lib/portal/self-serve';
import { atTime } from '@/lib/provider/clock';
import { backends } from '../support/databases';
import {
  addStoredCard,
  apiError,
  decliningCard,
  goodCard,
  invoicesFor,
  newCustomer,
  subscribePaid,
  t0,
  transactionsFor,
  useCatalogDatabase,
} from './billing-fixtures';

describe.each(backends())('paying dues from the portal on $name', (backend) => {
  let db: Database;
  useCatalogDatabase(backend, (opened) => {
    db = opened;
  });

  it('pays with a card on file: a decline keeps it due with its retry, a good card pays it at once', async () => {
    const customerId = await newCustomer(db, decliningCard);
    const { subscription } = await subscribePaid(db, customerId);
    const [declined] = await invoicesFor(db, subscription.id);
    expect(declined).toMatchObject({ status: 'payment_due', dunningStatus: 'in_progress' });
    const dues = duesOf(await loadInvoices(db, customerId));
    expect(dues?.total).toBe(900);
    const [primary] = (await db.query.paymentSources.findMany()).filter(
      (card) => card.customerId === customerId,
    );

    const retried = await atTime(t0 + 3600, () => payOwnDues(db, customerId, primary?.id as string));
    expect(retried).toBe(0);
    const [still] = await invoicesFor(db, subscription.id);
    expect(still).toMatchObject({ status: 'payment_due', nextRetryAt: declined?.nextRetryAt });

    const stranger = await newCustomer(db, goodCard);
    const [theirs] = (await db.query.paymentSources.findMany()).filter(
      (card) => card.customerId === stranger,
    );
    const refused = await apiError(atTime(t0 + 3600, () => payOwnDues(db, customerId, theirs?.id as string)));
    expect(refused.status).toBe(404);
    expect(await transactionsFor(db, subscription.id)).toHaveLength(2);

    const good = await addStoredCard(db, customerId, goodCard, false);
    expect(await atTime(t0 + 7200, () => payOwnDues(db, customerId, good))).toBe(1);
    const [paid] = await invoicesFor(db, subscription.id);
    expect(paid).toMatchObject({ status: 'paid', amountDue: 0, dunningStatus: 'success', paidAt: t0 + 7200 });
    expect(duesOf(await loadInvoices(db, customerId))).toBeUndefined();
  });
});

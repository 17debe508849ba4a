import type { Database } from '@/lib/db/client';
import { ensureCatalog } from './catalog';
import { atTime, nowSeconds } from './clock';
import { createCustomer, findCustomerByEmail, updateBillingInfo } from './customers';
import { addCard } from './payment-sources';
import { runScheduledBilling } from './scheduled-billing';
import { cancelSubscription } from './subscription-lifecycle';
import { createSubscriptionForItems } from './subscriptions';
import { standMachineAt } from './time-machine';

const day = 86_400;

export const demoCustomers = {
  ada: 'ada@example.com',
  ben: 'ben@example.com',
  cleo: 'cleo@example.com',
  dana: 'dana@example.com',
  eli: 'eli@example.com',
  fay: 'fay@example.com',
} as const;

/** Chargebee's test card that always declines (insufficient funds). */
const decliningCard = '4005519200000004';

function monthsAgo(months: number, now: number): number {
  const date = new Date(now * 1000);
  date.setUTCMonth(date.getUTCMonth() - months);
  return Math.floor(date.getTime() / 1000);
}

function subscribe(
  db: Database,
  customerId: string,
  id: string,
  options: { trial?: boolean; itemPriceId?: string } = {},
) {
  return createSubscriptionForItems(
    db,
    customerId,
    // Paid from the start unless asked (the plan's 14-day trial): the demo history is months of
    // renewals and invoices.
    {
      id,
      items: [{ itemPriceId: options.itemPriceId ?? 'reader-USD-monthly', quantity: 1 }],
      ...(options.trial ? {} : { trialEnd: 0 }),
    },
    'system',
  );
}

async function addCustomer(db: Database, id: string, email: string, name: [string, string]) {
  await createCustomer(db, { id, email, first_name: name[0], last_name: name[1] }, 'system');
}

/**
 * Demo data made through the same services as live changes, at the moments they would have happened:
 * Ada has subscribed for three months (four paid invoices), Ben has never subscribed, Cleo's
 * subscription was cancelled last month, Dana's free trial ends in two days, and Eli's card will
 * decline at tomorrow's renewal (his first month was paid with a card he has since replaced by one
 * that declines), and Fay has been a Patron for two months, so she reads the long reads. Running it
 * again changes nothing. With `monthBehind` (the
 * demo) all that happens up to a month ago and the time machine is left standing there, so Ada's next
 * renewal falls due within the month a demo can travel through.
 */
export async function seedDemoData(
  db: Database,
  options: { monthBehind?: boolean } = {},
): Promise<{ created: boolean }> {
  await ensureCatalog(db);
  if (await findCustomerByEmail(db, demoCustomers.ada)) return { created: false };
  const now = options.monthBehind ? monthsAgo(1, nowSeconds()) : nowSeconds();
  const card = { number: '4111111111111111', expiry_month: 12, expiry_year: new Date().getUTCFullYear() + 3 };

  const adaStart = monthsAgo(3, now) - 3600;
  await atTime(adaStart, async () => {
    await addCustomer(db, 'ada', demoCustomers.ada, ['Ada', 'Lovelace']);
    await updateBillingInfo(
      db,
      'ada',
      { line1: '12 St James Square', city: 'London', zip: 'SW1Y 4JH', country: 'GB' },
      'system',
    );
    await addCard(db, 'ada', { ...card, first_name: 'Ada', last_name: 'Lovelace' }, {}, 'system');
    await subscribe(db, 'ada', 'ada-reader');
  });
  await atTime(monthsAgo(2, now), async () => {
    await addCustomer(db, 'cleo', demoCustomers.cleo, ['Cleo', 'Martins']);
    await addCard(db, 'cleo', { ...card, number: '5555555555554444' }, {}, 'system');
    await subscribe(db, 'cleo', 'cleo-reader');
  });
  await atTime(monthsAgo(2, now) + 5 * day, async () => {
    await addCustomer(db, 'fay', demoCustomers.fay, ['Fay', 'Adeyemi']);
    await addCard(db, 'fay', { ...card, first_name: 'Fay', last_name: 'Adeyemi' }, {}, 'system');
    await subscribe(db, 'fay', 'fay-patron', { itemPriceId: 'patron-USD-monthly' });
  });
  await atTime(monthsAgo(1, now) + day, async () => {
    await addCustomer(db, 'eli', demoCustomers.eli, ['Eli', 'Novak']);
    await addCard(db, 'eli', { ...card, number: '5555555555554444' }, {}, 'system');
    await subscribe(db, 'eli', 'eli-reader');
  });
  await atTime(now - 12 * day, async () => {
    await addCustomer(db, 'dana', demoCustomers.dana, ['Dana', 'Reyes']);
    await addCard(db, 'dana', { ...card, first_name: 'Dana', last_name: 'Reyes' }, {}, 'system');
    await subscribe(db, 'dana', 'dana-reader', { trial: true });
  });
  await atTime(now - 3 * day, () =>
    addCard(db, 'eli', { ...card, number: decliningCard }, { makePrimary: true }, 'system'),
  );
  await addCustomer(db, 'ben', demoCustomers.ben, ['Ben', 'Okafor']);

  // Let time pass a day at a time so renewals happen when they fall due; Cleo cancels 20 days ago.
  const cleoCancels = now - 20 * day;
  const checkpoints: number[] = [];
  for (let at = adaStart + day; at < now; at += day) checkpoints.push(at);
  checkpoints.push(now);
  let cancelled = false;
  for (const at of checkpoints) {
    if (!cancelled && at >= cleoCancels) {
      await atTime(cleoCancels, () =>
        cancelSubscription(db, 'cleo-reader', { cancelOption: 'immediately' }, 'system', cleoCancels),
      );
      cancelled = true;
    }
    await atTime(at, () => runScheduledBilling(db, at));
  }
  if (options.monthBehind) await standMachineAt(db, adaStart, now);
  return { created: true };
}

import { expect, test } from '@playwright/test';
import type Chargebee from 'chargebee';
import type { TestServer } from '@/tests/support/server';
import { uniqueEmail } from './portal-support';
import { captureWidths } from './screenshot-support';
import { expectNoAxeViolations } from './support/axe';
import { day, realNow, startMachineAt, timeTravelServer } from './time-travel-support';

let server: TestServer;
let cb: Chargebee;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ server, cb } = await timeTravelServer());
});
test.afterAll(async () => {
  await server?.close();
});

test('the panel moves the provider a day on and lists the events that emitted, with their delivery', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const genesis = realNow() - 3 * day;
  await startMachineAt(cb, genesis);
  // A trial that ends twelve hours from the machine's time: the next day's travel activates it.
  const { customer } = await cb.customer.create({ email: uniqueEmail('travel'), first_name: 'Tom' });
  await cb.paymentSource.createCard({
    customer_id: customer.id,
    card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
  });
  const { subscription } = await cb.subscription.createWithItems(customer.id, {
    subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
    trial_end: genesis + day / 2,
  });

  await page.goto(`${server.url}/dev/mailbox`);
  await page.getByRole('link', { name: 'time travel' }).click();
  await expect(page.getByRole('heading', { name: 'Time travel', level: 1 })).toBeVisible();
  const clock = page.getByTestId('provider-time');
  const before = await clock.textContent();
  await expect(page.getByTestId('jump-trial_end')).toContainText(subscription.id);
  // Three days behind the present: a week on would reach it, so that button is refused with the reason.
  await expect(page.getByRole('button', { name: '+1 week' })).toBeDisabled();
  await expect(page.getByTestId('jump-week')).toContainText('never travels to or beyond the present');

  await page.getByRole('button', { name: '+1 day' }).click();
  await expect(page).toHaveURL(/jump=day/);
  await expect(clock).not.toHaveText(before ?? '');
  const { time_machine } = await cb.timeMachine.retrieve('delorean');
  expect(time_machine).toMatchObject({ time_travel_status: 'succeeded', destination_time: genesis + day });

  const events = page.getByTestId('travel-event');
  await expect(events.first()).toBeVisible();
  expect(await events.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-type')))).toEqual([
    'subscription_activated',
    'invoice_generated',
    'payment_succeeded',
  ]);
  await expect(events.first()).toContainText(subscription.id);
  // Deliveries to the site's webhook run in the background: refresh until each one says so.
  await expect(async () => {
    await page.getByRole('link', { name: 'Refresh delivery status' }).click();
    expect(await events.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-webhook')))).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
  }).toPass({ timeout: 30_000 });
  await expect(events.first()).toContainText('Delivered');
  await captureWidths(page, 'dev-time-travel');
  await expectNoAxeViolations(page, 'time-travel panel after a jump');
});

test('a time-changing POST from another site is refused and changes nothing', async () => {
  const { time_machine: before } = await cb.timeMachine.retrieve('delorean');
  const response = await fetch(`${server.url}/api/dev/time-travel`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'Sec-Fetch-Site': 'cross-site',
      Origin: 'https://evil.example',
    },
    body: 'jump=day',
    redirect: 'manual',
  });
  expect(response.status).toBe(403);
  const { time_machine: after } = await cb.timeMachine.retrieve('delorean');
  expect(after.destination_time).toBe(before.destination_time);
});

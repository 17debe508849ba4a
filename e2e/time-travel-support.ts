import Chargebee from 'chargebee';
import { testApiKey } from '@/tests/support/constants';
import { startTestServer, type TestServer } from '@/tests/support/server';

export const day = 86_400;
export const realNow = () => Math.floor(Date.now() / 1000);

/**
 * A server of the spec's own (start_afresh wipes every customer and stops the shared clock, so a spec
 * that travels in time never shares a server) and the official SDK pointed at it.
 */
export async function timeTravelServer(): Promise<{ server: TestServer; cb: Chargebee }> {
  const server = await startTestServer();
  const url = new URL(server.url);
  const cb = new Chargebee({
    site: url.hostname,
    hostSuffix: '',
    protocol: 'http',
    port: Number(url.port),
    apiKey: testApiKey,
    sdkTelemetryEnabled: false,
  });
  return { server, cb };
}

/** Polls the machine until its travel is done, as Chargebee asks clients to. */
export async function waitForMachine(cb: Chargebee) {
  for (let i = 0; i < 300; i++) {
    const { time_machine } = await cb.timeMachine.retrieve('delorean');
    if (time_machine.time_travel_status !== 'in_progress') return time_machine;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the time machine never finished');
}

export async function startMachineAt(cb: Chargebee, genesis: number) {
  await cb.timeMachine.startAfresh('delorean', { genesis_time: genesis });
  const machine = await waitForMachine(cb);
  if (machine.time_travel_status !== 'succeeded')
    throw new Error(`start_afresh ${machine.time_travel_status}`);
}

export async function travelTo(cb: Chargebee, destination: number) {
  await cb.timeMachine.travelForward('delorean', { destination_time: destination });
  const machine = await waitForMachine(cb);
  if (machine.time_travel_status !== 'succeeded') throw new Error(`travel ${machine.time_travel_status}`);
}

const card = (number: string) => ({ number, expiry_month: 12, expiry_year: 2035, cvv: '123' });

/**
 * A reader who paid for a month with a good card, then made a card that declines their primary: the
 * renewal will fail. Returns the customer and the subscription.
 */
export async function readerWhoseRenewalWillDecline(cb: Chargebee, email: string) {
  const { customer } = await cb.customer.create({ email, first_name: 'Dana', last_name: 'Decline' });
  await cb.paymentSource.createCard({ customer_id: customer.id, card: card('4111111111111111') });
  const { subscription } = await cb.subscription.createWithItems(customer.id, {
    subscription_items: [{ item_price_id: 'reader-USD-monthly' }],
    trial_end: 0,
  });
  const { payment_source } = await cb.paymentSource.createCard({
    customer_id: customer.id,
    card: card('4005519200000004'),
  });
  await cb.customer.assignPaymentRole(customer.id, { payment_source_id: payment_source.id, role: 'primary' });
  return { customer, subscription };
}

/** An SSO access URL's path for the customer, as "Manage billing" makes one (optionally deep-linked). */
export async function portalAccessPath(
  cb: Chargebee,
  customerId: string,
  siteUrl: string,
  forwardUrl?: string,
) {
  const { portal_session } = await cb.portalSession.create({
    customer: { id: customerId },
    redirect_url: `${siteUrl}/`,
    ...(forwardUrl ? { forward_url: forwardUrl } : {}),
  });
  return new URL(portal_session.access_url).pathname;
}

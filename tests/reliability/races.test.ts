import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedCode } from '../mail/portal-client';
import { api, createCustomerWithEmail, uniqueId } from '../support/api';
import { Browser, location, newSubscriber, portalSessionStatus, signIn } from './support/browser';
import { deliverWebhook, subscriptionEvents, type WireEvent } from './support/events';
import { type Deployment, startDeployment } from './support/instances';

let deployment: Deployment;
let a: string;
let b: string;
const either = (i: number) => (i % 2 === 0 ? a : b);

const slug = 'the-boring-database-wins';
const membersOnly = 'This single habit will teach you more about the durability of your system';

beforeAll(async () => {
  // Webhooks go nowhere, so the site learns of a change only from the events these tests send it.
  deployment = await startDeployment(2, { PROVIDER_WEBHOOK_URL: 'http://127.0.0.1:9/unused' });
  [a, b] = deployment.instances.map((instance) => instance.url) as [string, string];
});

afterAll(async () => {
  await deployment?.close();
});

/** A portal-login return: an auth session in not_yet_activated, with its one-time token. */
async function authSession() {
  const email = `${uniqueId('race_auth')}@example.com`;
  await createCustomerWithEmail(email, { baseUrl: a });
  const browser = new Browser();
  await browser.post(a, '/portal/login/send-code', { email });
  const code = await mailedCode(a, email);
  const returnUrl = `${a}/auth/portal/return?state=x&next=%2Fmembers`;
  const verified = await browser.post(a, '/portal/login/verify-code', { email, code, return_url: returnUrl });
  const params = new URL(location(verified)).searchParams;
  return { id: params.get('auth_session_id') ?? '', token: params.get('auth_session_token') ?? '' };
}

async function article(browser: Browser, base: string) {
  const page = await browser.get(base, `/members/${slug}`);
  if (page.status === 200) return (await page.text()).includes(membersOnly) ? 'granted' : 'no content';
  await page.body?.cancel();
  return `${page.status} ${location(page)}`;
}

describe('races, with the requests spread over two instances', () => {
  it('activates one auth session exactly once among 100 concurrent activations', async () => {
    const { id, token } = await authSession();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        api('POST', `portal_sessions/${id}/activate`, { token }, { baseUrl: either(i) }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
    expect(await portalSessionStatus(b, id)).toBe('activated');
  });

  it('opens one access URL exactly once among 100 concurrent uses', async () => {
    const subscriber = await newSubscriber(a, uniqueId('race_sso'));
    const created = await api(
      'POST',
      'portal_sessions',
      { customer: { id: subscriber.id }, redirect_url: `${a}/account` },
      { baseUrl: b },
    );
    const accessUrl = (created.body.portal_session as { access_url: string }).access_url;
    const path = new URL(accessUrl).pathname;
    const browsers = Array.from({ length: 100 }, () => new Browser());
    const answers = await Promise.all(browsers.map((browser, i) => browser.get(either(i), path)));
    const opened = browsers.filter((browser, i) => {
      const answer = answers[i] as Response;
      return location(answer) === '/portal' && browser.jar.get('gatehouse_portal') !== undefined;
    });
    expect(opened).toHaveLength(1);
    const ended = answers.filter((answer) => location(answer).startsWith('/portal/access-ended?reason=used'));
    expect(ended).toHaveLength(99);
    expect((await (opened[0] as Browser).get(b, '/portal')).status).toBe(200);
  });

  it('keeps one subscription consistent under concurrent plan changes and cancellations', async () => {
    const subscriber = await newSubscriber(a, uniqueId('race_plan'));
    const sub = subscriber.subscriptionId;
    const plans = ['patron-USD-monthly', 'reader-USD-monthly', 'patron-USD-yearly', 'reader-USD-yearly'];
    const requests = [
      ...Array.from({ length: 12 }, (_, i) => ({
        kind: 'change',
        path: `subscriptions/${sub}/update_for_items`,
        params: { subscription_items: { item_price_id: [plans[i % plans.length]] } },
      })),
      ...Array.from({ length: 3 }, () => ({
        kind: 'schedule_cancel',
        path: `subscriptions/${sub}/cancel_for_items`,
        params: { cancel_option: 'end_of_term' },
      })),
      ...Array.from({ length: 3 }, () => ({
        kind: 'cancel',
        path: `subscriptions/${sub}/cancel_for_items`,
        params: { cancel_option: 'immediately' },
      })),
    ];
    const answers = await Promise.all(
      requests.map((request, i) => api('POST', request.path, request.params, { baseUrl: either(i) })),
    );
    const ok = (kind: string) =>
      answers.filter((answer, i) => requests[i]?.kind === kind && answer.status === 200);
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    for (const answer of answers) {
      if (answer.status !== 200) expect([400, 409]).toContain(answer.status);
    }
    // Cancelled once, and nothing changed it after that.
    expect(ok('cancel')).toHaveLength(1);
    const finalAnswer = await api('GET', `subscriptions/${sub}`, {}, { baseUrl: b });
    const final = finalAnswer.body.subscription as { status: string; resource_version: number };
    expect(final.status).toBe('cancelled');

    // Every successful request is one event, in the order the answers' versions say; the last is the final state.
    const events = await subscriptionEvents(b, sub);
    const count = (type: string) => events.filter((event) => event.event_type === type).length;
    expect(count('subscription_changed')).toBe(ok('change').length);
    expect(count('subscription_cancellation_scheduled')).toBe(ok('schedule_cancel').length);
    expect(count('subscription_cancelled')).toBe(1);
    const versions = answers
      .filter((answer) => answer.status === 200)
      .map((answer) => (answer.body.subscription as { resource_version: number }).resource_version);
    expect(new Set(versions).size).toBe(versions.length);
    const last = events.at(-1) as WireEvent & { content: { subscription: { resource_version: number } } };
    expect(last.content.subscription.resource_version).toBe(final.resource_version);
    expect(Math.max(...versions)).toBe(final.resource_version);

    // Every invoice is one the answers and the events name, and each was generated once.
    const invoices = await api('GET', `subscriptions/${sub}/invoices`, { limit: 100 }, { baseUrl: a });
    const invoiceIds = (invoices.body.list as { invoice: { id: string } }[]).map((entry) => entry.invoice.id);
    const generated = (
      await api('GET', 'events', { event_type: { is: 'invoice_generated' }, limit: 100 }, { baseUrl: a })
    ).body.list as { event: { content: { invoice: { id: string; subscription_id?: string } } } }[];
    const generatedIds = generated
      .map((entry) => entry.event.content.invoice)
      .filter((invoice) => invoice.subscription_id === sub)
      .map((invoice) => invoice.id);
    expect([...generatedIds].sort()).toEqual([...invoiceIds].sort());
    const answeredInvoices = answers
      .filter((answer) => answer.status === 200 && answer.body.invoice)
      .map((answer) => (answer.body.invoice as { id: string }).id);
    for (const id of answeredInvoices) expect(invoiceIds).toContain(id);
    expect(invoiceIds.length).toBe(1 + answeredInvoices.length);
  });

  it('ends with the right entitlement from duplicated, out-of-order webhooks', async () => {
    const cancelled = await newSubscriber(a, uniqueId('race_cancel'));
    const revived = await newSubscriber(a, uniqueId('race_revive'));
    const browsers = new Map<string, Browser>();
    for (const customer of [cancelled, revived]) {
      const browser = new Browser();
      await signIn(browser, customer.email, { login: a, sendCode: a, verifyCode: b, back: a });
      expect(await article(browser, b)).toBe('granted');
      browsers.set(customer.id, browser);
    }
    expect(
      (
        await api(
          'POST',
          `subscriptions/${cancelled.subscriptionId}/cancel_for_items`,
          {
            cancel_option: 'immediately',
          },
          { baseUrl: a },
        )
      ).status,
    ).toBe(200);
    for (const path of ['cancel_for_items', 'reactivate']) {
      const params = path === 'cancel_for_items' ? { cancel_option: 'immediately' } : {};
      const answer = await api('POST', `subscriptions/${revived.subscriptionId}/${path}`, params, {
        baseUrl: b,
      });
      expect(answer.status).toBe(200);
    }
    // No event reached the site yet: its fresh records still say both may read.
    expect(await article(browsers.get(cancelled.id) as Browser, a)).toBe('granted');

    for (const customer of [cancelled, revived]) {
      const events = await subscriptionEvents(a, customer.subscriptionId);
      expect(events.length).toBeGreaterThanOrEqual(customer === revived ? 3 : 2);
      // Newest first, then every event again, twice over, at once on both instances.
      const newestFirst = [...events].reverse();
      for (const event of newestFirst) await deliverWebhook(either(events.indexOf(event)), event);
      const again = [...newestFirst, ...newestFirst];
      const outcomes = await Promise.all(again.map((event, i) => deliverWebhook(either(i), event)));
      expect(outcomes.every((outcome) => outcome === 'duplicate')).toBe(true);
    }
    expect(await article(browsers.get(cancelled.id) as Browser, a)).toBe('307 /pricing?reason=cancelled');
    expect(await article(browsers.get(cancelled.id) as Browser, b)).toBe('307 /pricing?reason=cancelled');
    expect(await article(browsers.get(revived.id) as Browser, a)).toBe('granted');
    expect(await article(browsers.get(revived.id) as Browser, b)).toBe('granted');
  });
});

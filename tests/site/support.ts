import { expect, inject } from 'vitest';
import { api } from '../support/api';
import { latestCode, locationOf, SiteBrowser } from '../support/site-http';

/** A customer made on the billing server, with a subscription to `plan` when given. */
export async function createReader(plan?: string): Promise<string> {
  const email = `site-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const options = { baseUrl: inject('billingUrl'), key: inject('billingKey') };
  const created = await api('POST', 'customers', { email, first_name: 'Nell' }, options);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  if (plan) {
    const id = (created.body.customer as { id: string }).id;
    const subscribed = await api(
      'POST',
      `customers/${id}/subscription_for_items`,
      { subscription_items: { item_price_id: [plan] } },
      options,
    );
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(200);
  }
  return email;
}

/** A browser of the site signed in as `email` through the billing server's portal login. */
export async function signedIn(email: string): Promise<SiteBrowser> {
  const reader = new SiteBrowser(inject('siteUrl'));
  const login = new URL(locationOf(await reader.get('/login?next=/members')));
  expect(login.pathname).toBe('/portal/login');
  const links = {
    return_url: login.searchParams.get('return_url') ?? '',
    cancel_url: login.searchParams.get('cancel_url') ?? '',
  };
  const portal = new SiteBrowser(login.origin);
  expect((await portal.post('/portal/login/send-code', { ...links, email })).status).toBe(303);
  const code = await latestCode(login.origin, email);
  const verified = await portal.post('/portal/login/verify-code', { ...links, email, code });
  expect((await reader.get(locationOf(verified))).status).toBe(303);
  expect(reader.signedIn).toBe(true);
  return reader;
}

import { describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';

// The test server runs with DEMO_MODE=true (not production), so loopback hosts may use any port there;
// production refusing them is covered by tests/unit/redirect-ports.test.ts.

async function newestPageId(): Promise<string | undefined> {
  const answer = await api('GET', 'hosted_pages', { limit: 1 });
  return (answer.body.list as { hosted_page: { id: string } }[])[0]?.hosted_page.id;
}

function checkout(urls: Record<string, string>) {
  return api('POST', 'hosted_pages/checkout_new_for_items', {
    subscription_items: { item_price_id: ['reader-USD-monthly'] },
    customer: { email: `${uniqueId('port')}@example.com` },
    ...urls,
  });
}

describe('the redirect port rule through the API', () => {
  it.each([
    ['redirect_url', 'https://shop.example.com:4200/done'],
    ['cancel_url', 'http://shop.example.com:3000/pricing'],
  ])('refuses a checkout whose %s is on an unsupported port, and creates nothing', async (param, url) => {
    const before = await newestPageId();
    const body = expectChargebeeError(await checkout({ [param]: url }), 400, 'param_wrong_value', param);
    expect(body.type).toBe('invalid_request');
    expect(body.message).toContain('UNSUPPORTED_PORT');
    expect(body.message).toContain('80, 443, 8080 or 8443');
    expect(await newestPageId()).toBe(before);
  });

  it('accepts a checkout on the standard ports, and on any port of a loopback host outside production', async () => {
    for (const urls of [
      { redirect_url: 'https://shop.example.com:8443/done', cancel_url: 'http://shop.example.com:8080/' },
      { redirect_url: 'http://localhost:4200/done', cancel_url: 'http://127.0.0.1:5173/pricing' },
    ]) {
      const answer = await checkout(urls);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    }
  });

  it.each([
    ['redirect_url', 'https://shop.example.com:4200/account'],
    ['forward_url', 'http://shop.example.com:8000/portal'],
  ])('refuses a portal session whose %s is on an unsupported port', async (param, url) => {
    const id = uniqueId('port');
    await api('POST', 'customers', { id, email: `${id}@example.com` });
    const body = expectChargebeeError(
      await api('POST', 'portal_sessions', { customer: { id }, [param]: url }),
      400,
      'param_wrong_value',
      param,
    );
    expect(body.type).toBe('invalid_request');
    expect(body.message).toMatch(
      /^.+ : UNSUPPORTED_PORT: port \d+ is not allowed; use port 80, 443, 8080 or 8443$/,
    );
  });

  it('accepts a portal session on a loopback host with any port outside production', async () => {
    const id = uniqueId('port');
    await api('POST', 'customers', { id, email: `${id}@example.com` });
    const answer = await api('POST', 'portal_sessions', {
      customer: { id },
      redirect_url: 'http://localhost:4200/account',
      forward_url: 'http://127.0.0.1:3000/portal',
    });
    expect(answer.status).toBe(200);
  });
});

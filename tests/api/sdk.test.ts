import { describe, expect, it } from 'vitest';
import { uniqueId } from '../support/api';
import { sdk } from '../support/sdk';

/** The SDK rejects with the parsed Chargebee error body (a plain object), not an Error. */
async function sdkError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { api_error_code?: string; http_status_code?: number; param?: string; type?: string };
  }
  throw new Error('expected the SDK call to fail');
}

describe('the official chargebee SDK against this app', () => {
  it('drives customers: create, retrieve, update, update_billing_info, list by email', async () => {
    const cb = sdk();
    const id = uniqueId('sdk');
    const created = await cb.customer.create({ id, first_name: 'Grace', email: `${id}@example.com` });
    expect(created.httpStatusCode).toBe(200);
    expect(created.customer).toMatchObject({ id, first_name: 'Grace', object: 'customer' });
    expect((await cb.customer.retrieve(id)).customer.email).toBe(`${id}@example.com`);
    expect((await cb.customer.update(id, { last_name: 'Hopper' })).customer.last_name).toBe('Hopper');
    const billed = await cb.customer.updateBillingInfo(id, {
      billing_address: { city: 'Arlington', country: 'US' },
    });
    expect(billed.customer.billing_address).toMatchObject({ city: 'Arlington', country: 'US' });
    const listed = await cb.customer.list({ email: { is: `${id}@example.com` }, limit: 5 });
    expect(listed.list.map((entry) => entry.customer.id)).toEqual([id]);
  });

  it('drives the portal session lifecycle: create, retrieve, logout', async () => {
    const cb = sdk();
    const id = uniqueId('sdk');
    await cb.customer.create({ id, email: `${id}@example.com` });
    const { portal_session: created } = await cb.portalSession.create({
      customer: { id },
      redirect_url: 'https://example.com/account',
    });
    expect(created).toMatchObject({
      status: 'created',
      customer_id: id,
      redirect_url: 'https://example.com/account',
    });
    expect(created.expires_at).toBe((created.created_at as number) + 3600);
    const { portal_session: retrieved } = await cb.portalSession.retrieve(created.id);
    expect(retrieved.token).toBe(created.token);
    // The SDK's typings take headers second, but it sends that argument as params: pass headers third.
    type LogoutWithHeaders = (
      id: string,
      params: undefined,
      headers: Record<string, string>,
    ) => ReturnType<typeof cb.portalSession.logout>;
    const logout = cb.portalSession.logout.bind(cb.portalSession) as unknown as LogoutWithHeaders;
    const { portal_session: out } = await logout(created.id, undefined, {
      'chargebee-request-origin-ip': '203.0.113.50',
    });
    expect(out).toMatchObject({ status: 'logged_out', logout_ipaddress: '203.0.113.50' });
    expect((await cb.portalSession.logout(created.id)).portal_session.status).toBe('logged_out');
  });

  it('surfaces Chargebee errors the way the SDK expects them', async () => {
    const cb = sdk();
    const id = uniqueId('sdk');
    await cb.customer.create({ id });
    const { portal_session: session } = await cb.portalSession.create({ customer: { id } });
    expect(await sdkError(cb.portalSession.activate(session.id, { token: 'nope' }))).toMatchObject({
      http_status_code: 400,
      api_error_code: 'param_wrong_value',
      param: 'token',
    });
    expect(await sdkError(cb.portalSession.activate(session.id, { token: session.token }))).toMatchObject({
      http_status_code: 409,
      api_error_code: 'invalid_state_for_request',
    });
    expect(await sdkError(cb.portalSession.retrieve('portal_missing'))).toMatchObject({
      http_status_code: 404,
      api_error_code: 'resource_not_found',
    });
    expect(await sdkError(cb.customer.create({ id }))).toMatchObject({
      api_error_code: 'duplicate_entry',
      param: 'id',
    });
    expect(await sdkError(sdk('test_wrong_key_123').customer.retrieve(id))).toMatchObject({
      http_status_code: 401,
      api_error_code: 'api_authentication_failed',
    });
  });

  it('keeps path tricks harmless: an id with "/" and ".." never reaches another resource', async () => {
    const cb = sdk();
    const id = uniqueId('sdk');
    await cb.customer.create({ id });
    // The SDK leaves "/" unencoded, so this would address /customers/{id}/activate after URL normalisation.
    const error = await sdkError(cb.portalSession.activate(`x/../../customers/${id}`, { token: 't' }));
    expect(error.http_status_code).toBeGreaterThanOrEqual(400);
    expect(error.http_status_code).toBeLessThan(500);
    expect((await cb.customer.retrieve(id)).customer.id).toBe(id);
  });

  it('replays an idempotent create and says so', async () => {
    const cb = sdk();
    const id = uniqueId('sdk');
    await cb.customer.create({ id });
    const key = `sdk-${id}`;
    const first = await cb.portalSession.create({ customer: { id } }, { 'chargebee-idempotency-key': key });
    const second = await cb.portalSession.create({ customer: { id } }, { 'chargebee-idempotency-key': key });
    expect(first.isIdempotencyReplayed).toBeFalsy();
    expect(second.isIdempotencyReplayed).toBeTruthy();
    expect(second.portal_session.id).toBe(first.portal_session.id);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseLinkedCustomer, linkedCustomerIdsOf, maxLinkedCustomers } from '@/lib/auth/linked-customers';
import type { PortalSession } from '@/lib/chargebee/schemas';

function session(customerId: string, linked: [string, boolean][]): PortalSession {
  return {
    id: 'portal_1',
    token: 'tok',
    access_url: 'https://example.com/portal/access/tok',
    status: 'activated',
    created_at: 1,
    customer_id: customerId,
    linked_customers: linked.map(([id, live]) => ({
      customer_id: id,
      email: 'reader@example.com',
      has_billing_address: false,
      has_payment_method: live,
      has_active_subscription: live,
    })),
  };
}

const createdAt: Record<string, number> = { old: 100, mid: 200, new: 300 };
const lookUp = async (id: string) => createdAt[id] ?? 0;

describe('the customer a portal sign-in chooses among linked customers', () => {
  it("keeps the session's own customer when it is the only one", async () => {
    expect(await chooseLinkedCustomer(session('old', [['old', false]]), lookUp)).toEqual({
      customerId: 'old',
      linkedCustomerIds: ['old'],
    });
    expect(
      await chooseLinkedCustomer({ ...session('old', []), linked_customers: undefined }, lookUp),
    ).toEqual({
      customerId: 'old',
      linkedCustomerIds: ['old'],
    });
  });

  it('chooses the one with a live subscription over the session customer', async () => {
    const choice = await chooseLinkedCustomer(
      session('old', [
        ['old', false],
        ['new', true],
      ]),
      lookUp,
    );
    expect(choice).toEqual({ customerId: 'new', linkedCustomerIds: ['old', 'new'] });
  });

  it('chooses the most recently created when several are live, without asking when only one is', async () => {
    const asked: string[] = [];
    const counting = async (id: string) => {
      asked.push(id);
      return lookUp(id);
    };
    const several = session('mid', [
      ['mid', true],
      ['new', true],
      ['old', true],
    ]);
    expect((await chooseLinkedCustomer(several, counting)).customerId).toBe('new');
    expect(asked.sort()).toEqual(['mid', 'new', 'old']);
    asked.length = 0;
    await chooseLinkedCustomer(session('old', [['mid', true]]), counting);
    expect(asked).toEqual([]);
  });

  it("falls back to the session's own customer when none is live", async () => {
    const choice = await chooseLinkedCustomer(
      session('mid', [
        ['old', false],
        ['mid', false],
      ]),
      lookUp,
    );
    expect(choice.customerId).toBe('mid');
    expect(choice.linkedCustomerIds).toEqual(['mid', 'old']);
  });

  it('never lists an id that could not be a customer id, and caps the list', async () => {
    const hostile = session('old', [
      ['../customers/x', true],
      ['new', false],
    ]);
    expect(await chooseLinkedCustomer(hostile, lookUp)).toEqual({
      customerId: 'old',
      linkedCustomerIds: ['old', 'new'],
    });
    const many = session(
      'c0',
      Array.from({ length: 30 }, (_, i) => [`c${i}`, false] as [string, boolean]),
    );
    expect(linkedCustomerIdsOf(many)).toHaveLength(maxLinkedCustomers);
    expect(linkedCustomerIdsOf(many)[0]).toBe('c0');
  });
});

import { describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';
import { sdk } from '../support/sdk';

// Chargebee's entitlements API (features, item entitlements, subscription entitlements) and items,
// read through the official SDK as a merchant's code reads them from a real site.
const cb = sdk();

async function subscriber(itemPriceId: string) {
  const id = uniqueId('ent');
  await cb.customer.create({ id, email: `${id}@example.com` });
  await cb.paymentSource.createCard({
    customer_id: id,
    card: { number: '4111111111111111', expiry_month: 12, expiry_year: 2035, cvv: '123' },
  });
  const { subscription } = await cb.subscription.createWithItems(id, {
    subscription_items: [{ item_price_id: itemPriceId }],
    trial_end: 0,
  });
  return subscription.id;
}

async function featureIdsOf(subscriptionId: string) {
  const { list } = await cb.subscriptionEntitlement.subscriptionEntitlementsForSubscription(subscriptionId);
  return list.map((entry) => entry.subscription_entitlement.feature_id);
}

describe('features and items', () => {
  it('lists the features in pages and retrieves one; an unknown one is 404', async () => {
    const { list, next_offset } = await cb.feature.list({ limit: 2 });
    expect(list.map((entry) => entry.feature.id)).toEqual(['members-library', 'long-reads']);
    const rest = await cb.feature.list({ limit: 2, offset: next_offset });
    expect(rest.list.map((entry) => entry.feature.id)).toEqual(['early-access']);
    expect(rest.next_offset).toBeUndefined();
    const { feature } = await cb.feature.retrieve('long-reads');
    expect(feature).toMatchObject({
      id: 'long-reads',
      name: 'Long-read magazine',
      status: 'active',
      type: 'switch',
      metered: false,
      object: 'feature',
    });
    expect(typeof feature.created_at).toBe('number');
    expectChargebeeError(
      await api('GET', 'features/no-such-feature'),
      404,
      'resource_not_found',
      'feature_id',
    );
    expectChargebeeError(
      await api('GET', 'features', { status: { is: 'active' } }),
      400,
      'param_wrong_value',
    );
    expectChargebeeError(await api('GET', 'features', { offset: '99' }), 400, 'param_wrong_value', 'offset');
  });

  it('says which plan item grants which feature, both ways round', async () => {
    const patron = await cb.itemEntitlement.itemEntitlementsForItem('patron');
    expect(patron.list.map((entry) => entry.item_entitlement.feature_id)).toEqual([
      'members-library',
      'long-reads',
      'early-access',
    ]);
    expect(patron.list[0]?.item_entitlement).toMatchObject({
      item_id: 'patron',
      item_type: 'plan',
      value: 'true',
      object: 'item_entitlement',
    });
    const reader = await cb.itemEntitlement.itemEntitlementsForItem('reader');
    expect(reader.list.map((entry) => entry.item_entitlement.feature_id)).toEqual(['members-library']);
    const longReads = await cb.itemEntitlement.itemEntitlementsForFeature('long-reads');
    expect(longReads.list.map((entry) => entry.item_entitlement.item_id)).toEqual(['patron']);
    expectChargebeeError(await api('GET', 'items/nothing/item_entitlements'), 404, 'resource_not_found');
  });

  it('lists the plans as items, each with its family, and retrieves one', async () => {
    const { list } = await cb.item.list();
    expect(list.map((entry) => entry.item.id)).toEqual(['patron', 'reader']);
    const { item } = await cb.item.retrieve('patron');
    expect(item).toMatchObject({
      id: 'patron',
      name: 'Patron',
      type: 'plan',
      item_family_id: 'gatehouse-memberships',
      enabled_in_portal: true,
      deleted: false,
      object: 'item',
    });
    expect(item.description).toContain('long-read magazine');
    expectChargebeeError(await api('GET', 'items/nothing'), 404, 'resource_not_found', 'item_id');
  });
});

describe('a subscription’s entitlements', () => {
  it('follow its plan: created with Reader, updated at once on a change to Patron, with the events', async () => {
    const subscriptionId = await subscriber('reader-USD-monthly');
    expect(await featureIdsOf(subscriptionId)).toEqual(['members-library']);
    const [first] = (await cb.subscriptionEntitlement.subscriptionEntitlementsForSubscription(subscriptionId))
      .list;
    expect(first?.subscription_entitlement).toMatchObject({
      subscription_id: subscriptionId,
      feature_name: 'Members’ library',
      value: 'true',
      is_enabled: true,
      is_overridden: false,
    });

    await cb.subscription.updateForItems(subscriptionId, {
      subscription_items: [{ item_price_id: 'patron-USD-monthly' }],
      change_option: 'immediately',
    });
    expect(await featureIdsOf(subscriptionId)).toEqual(['members-library', 'long-reads', 'early-access']);

    const events = (await cb.event.list({ limit: 100 })).list
      .map((entry) => entry.event)
      .filter((event) => {
        const content = event.content as Record<string, { subscription_id?: string } | undefined>;
        const detail = content[`${event.event_type}_detail`];
        return (
          event.event_type?.startsWith('subscription_entitlements_') &&
          detail?.subscription_id === subscriptionId
        );
      });
    expect(events.map((event) => event.event_type).reverse()).toEqual([
      'subscription_entitlements_created',
      'subscription_entitlements_updated',
    ]);
    expect(events[0]?.content).toEqual({
      subscription_entitlements_updated_detail: {
        subscription_id: subscriptionId,
        has_next: false,
        object: 'subscription_entitlements_updated_detail',
      },
    });
    expectChargebeeError(
      await api('GET', 'subscriptions/no_such_sub/subscription_entitlements'),
      404,
      'resource_not_found',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  accessOf,
  decideLookupWrite,
  decideWebhookWrite,
  decidingSubscription,
  type EntitlementSnapshot,
  featureAccessOf,
  featuresToStore,
  grantsAccess,
  isComplete,
  nextRetryToStore,
  snapshotOf,
} from '@/lib/auth/entitlement-rules';
import type { Subscription } from '@/lib/chargebee/schemas';

function subscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    id: 'sub_1',
    customer_id: 'cust_1',
    status: 'active',
    subscription_items: [
      { item_price_id: 'addon-x', item_type: 'addon' },
      { item_price_id: 'reader-USD-monthly', item_type: 'plan' },
    ],
    current_term_end: 2_000_000_000,
    resource_version: 1_700_000_000_000,
    ...overrides,
  };
}

const snap = (overrides: Partial<EntitlementSnapshot> = {}): EntitlementSnapshot => ({
  ...snapshotOf(subscription()),
  ...overrides,
});

describe('entitlement mapping', () => {
  it.each([
    ['in_trial', true],
    ['active', true],
    ['non_renewing', true],
    ['paused', false],
    ['cancelled', false],
    ['future', false],
    ['transferred', false],
    ['deleted', false],
    ['', false],
  ])('status %s grants access: %s', (status, granted) => {
    expect(grantsAccess(status)).toBe(granted);
    expect(accessOf({ status }).granted).toBe(granted);
  });

  it('says why access is refused', () => {
    expect(accessOf(undefined)).toEqual({ granted: false, reason: 'no_subscription' });
    expect(accessOf({ status: null })).toEqual({ granted: false, reason: 'no_subscription' });
    expect(accessOf({ status: 'cancelled' })).toEqual({ granted: false, reason: 'cancelled' });
    expect(accessOf({ status: 'paused' })).toEqual({ granted: false, reason: 'paused' });
    expect(accessOf({ status: 'future' })).toEqual({ granted: false, reason: 'future' });
    expect(accessOf({ status: 'transferred' })).toEqual({ granted: false, reason: 'inactive' });
    expect(accessOf({ status: 'cancelled', cancelReason: 'not_paid' })).toEqual({
      granted: false,
      reason: 'not_paid',
    });
    expect(accessOf({ status: 'active', cancelReason: 'not_paid' }).granted).toBe(true);
  });

  it('takes the next retry from the invoice beside the subscription, and only while money is owed', () => {
    const owing = subscription({ total_dues: 900, due_since: 1_990_000_000 });
    const invoice = {
      id: 'inv_1',
      subscription_id: 'sub_1',
      status: 'payment_due',
      dunning_status: 'in_progress',
      next_retry_at: 1_990_259_200,
    };
    expect(snapshotOf(owing, invoice)).toMatchObject({
      totalDues: 900,
      dueSince: 1_990_000_000,
      nextRetryAt: 1_990_259_200,
    });
    expect(snapshotOf(owing).nextRetryAt).toBeUndefined();
    expect(snapshotOf(owing, { ...invoice, subscription_id: 'sub_other' }).nextRetryAt).toBeUndefined();
    expect(snapshotOf(owing, { ...invoice, dunning_status: 'exhausted' }).nextRetryAt).toBeNull();
    expect(snapshotOf(subscription(), invoice).nextRetryAt).toBeNull();

    const stored = { subscriptionId: 'sub_1', nextRetryAt: 1_990_259_200 };
    expect(nextRetryToStore(stored, snapshotOf(owing))).toBe(1_990_259_200);
    expect(nextRetryToStore({ ...stored, subscriptionId: 'sub_2' }, snapshotOf(owing))).toBeNull();
    expect(nextRetryToStore(stored, snapshotOf(subscription()))).toBeNull();
    expect(
      decidingSubscription(
        'cust_1',
        [owing],
        [invoice, { ...invoice, id: 'inv_2', next_retry_at: 1_990_100_000 }],
      ).nextRetryAt,
    ).toBe(1_990_100_000);
    expect(decidingSubscription('cust_1', [owing], []).nextRetryAt).toBeNull();
  });

  it('builds a snapshot from the plan item, term end and resource_version', () => {
    expect(snapshotOf(subscription({ status: 'non_renewing', cancelled_at: 1_999_000_000 }))).toEqual({
      customerId: 'cust_1',
      subscriptionId: 'sub_1',
      status: 'non_renewing',
      planId: 'reader-USD-monthly',
      currentTermEnd: 2_000_000_000,
      cancelledAt: 1_999_000_000,
      cancelReason: null,
      trialEnd: null,
      nextBillingAt: null,
      currencyCode: null,
      totalDues: 0,
      dueSince: null,
      nextRetryAt: null,
      resourceVersion: 1_700_000_000_000,
    });
    expect(snapshotOf(subscription({ deleted: true })).status).toBe('deleted');
    expect(
      snapshotOf(subscription({ resource_version: undefined, updated_at: 1_600_000_000 })).resourceVersion,
    ).toBe(1_600_000_000_000);
  });

  it('lets a granting subscription decide over a newer cancelled one, and ignores other customers', () => {
    const chosen = decidingSubscription('cust_1', [
      subscription({ id: 'old', status: 'cancelled', resource_version: 9e12 }),
      subscription({ id: 'live', status: 'active', resource_version: 1e12 }),
      subscription({ id: 'other', customer_id: 'cust_2', status: 'active', resource_version: 9e12 }),
    ]);
    expect(chosen.subscriptionId).toBe('live');
    expect(decidingSubscription('cust_1', []).status).toBeNull();
    expect(
      decidingSubscription('cust_1', [
        subscription({ id: 'a', status: 'cancelled', resource_version: 1 }),
        subscription({ id: 'b', status: 'paused', resource_version: 2, current_term_end: undefined }),
      ]).subscriptionId,
    ).toBe('b');
  });
});

describe('write ordering', () => {
  it('moves the same subscription only forward in resource_version', () => {
    const current = snap({ resourceVersion: 200 });
    expect(decideWebhookWrite(current, snap({ resourceVersion: 100, status: 'cancelled' }))).toBe('keep');
    expect(decideWebhookWrite(current, snap({ resourceVersion: 200, status: 'cancelled' }))).toBe('keep');
    expect(decideWebhookWrite(current, snap({ resourceVersion: 300, status: 'cancelled' }))).toBe('write');
    expect(decideWebhookWrite(undefined, snap())).toBe('write');
  });

  it('never lets another subscription take access away without a live recheck', () => {
    const current = snap({ subscriptionId: 'live', resourceVersion: 200 });
    expect(
      decideWebhookWrite(current, snap({ subscriptionId: 'old', status: 'cancelled', resourceVersion: 300 })),
    ).toBe('recheck');
    expect(
      decideWebhookWrite(current, snap({ subscriptionId: 'new', status: 'active', resourceVersion: 300 })),
    ).toBe('write');
    const lapsed = snap({ subscriptionId: 'old', status: 'cancelled', resourceVersion: 200 });
    expect(
      decideWebhookWrite(lapsed, snap({ subscriptionId: 'new', status: 'in_trial', resourceVersion: 300 })),
    ).toBe('write');
  });

  it('keeps a record a webhook wrote after the live lookup began', () => {
    const none = snap({ subscriptionId: null, status: null, resourceVersion: 0 });
    const written = snap({ resourceVersion: 5_000 });
    expect(decideLookupWrite(written, none, 4_000)).toBe('keep');
    expect(decideLookupWrite(written, none, 6_000)).toBe('write');
    expect(decideLookupWrite(written, snap({ resourceVersion: 4_000 }), 9_000)).toBe('keep');
    expect(decideLookupWrite(written, snap({ resourceVersion: 5_000, status: 'paused' }), 9_000)).toBe(
      'write',
    );
    expect(decideLookupWrite(undefined, none, 1)).toBe('write');
  });
});

describe('the feature gate', () => {
  const reader = { status: 'active', features: ['members-library'] };
  const patron = { status: 'active', features: ['members-library', 'long-reads', 'early-access'] };

  it('grants a feature only to a live subscription whose plan has it', () => {
    expect(featureAccessOf(patron, 'long-reads')).toEqual({ granted: true });
    expect(featureAccessOf(reader, 'long-reads')).toEqual({
      granted: false,
      reason: 'upgrade',
      feature: 'long-reads',
    });
    expect(featureAccessOf({ ...patron, status: 'cancelled' }, 'long-reads')).toEqual({
      granted: false,
      reason: 'cancelled',
    });
    expect(featureAccessOf({ ...patron, status: 'paused' }, 'long-reads')).toMatchObject({
      reason: 'paused',
    });
    expect(featureAccessOf(undefined, 'long-reads')).toMatchObject({ reason: 'no_subscription' });
    expect(featureAccessOf({ status: 'active', features: null }, 'long-reads')).toMatchObject({
      reason: 'upgrade',
    });
  });

  it('keeps known features only while the plan is unchanged, and trusts no live record without them', () => {
    const stored = { subscriptionId: 'sub_1', planId: 'reader-USD-monthly', features: ['members-library'] };
    const webhook = snap({ planId: 'reader-USD-monthly', features: undefined });
    expect(featuresToStore(stored, webhook)).toEqual(['members-library']);
    expect(featuresToStore(stored, { ...webhook, planId: 'patron-USD-monthly' })).toBeNull();
    expect(featuresToStore(stored, { ...webhook, subscriptionId: 'sub_2' })).toBeNull();
    expect(featuresToStore(undefined, webhook)).toBeNull();
    expect(featuresToStore(stored, { ...webhook, features: ['long-reads'] })).toEqual(['long-reads']);
    expect(isComplete({ status: 'active', features: null })).toBe(false);
    expect(isComplete({ status: 'active', features: [] })).toBe(true);
    expect(isComplete({ status: 'cancelled', features: null })).toBe(true);
  });
});

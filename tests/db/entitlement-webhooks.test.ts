import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessOf } from '@/lib/auth/entitlement-rules';
import {
  EntitlementUnavailable,
  getEntitlement,
  type LiveBilling,
  readEntitlement,
} from '@/lib/auth/entitlements';
import type { Subscription } from '@/lib/chargebee/schemas';
import type { Database } from '@/lib/db/client';
import { webhookReceipts } from '@/lib/db/schema';
import { entitlementForUpgrade, upgradeRecheckLimit } from '@/lib/site/upgrade-check';
import { parseWebhook, recordWebhookEvent } from '@/lib/site/webhooks';
import { backends, type TestDatabase } from '../support/databases';

let counter = 0;

function event(
  customerId: string,
  status: string,
  resourceVersion: number,
  overrides: Record<string, unknown> = {},
) {
  counter += 1;
  return {
    id: `ev_test_${counter}`,
    occurred_at: 1_790_000_000,
    source: 'api',
    object: 'event',
    api_version: 'v2',
    event_type: 'subscription_changed',
    content: {
      subscription: {
        id: `sub_${customerId}`,
        customer_id: customerId,
        status,
        current_term_end: 1_800_000_000,
        resource_version: resourceVersion,
        subscription_items: [
          { item_price_id: 'reader-USD-monthly', item_type: 'plan', object: 'subscription_item' },
        ],
        object: 'subscription',
      },
      customer: { id: customerId, object: 'customer' },
    },
    ...overrides,
  };
}

function parsed(body: unknown) {
  const result = parseWebhook(body);
  if (!result.ok) throw new Error(result.problem);
  return result.value;
}

describe.each(backends())('webhook receipts and entitlements on $name', (backend) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await backend.create();
    db = database.handle.db;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('applies a subscription event and stores its receipt', async () => {
    const body = event('c_apply', 'active', 1000);
    expect(await recordWebhookEvent(db, parsed(body), 5_000)).toBe('applied');
    expect(await readEntitlement(db, 'c_apply')).toMatchObject({
      subscriptionId: 'sub_c_apply',
      status: 'active',
      planId: 'reader-USD-monthly',
      currentTermEnd: 1_800_000_000,
      resourceVersion: 1000,
      syncedAt: 5_000,
    });
  });

  it('ignores an older resource_version that arrives later', async () => {
    await recordWebhookEvent(db, parsed(event('c_order', 'cancelled', 2000)));
    expect(await recordWebhookEvent(db, parsed(event('c_order', 'active', 1000)))).toBe('stale');
    expect((await readEntitlement(db, 'c_order'))?.status).toBe('cancelled');
    expect(await recordWebhookEvent(db, parsed(event('c_order', 'active', 3000)))).toBe('applied');
    expect((await readEntitlement(db, 'c_order'))?.status).toBe('active');
  });

  it('applies a redelivered event id once only', async () => {
    const first = event('c_dup', 'active', 1000);
    expect(await recordWebhookEvent(db, parsed(first))).toBe('applied');
    await recordWebhookEvent(db, parsed(event('c_dup', 'paused', 2000)));
    const replay = {
      ...first,
      content: { ...first.content, subscription: { ...first.content.subscription, resource_version: 9000 } },
    };
    expect(await recordWebhookEvent(db, parsed(replay))).toBe('duplicate');
    expect((await readEntitlement(db, 'c_dup'))?.status).toBe('paused');
  });

  it('survives the same event delivered concurrently', async () => {
    const body = event('c_race', 'active', 1000);
    const outcomes = await Promise.all([1, 2, 3].map(() => recordWebhookEvent(db, parsed(body))));
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(2);
  });

  it('records unknown event types and changes no entitlement', async () => {
    const body = { ...event('c_unknown', 'active', 1000), event_type: 'gift_claimed_somewhere_new' };
    expect(await recordWebhookEvent(db, parsed(body))).toBe('ignored');
    expect(await readEntitlement(db, 'c_unknown')).toBeUndefined();
    const receipts = await db.select().from(webhookReceipts);
    expect(receipts.some((receipt) => receipt.eventId === body.id)).toBe(true);
  });

  it('marks for a live recheck when another subscription would take access away', async () => {
    await recordWebhookEvent(db, parsed(event('c_two', 'active', 1000)), 7_000);
    const other = event('c_two', 'cancelled', 2000);
    other.content.subscription.id = 'sub_other';
    expect(await recordWebhookEvent(db, parsed(other), 8_000)).toBe('recheck');
    expect(await readEntitlement(db, 'c_two')).toMatchObject({ status: 'active', syncedAt: 0 });
  });

  it('keeps what a renewal owes and when dunning retries, in resource_version order', async () => {
    const owing = (id: string, version: number, eventType: string, dues: number, retry?: number) =>
      event('c_dues', 'active', version, {
        id,
        event_type: eventType,
        content: {
          ...event('c_dues', 'active', version).content,
          subscription: {
            ...event('c_dues', 'active', version).content.subscription,
            currency_code: 'USD',
            total_dues: dues,
            due_since: dues > 0 ? 1_790_000_000 : undefined,
          },
          ...(retry === undefined
            ? {}
            : {
                invoice: {
                  id: 'inv_dues',
                  subscription_id: 'sub_c_dues',
                  status: dues > 0 ? 'payment_due' : 'paid',
                  dunning_status: dues > 0 ? 'in_progress' : 'success',
                  next_retry_at: dues > 0 ? retry : undefined,
                  object: 'invoice',
                },
              }),
        },
      });
    expect(
      await recordWebhookEvent(db, parsed(owing('ev_dues_1', 1000, 'payment_failed', 900, 1_790_259_200))),
    ).toBe('applied');
    expect(await readEntitlement(db, 'c_dues')).toMatchObject({
      status: 'active',
      totalDues: 900,
      dueSince: 1_790_000_000,
      nextRetryAt: 1_790_259_200,
      currencyCode: 'USD',
    });
    // A subscription event without the invoice keeps the retry it does not know about.
    await recordWebhookEvent(db, parsed(owing('ev_dues_2', 2000, 'subscription_renewal_reminder', 900)));
    expect(await readEntitlement(db, 'c_dues')).toMatchObject({ totalDues: 900, nextRetryAt: 1_790_259_200 });
    // The retry that paid arrives; then the older failure, redelivered late, changes nothing.
    expect(await recordWebhookEvent(db, parsed(owing('ev_dues_3', 3000, 'payment_succeeded', 0, 0)))).toBe(
      'applied',
    );
    expect(
      await recordWebhookEvent(db, parsed(owing('ev_dues_4', 2500, 'dunning_updated', 900, 1_790_400_000))),
    ).toBe('stale');
    expect(await readEntitlement(db, 'c_dues')).toMatchObject({
      totalDues: 0,
      dueSince: null,
      nextRetryAt: null,
    });
  });

  it('remembers a cancellation for non-payment, which names its own reason', async () => {
    const body = event('c_unpaid', 'cancelled', 1000, { event_type: 'subscription_cancelled' });
    Object.assign(body.content.subscription, { cancel_reason: 'not_paid', cancelled_at: 1_790_600_000 });
    expect(await recordWebhookEvent(db, parsed(body))).toBe('applied');
    const stored = await readEntitlement(db, 'c_unpaid');
    expect(stored).toMatchObject({
      status: 'cancelled',
      cancelReason: 'not_paid',
      cancelledAt: 1_790_600_000,
    });
    expect(accessOf(stored)).toEqual({ granted: false, reason: 'not_paid' });
  });

  it('forgets the features on an entitlement event or a plan change, so the next reader looks them up', async () => {
    await getEntitlement('c_tier', {
      database: db,
      lookup: async () => ({
        subscriptions: [
          {
            id: 'sub_c_tier',
            customer_id: 'c_tier',
            status: 'active',
            resource_version: 1000,
            subscription_items: [{ item_price_id: 'reader-USD-monthly', item_type: 'plan' }],
          },
        ],
        dueInvoices: [],
        features: { subscriptionId: 'sub_c_tier', features: ['members-library'] },
      }),
    });
    expect((await readEntitlement(db, 'c_tier'))?.features).toEqual(['members-library']);
    // A later event of the same plan keeps them.
    await recordWebhookEvent(db, parsed(event('c_tier', 'active', 2000)));
    expect((await readEntitlement(db, 'c_tier'))?.features).toEqual(['members-library']);

    const updated = {
      ...event('c_tier', 'active', 2000),
      event_type: 'subscription_entitlements_updated',
      content: {
        subscription_entitlements_updated_detail: { subscription_id: 'sub_c_tier', has_next: false },
      },
    };
    expect(await recordWebhookEvent(db, parsed(updated))).toBe('recheck');
    expect(await readEntitlement(db, 'c_tier')).toMatchObject({ features: null, syncedAt: 0 });

    const patron = event('c_tier', 'active', 3000);
    patron.content.subscription.subscription_items = [
      { item_price_id: 'patron-USD-monthly', item_type: 'plan', object: 'subscription_item' },
    ];
    await recordWebhookEvent(db, parsed(patron));
    expect(await readEntitlement(db, 'c_tier')).toMatchObject({
      planId: 'patron-USD-monthly',
      features: null,
    });
    expect(parseWebhook({ ...updated, content: {} }).ok).toBe(false);
  });

  it('changes the features once and in order: a replayed entitlement event and an older plan change are no-ops', async () => {
    const patronItems = [
      { item_price_id: 'patron-USD-monthly', item_type: 'plan', object: 'subscription_item' },
    ];
    const lookup = async (): Promise<LiveBilling> => ({
      subscriptions: [
        {
          id: 'sub_c_feature_order',
          customer_id: 'c_feature_order',
          status: 'active',
          resource_version: 3000,
          subscription_items: patronItems,
        },
      ],
      dueInvoices: [],
      features: { subscriptionId: 'sub_c_feature_order', features: ['members-library', 'long-reads'] },
    });
    const patron = event('c_feature_order', 'active', 3000);
    patron.content.subscription.subscription_items = patronItems;
    expect(await recordWebhookEvent(db, parsed(patron))).toBe('applied');
    const updated = {
      ...event('c_feature_order', 'active', 3000),
      event_type: 'subscription_entitlements_updated',
      content: {
        subscription_entitlements_updated_detail: { subscription_id: 'sub_c_feature_order', has_next: false },
      },
    };
    expect(await recordWebhookEvent(db, parsed(updated))).toBe('recheck');
    const learned = await getEntitlement('c_feature_order', { database: db, lookup });
    expect(learned.features).toEqual(['members-library', 'long-reads']);

    // The same delivery again (Chargebee retries): its receipt makes it a no-op.
    expect(await recordWebhookEvent(db, parsed(updated))).toBe('duplicate');
    // A Reader-plan event older than what is stored arrives late: neither the plan nor the features move.
    expect(await recordWebhookEvent(db, parsed(event('c_feature_order', 'active', 2000)))).toBe('stale');
    expect(await readEntitlement(db, 'c_feature_order')).toMatchObject({
      planId: 'patron-USD-monthly',
      features: ['members-library', 'long-reads'],
    });
  });

  it('ignores a payment event that belongs to no subscription', async () => {
    const body = event('c_oneoff', 'active', 1000, { event_type: 'payment_succeeded' });
    const { subscription: _dropped, ...content } = body.content;
    expect(await recordWebhookEvent(db, parsed({ ...body, content }))).toBe('ignored');
    expect(await readEntitlement(db, 'c_oneoff')).toBeUndefined();
  });

  describe('live lookup', () => {
    const live = (status: string, resourceVersion: number, customerId = 'c_live'): Subscription => ({
      id: `sub_${customerId}`,
      customer_id: customerId,
      status,
      resource_version: resourceVersion,
    });
    const billing = (...subscriptions: Subscription[]): LiveBilling => ({
      subscriptions,
      dueInvoices: [],
      features: subscriptions[0]
        ? { subscriptionId: subscriptions[0].id, features: ['members-library'] }
        : undefined,
    });

    it('looks up a missing record, then trusts it for a minute', async () => {
      let calls = 0;
      const lookup = async () => {
        calls += 1;
        return billing(live('in_trial', 1000));
      };
      const now = Date.now();
      expect(await getEntitlement('c_live', { database: db, lookup, now })).toMatchObject({
        status: 'in_trial',
      });
      await getEntitlement('c_live', { database: db, lookup, now: now + 30_000 });
      expect(calls).toBe(1);
      const later = async () => billing(live('paused', 2000));
      expect(
        await getEntitlement('c_live', { database: db, lookup: later, now: now + 61_000 }),
      ).toMatchObject({
        status: 'paused',
        syncedAt: now + 61_000,
      });
    });

    it('looks up again when the caller allows no age (the upgrade page, back from the portal)', async () => {
      const now = Date.now();
      await getEntitlement('c_upgrade', {
        database: db,
        lookup: async () => billing(live('active', 1000, 'c_upgrade')),
        now,
      });
      const upgraded: LiveBilling = {
        ...billing(live('active', 2000, 'c_upgrade')),
        features: { subscriptionId: 'sub_c_upgrade', features: ['members-library', 'long-reads'] },
      };
      const cached = await getEntitlement('c_upgrade', { database: db, lookup: async () => upgraded, now });
      expect(cached.features).toEqual(['members-library']);
      const fresh = await getEntitlement('c_upgrade', {
        database: db,
        lookup: async () => upgraded,
        now,
        maxAgeMs: 0,
      });
      expect(fresh.features).toEqual(['members-library', 'long-reads']);
    });

    it('lets the upgrade page force a lookup ten times a minute per customer, then reads the record', async () => {
      let calls = 0;
      const lookup = async () => {
        calls += 1;
        return billing(live('active', 1000 + calls, 'c_recheck'));
      };
      const now = Date.now();
      for (let view = 0; view < 12; view += 1) {
        await entitlementForUpgrade('c_recheck', { database: db, lookup, now });
      }
      expect(calls).toBe(upgradeRecheckLimit.limit);
      await entitlementForUpgrade('c_recheck', { database: db, lookup, now: now + 61_000 });
      expect(calls).toBe(upgradeRecheckLimit.limit + 1);
    });

    it('shares one live lookup among the requests that find the same record stale at once', async () => {
      let calls = 0;
      let answer!: (found: LiveBilling) => void;
      const lookup = () => {
        calls += 1;
        return new Promise<LiveBilling>((resolve) => {
          answer = resolve;
        });
      };
      const now = Date.now() + 3_600_000;
      const readers = Array.from({ length: 16 }, () =>
        getEntitlement('c_crowd', { database: db, lookup, now }),
      );
      await expect.poll(() => calls).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls).toBe(1);
      answer(billing(live('active', 3000, 'c_crowd')));
      const results = await Promise.all(readers);
      expect(new Set(results.map((result) => result.status))).toEqual(new Set(['active']));
      // Once it is stored, the next stale reader looks up again on its own.
      await getEntitlement('c_crowd', {
        database: db,
        lookup: async () => billing(live('paused', 4000, 'c_crowd')),
        now: now + 120_000,
      });
      expect((await readEntitlement(db, 'c_crowd'))?.status).toBe('paused');
    });

    it('stores "no subscription" for a customer without one', async () => {
      const found = await getEntitlement('c_none', { database: db, lookup: async () => billing() });
      expect(found).toMatchObject({ subscriptionId: null, status: null });
    });

    it('falls back to a recent record when the API is down, and refuses to guess without one', async () => {
      const down = async (): Promise<LiveBilling> => {
        throw new Error('billing down');
      };
      const stale = (await readEntitlement(db, 'c_live'))?.syncedAt ?? 0;
      expect(
        (await getEntitlement('c_live', { database: db, lookup: down, now: stale + 120_000 })).status,
      ).toBe('paused');
      await expect(getEntitlement('c_nobody', { database: db, lookup: down })).rejects.toBeInstanceOf(
        EntitlementUnavailable,
      );
    });
  });
});

describe('parseWebhook', () => {
  it('refuses bodies that are not events, and subscription events without a subscription', () => {
    expect(parseWebhook('hello').ok).toBe(false);
    expect(parseWebhook({ id: 'ev_1' }).ok).toBe(false);
    expect(parseWebhook({ ...event('c', 'active', 1), id: '../x' }).ok).toBe(false);
    expect(parseWebhook({ ...event('c', 'active', 1), content: { customer: { id: 'c' } } }).ok).toBe(false);
    expect(parseWebhook({ ...event('c', 'active', 1), content: { subscription: { id: 's' } } }).ok).toBe(
      false,
    );
  });

  it('takes customer_id from content.customer when the subscription leaves it out, as the doc sample does', () => {
    const body = event('c_doc', 'non_renewing', 1);
    const { customer_id: _omitted, ...subscription } = body.content.subscription;
    const result = parseWebhook({ ...body, content: { ...body.content, subscription } });
    expect(result.ok && result.value.subscription?.customer_id).toBe('c_doc');
  });
});

import { describe, expect, it } from 'vitest';
import {
  customerResponse,
  eventSchema,
  hostedPageResponse,
  itemPriceResponse,
  portalSessionResponse,
  subscriptionList,
  subscriptionSchema,
} from '@/lib/chargebee/schemas';

// Sample payloads from shared/spec/chargebee-api.md and chargebee-billing.md (doc samples, trimmed).
const portalSessionSample = {
  portal_session: {
    id: 'portal_XpbGElGQgEHspHB',
    token: 'cuqdrWacuITd2cabvf97KJD73SpNcd7BICB',
    access_url: 'https://yourapp.chargebeeportal.com/portal/access/cuqdrWacuITd2cabvf97KJD73SpNcd7BICB',
    redirect_url: 'https://yourdomain.com/users/3490343',
    status: 'created',
    created_at: 1517505973,
    expires_at: 1517509573,
    object: 'portal_session',
    customer_id: 'XpbGEt7QgEHsnL7O',
    linked_customers: [
      {
        object: 'linked_customer',
        customer_id: 'XpbGEt7QgEHsnL7O',
        email: 'john@user.com',
        has_billing_address: false,
        has_payment_method: false,
        has_active_subscription: false,
      },
    ],
  },
};

const customerSample = {
  customer: {
    id: 'cust_1',
    first_name: 'Ann',
    email: 'ann@example.com',
    auto_collection: 'on',
    net_term_days: 0,
    allow_direct_debit: false,
    created_at: 1341085225,
    taxability: 'taxable',
    updated_at: 1349120450,
    resource_version: 1349120450000,
    deleted: false,
    object: 'customer',
    card_status: 'valid',
    primary_payment_source_id: 'pm_X',
    payment_method: {
      object: 'payment_method',
      type: 'card',
      reference_id: 'tok_X',
      gateway: 'chargebee',
      gateway_account_id: 'gw_X',
      status: 'valid',
    },
    promotional_credits: 0,
    refundable_credits: 0,
    excess_payments: 0,
    unbilled_charges: 0,
    preferred_currency_code: 'USD',
  },
};

const subscriptionSample = {
  id: 'sub_1',
  customer_id: 'cust_1',
  status: 'active',
  currency_code: 'USD',
  billing_period: 1,
  billing_period_unit: 'month',
  created_at: 1612890916,
  started_at: 1612890916,
  activated_at: 1612890916,
  current_term_start: 1612890916,
  current_term_end: 1615310116,
  next_billing_at: 1615310116,
  due_invoices_count: 0,
  has_scheduled_changes: false,
  resource_version: 1612890917000,
  updated_at: 1612890917,
  deleted: false,
  object: 'subscription',
  subscription_items: [
    {
      item_price_id: 'basic-USD',
      item_type: 'plan',
      quantity: 1,
      unit_price: 1000,
      amount: 1000,
      free_quantity: 0,
      object: 'subscription_item',
    },
  ],
};

const itemPriceSample = {
  item_price: {
    id: 'pro-INR-Monthly',
    name: 'pro INR Monthly',
    item_id: 'pro',
    item_type: 'plan',
    pricing_model: 'flat_fee',
    price: 10000,
    currency_code: 'INR',
    period: 1,
    period_unit: 'month',
    status: 'active',
  },
};

const hostedPageSample = {
  hosted_page: {
    id: '7R24cuBNjHkMb6ShGwxtGkqHM3Dcu5S',
    type: 'checkout_new',
    url: 'https://acme.chargebee.com/pages/v3/7R24cuBNjHkMb6ShGwxtGkqHM3Dcu5S/',
    state: 'created',
    embed: false,
    created_at: 1528093752,
    expires_at: 1528104552,
    object: 'hosted_page',
    updated_at: 1528093752,
    resource_version: 1528093752000,
  },
};

const eventSample = {
  id: 'ev_3Nl7oGgQqGFwp01r',
  occurred_at: 1349120451,
  source: 'admin_console',
  object: 'event',
  api_version: 'v2',
  event_type: 'subscription_cancellation_scheduled',
  webhook_status: 'not_configured',
  content: {
    subscription: {
      id: 'sub_1',
      status: 'non_renewing',
      cancelled_at: 1349638824,
      remaining_billing_cycles: 0,
      resource_version: 1349120451000,
      object: 'subscription',
    },
    customer: { id: 'cust_1', object: 'customer' },
  },
};

describe('billing response schemas against the spec samples', () => {
  it('reads a portal session with its linked customers', () => {
    const parsed = portalSessionResponse.parse(portalSessionSample);
    expect(parsed.portal_session).toMatchObject({
      id: 'portal_XpbGElGQgEHspHB',
      status: 'created',
      expires_at: 1517509573,
    });
    expect(parsed.portal_session.linked_customers?.[0]?.email).toBe('john@user.com');
  });

  it('reads a customer and drops attributes the site does not use', () => {
    const { customer } = customerResponse.parse(customerSample);
    expect(customer).toEqual({
      id: 'cust_1',
      first_name: 'Ann',
      email: 'ann@example.com',
      created_at: 1341085225,
      resource_version: 1349120450000,
      deleted: false,
    });
  });

  it('reads a PC 2.0 subscription and a list envelope with next_offset', () => {
    const list = subscriptionList.parse({
      list: [{ subscription: subscriptionSample, customer: customerSample.customer }],
      next_offset: '["1630848839000","42903379"]',
    });
    expect(list.next_offset).toBe('["1630848839000","42903379"]');
    expect(list.list[0]?.subscription).toMatchObject({
      status: 'active',
      current_term_end: 1615310116,
      resource_version: 1612890917000,
      subscription_items: [{ item_price_id: 'basic-USD', item_type: 'plan' }],
    });
    expect(subscriptionList.parse({ list: [] }).next_offset).toBeUndefined();
  });

  it('reads an item price and a hosted page', () => {
    expect(itemPriceResponse.parse(itemPriceSample).item_price).toMatchObject({
      price: 10000,
      period_unit: 'month',
    });
    expect(hostedPageResponse.parse(hostedPageSample).hosted_page).toMatchObject({
      state: 'created',
      type: 'checkout_new',
    });
  });

  it('reads an event envelope; its trimmed subscription lacks customer_id, so the strict schema says so', () => {
    const event = eventSchema.parse(eventSample);
    expect(event.event_type).toBe('subscription_cancellation_scheduled');
    expect(subscriptionSchema.safeParse(event.content.subscription).success).toBe(false);
    const full = { ...eventSample.content.subscription, customer_id: 'cust_1' };
    expect(subscriptionSchema.parse(full)).toMatchObject({
      status: 'non_renewing',
      cancelled_at: 1349638824,
    });
  });

  it('refuses bodies that are missing what the site relies on', () => {
    expect(portalSessionResponse.safeParse({ portal_session: { id: 'p' } }).success).toBe(false);
    expect(customerResponse.safeParse({ customer: { email: 'x@example.com' } }).success).toBe(false);
    expect(subscriptionSchema.safeParse({ ...subscriptionSample, status: 1 }).success).toBe(false);
    expect(subscriptionList.safeParse({ list: [{ customer: customerSample.customer }] }).success).toBe(false);
    expect(eventSchema.safeParse({ ...eventSample, id: '../ev' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...eventSample, content: 'x' }).success).toBe(false);
  });
});

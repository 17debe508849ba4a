import { z } from 'zod';
import {
  createCustomer,
  listCustomers,
  retrieveCustomer,
  updateBillingInfo,
  updateCustomer,
} from '../customers';
import { decodeOffset } from './pagination';
import { cb } from './params';
import { route } from './route';

export const billingAddressParams = z
  .object({
    first_name: cb.string(150),
    last_name: cb.string(150),
    email: cb.email(),
    company: cb.string(250),
    phone: cb.string(50),
    line1: cb.string(150),
    line2: cb.string(150),
    line3: cb.string(150),
    city: cb.string(50),
    state_code: cb.string(50),
    state: cb.string(50),
    zip: cb.string(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code, e.g. US'),
  })
  .partial();

const contactParams = {
  first_name: cb.string(150).optional(),
  last_name: cb.string(150).optional(),
  email: cb.email().optional(),
  phone: cb.string(50).optional(),
  company: cb.string(250).optional(),
  auto_collection: cb.enum(['on', 'off']).optional(),
  preferred_currency_code: z.enum(['USD']).optional(),
};

export const customerRoutes = [
  route({
    method: 'POST',
    path: 'customers',
    unsupported: [
      'card',
      'payment_method',
      'payment_intent',
      'meta_data',
      'locale',
      'taxability',
      'vat_number',
      'net_term_days',
      'allow_direct_debit',
      'consolidated_invoicing',
      'invoice_notes',
      'entity_code',
      'exempt_number',
      'customer_type',
    ],
    params: z.object({
      id: cb.id(50).optional(),
      ...contactParams,
      billing_address: billingAddressParams.optional(),
    }),
    handle: (params, { db, source }) => createCustomer(db, params, source),
  }),
  route({
    method: 'GET',
    path: 'customers',
    params: z.object({
      email: cb.isFilter(cb.string(70)).optional(),
      limit: cb.limit(),
      offset: cb.offset(),
    }),
    handle: ({ email, limit, offset }, { db }) =>
      listCustomers(db, { email, limit, cursor: decodeOffset(offset) }),
  }),
  route({
    method: 'GET',
    path: 'customers/:customer_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveCustomer(db, ids.customer_id as string),
  }),
  route({
    method: 'POST',
    path: 'customers/:customer_id',
    params: z.object(contactParams),
    handle: (params, { db, ids, source }) => updateCustomer(db, ids.customer_id as string, params, source),
  }),
  route({
    method: 'POST',
    path: 'customers/:customer_id/update_billing_info',
    params: z.object({ billing_address: billingAddressParams.optional() }),
    handle: ({ billing_address }, { db, ids, source }) =>
      updateBillingInfo(db, ids.customer_id as string, billing_address ?? {}, source),
  }),
];

import { z } from 'zod';
import { paymentSourceStatuses, paymentSourceTypes } from '../payment-source-wire';
import {
  addCard,
  assignPaymentRole,
  deletePaymentSource,
  listPaymentSources,
  retrievePaymentSource,
  updateCard,
} from '../payment-sources';
import { errors } from './errors';
import { decodeOffset } from './pagination';
import { cb } from './params';
import { route } from './route';

const names = { first_name: cb.string(50).optional(), last_name: cb.string(50).optional() };
const expiryMonth = cb.integer(1, 12);
const expiryYear = cb.integer(1000, 9999);

/** A missing `card` reads as an empty one, so the error names the first missing field, e.g. card[number]. */
const orEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? {}, schema);

const newCard = z.object({
  number: cb.nonEmpty(40),
  expiry_month: expiryMonth,
  expiry_year: expiryYear,
  cvv: z.string().max(10).optional(),
  ...names,
});

const cardChanges = z.object({
  number: z.unknown().optional(),
  expiry_month: expiryMonth.optional(),
  expiry_year: expiryYear.optional(),
  ...names,
});

export const paymentSourceRoutes = [
  route({
    method: 'POST',
    path: 'payment_sources/create_card',
    params: z.object({
      customer_id: cb.id(50),
      replace_primary_payment_source: cb.boolean().optional(),
      card: orEmpty(newCard),
    }),
    handle: ({ customer_id, replace_primary_payment_source, card }, { db, source }) =>
      addCard(db, customer_id, card, { makePrimary: replace_primary_payment_source }, source),
  }),
  route({
    method: 'GET',
    path: 'payment_sources',
    params: z.object({
      customer_id: cb.isFilter(cb.id(50)).optional(),
      type: cb.enumFilter(paymentSourceTypes),
      status: cb.enumFilter(paymentSourceStatuses),
      include_deleted: cb.boolean().optional(),
      limit: cb.limit(),
      offset: cb.offset(),
    }),
    handle: (params, { db }) =>
      listPaymentSources(db, {
        customerId: params.customer_id,
        types: params.type,
        statuses: params.status,
        includeDeleted: params.include_deleted,
        limit: params.limit,
        cursor: decodeOffset(params.offset),
      }),
  }),
  route({
    method: 'GET',
    path: 'payment_sources/:payment_source_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrievePaymentSource(db, ids.payment_source_id as string),
  }),
  route({
    method: 'POST',
    path: 'payment_sources/:payment_source_id/update_card',
    params: z.object({ card: orEmpty(cardChanges) }),
    handle: ({ card }, { db, ids, source }) => {
      if (card.number !== undefined) {
        throw errors.paramWrongValue('card[number]', 'cannot be changed; add the new card instead');
      }
      return updateCard(db, ids.payment_source_id as string, card, source);
    },
  }),
  route({
    method: 'POST',
    path: 'payment_sources/:payment_source_id/delete',
    params: z.object({}),
    handle: (_, { db, ids, source }) => deletePaymentSource(db, ids.payment_source_id as string, source),
  }),
  route({
    method: 'POST',
    path: 'customers/:customer_id/assign_payment_role',
    params: z.object({
      payment_source_id: cb.id(40),
      role: cb.enum(['primary', 'backup', 'none']),
    }),
    handle: ({ payment_source_id, role }, { db, ids, source }) =>
      assignPaymentRole(db, ids.customer_id as string, { paymentSourceId: payment_source_id, role }, source),
  }),
];

import { z } from 'zod';
import { nowSeconds } from '../clock';
import { collectCustomerPayment, collectInvoicePayment } from '../dunning';
import { createInvoiceDownload } from '../invoice-download';
import {
  invoiceStatuses,
  listCustomerInvoices,
  listInvoices,
  listSubscriptionInvoices,
  retrieveInvoice,
} from '../invoices';
import { decodeOffset } from './pagination';
import { cb } from './params';
import { route } from './route';

const page = { limit: cb.limit(), offset: cb.offset(), status: cb.enumFilter(invoiceStatuses) };

export const invoiceRoutes = [
  route({
    method: 'GET',
    path: 'invoices',
    params: z.object({
      customer_id: cb.isFilter(cb.id(50)).optional(),
      subscription_id: cb.isFilter(cb.id(50)).optional(),
      ...page,
    }),
    handle: (params, { db }) =>
      listInvoices(db, {
        customerId: params.customer_id,
        subscriptionId: params.subscription_id,
        status: params.status,
        limit: params.limit,
        cursor: decodeOffset(params.offset),
      }),
  }),
  route({
    method: 'GET',
    path: 'invoices/:invoice_id',
    params: z.object({}),
    handle: (_, { db, ids }) => retrieveInvoice(db, ids.invoice_id as string),
  }),
  route({
    method: 'POST',
    path: 'invoices/:invoice_id/collect_payment',
    params: z.object({
      payment_source_id: cb.id(40).optional(),
      comment: cb.string(300).optional(),
    }),
    // Partial amounts and payment authorisations are not implemented: refused by name, never ignored.
    unsupported: ['amount', 'authorization_transaction_id', 'payment_initiator'],
    handle: ({ payment_source_id }, { db, ids }) =>
      collectInvoicePayment(db, ids.invoice_id as string, {
        paymentSourceId: payment_source_id,
        at: nowSeconds(),
        source: 'api',
      }),
  }),
  route({
    method: 'POST',
    path: 'customers/:customer_id/collect_payment',
    params: z.object({
      invoice_allocations: z.object({ invoice_id: z.array(cb.id(50)).min(1).max(50) }),
      payment_source_id: cb.id(40).optional(),
    }),
    // One charge for the invoices' whole dues from a stored card; partial amounts and other ways to pay
    // are not implemented: refused by name, never ignored.
    unsupported: [
      'amount',
      'invoice_allocations[allocation_amount]',
      'token_id',
      'card',
      'payment_method',
      'payment_intent',
      'replace_primary_payment_source',
      'retain_payment_source',
      'payment_initiator',
    ],
    handle: ({ invoice_allocations, payment_source_id }, { db, ids }) =>
      collectCustomerPayment(db, ids.customer_id as string, {
        invoiceIds: invoice_allocations.invoice_id,
        paymentSourceId: payment_source_id,
        at: nowSeconds(),
        source: 'api',
      }),
  }),
  route({
    method: 'POST',
    path: 'invoices/:invoice_id/pdf',
    params: z.object({ disposition_type: cb.enum(['attachment', 'inline']).optional() }),
    handle: ({ disposition_type }, { db, ids }) =>
      createInvoiceDownload(db, ids.invoice_id as string, disposition_type),
  }),
  route({
    method: 'GET',
    path: 'subscriptions/:subscription_id/invoices',
    params: z.object(page),
    handle: ({ status, limit, offset }, { db, ids }) =>
      listSubscriptionInvoices(db, ids.subscription_id as string, {
        status,
        limit,
        cursor: decodeOffset(offset),
      }),
  }),
  route({
    method: 'GET',
    path: 'customers/:customer_id/invoices',
    params: z.object(page),
    handle: ({ status, limit, offset }, { db, ids }) =>
      listCustomerInvoices(db, ids.customer_id as string, { status, limit, cursor: decodeOffset(offset) }),
  }),
];

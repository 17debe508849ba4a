import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brand } from '@/lib/brand';
import { customers } from '@/lib/db/schema';
import { ensureCatalog } from '@/lib/provider/catalog';
import {
  checkInvoiceLink,
  createInvoiceDownload,
  serveInvoiceDownload,
} from '@/lib/provider/invoice-download';
import { formatMoney, renderInvoicePdf } from '@/lib/provider/invoice-pdf';
import { requireInvoice } from '@/lib/provider/invoices';
import { createSubscriptionForItems } from '@/lib/provider/subscriptions';
import { formerBrandNames } from '../support/brand';
import { type Backend, backends, type TestDatabase } from '../support/databases';
import { newCustomer, t0 } from './billing-fixtures';

process.env.AUTH_SECRET ??= 'billing-pdf-test-secret-0123456789abcdef';
process.env.PROVIDER_API_KEY ??= 'test_billing_pdf_key_0123';
process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pdf-'));

/** The strings drawn on the PDF's pages: content streams are deflated, text is hex-encoded Latin-1. */
function drawnText(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf).toString('latin1');
  const texts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const text of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      texts.push(Buffer.from(text[1] ?? '', 'hex').toString('latin1'));
    }
  }
  return texts;
}

describe('invoice PDF and its download link', () => {
  let database: TestDatabase;
  let db: TestDatabase['handle']['db'];
  let invoiceId: string;
  beforeAll(async () => {
    database = await (backends()[0] as Backend).create();
    db = database.handle.db;
    await ensureCatalog(db);
    const customerId = await newCustomer(db);
    const { invoice } = await createSubscriptionForItems(
      db,
      customerId,
      { trialEnd: 0, items: [{ itemPriceId: 'patron-USD-yearly' }] },
      'api',
      t0,
    );
    invoiceId = invoice?.id as string;
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('draws the number, dates, customer, address, line items, totals and status', async () => {
    const invoice = await requireInvoice(db, invoiceId);
    const [customer] = await db.select().from(customers).where(eq(customers.id, invoice.customerId));
    if (!customer) throw new Error('customer missing');
    const pdf = await renderInvoicePdf(invoice, { ...customer, lastName: 'Łovelace ☃' });
    expect(Buffer.from(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = drawnText(pdf);
    expect(text).toEqual(
      expect.arrayContaining([
        `Invoice #${invoiceId}`,
        'Status: Paid',
        'Invoice date: 15 Jan 2027',
        'Paid on: 15 Jan 2027',
        '1 Main St',
        'Springfield',
        'US',
        `${customer.email}`,
        'Patron Yearly',
        '15 Jan 2027 - 15 Jan 2028',
        '$200.00',
        'Total',
        'Amount due',
        '$0.00',
        brand.name,
        `Questions about this invoice? Write to ${brand.contactEmail}.`,
      ]),
    );
    for (const former of formerBrandNames()) {
      expect(text.join('\n')).not.toContain(former);
      expect(Buffer.from(pdf).toString('latin1')).not.toContain(former);
    }
    expect(text.some((line) => line.startsWith('Ada ?ovelace ?'))).toBe(true);
    expect(formatMoney(123456789, 'USD')).toBe('$1,234,567.89');
    expect(formatMoney(-900, 'EUR')).toBe('-9.00 EUR');
  });

  it('signs links for an hour, and refuses them once expired or altered', async () => {
    const { download } = await createInvoiceDownload(db, invoiceId, 'inline', t0);
    expect(download.valid_till).toBe(t0 + 3600);
    const url = new URL(download.download_url);
    expect(url.pathname).toBe(`/api/provider/invoices/${invoiceId}/pdf`);
    expect(checkInvoiceLink(invoiceId, url.searchParams, t0 + 3600)).toEqual({
      ok: true,
      disposition: 'inline',
    });
    expect(checkInvoiceLink(invoiceId, url.searchParams, t0 + 3601)).toEqual({ ok: false, status: 410 });
    expect(checkInvoiceLink(`${invoiceId}0`, url.searchParams, t0)).toEqual({ ok: false, status: 403 });
    const forged = new URLSearchParams(url.searchParams);
    forged.set('expires', String(t0 + 999_999));
    expect(checkInvoiceLink(invoiceId, forged, t0 + 3601)).toEqual({ ok: false, status: 403 });

    const stale = await createInvoiceDownload(
      db,
      invoiceId,
      'attachment',
      Math.floor(Date.now() / 1000) - 3601,
    );
    const expired = await serveInvoiceDownload(new Request(stale.download.download_url), invoiceId);
    expect(expired.status).toBe(410);
    expect(expired.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await expired.json()).toMatchObject({
      api_error_code: 'link_expired',
      message: expect.stringMatching(/expired/),
    });
  });
});

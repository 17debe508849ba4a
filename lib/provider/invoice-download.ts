import { createHmac, hkdfSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db as openDb } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { realSeconds } from './clock';
import { safeEqual } from './crypto';
import { idPattern } from './ids';
import { renderInvoicePdf } from './invoice-pdf';
import { requireInvoice } from './invoices';

export type Disposition = 'attachment' | 'inline';

/** Chargebee does not document how long its links live; an hour is the spec's recommendation. */
export const downloadLifetimeSeconds = 3600;

function signature(invoiceId: string, disposition: string, expires: string): string {
  const key = Buffer.from(hkdfSync('sha256', env().authSecret, 'gatehouse', 'invoice-pdf-link', 32));
  return createHmac('sha256', key).update(`${invoiceId}\n${disposition}\n${expires}`).digest('base64url');
}

export function invoiceDownloadUrl(invoiceId: string, disposition: Disposition, validTill: number): string {
  const query = new URLSearchParams({
    disposition,
    expires: String(validTill),
    signature: signature(invoiceId, disposition, String(validTill)),
  });
  return `${env().appUrl}/api/provider/invoices/${encodeURIComponent(invoiceId)}/pdf?${query}`;
}

/** `POST /invoices/{id}/pdf`: a signed link to the PDF that works for an hour. */
export async function createInvoiceDownload(
  db: Parameters<typeof requireInvoice>[0],
  invoiceId: string,
  disposition: Disposition = 'attachment',
  now = realSeconds(),
) {
  const invoice = await requireInvoice(db, invoiceId);
  const validTill = now + downloadLifetimeSeconds;
  return {
    download: {
      download_url: invoiceDownloadUrl(invoice.id, disposition, validTill),
      valid_till: validTill,
      mime_type: 'application/pdf',
      object: 'download',
    },
  };
}

export type LinkCheck = { ok: true; disposition: Disposition } | { ok: false; status: 403 | 410 };

/** The signature is checked (in constant time) before the expiry, so a forged expiry is never trusted. */
export function checkInvoiceLink(invoiceId: string, query: URLSearchParams, now = realSeconds()): LinkCheck {
  const disposition = query.get('disposition') ?? '';
  const expires = query.get('expires') ?? '';
  const given = query.get('signature') ?? '';
  if (
    (disposition !== 'attachment' && disposition !== 'inline') ||
    !/^\d{1,12}$/.test(expires) ||
    !safeEqual(given, signature(invoiceId, disposition, expires))
  ) {
    return { ok: false, status: 403 };
  }
  if (Number(expires) < now) return { ok: false, status: 410 };
  return { ok: true, disposition };
}

function problem(status: number, code: string, message: string): Response {
  return Response.json(
    { message, api_error_code: code, http_status_code: status },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** Serves the PDF behind a signed link; a tampered link is 403 and an expired one 410, never the PDF. */
export async function serveInvoiceDownload(request: Request, invoiceId: string): Promise<Response> {
  if (!env().provider.enabled || !idPattern.test(invoiceId))
    return problem(404, 'resource_not_found', 'There is no invoice at this address.');
  const check = checkInvoiceLink(invoiceId, new URL(request.url).searchParams);
  if (!check.ok && check.status === 410)
    return problem(
      410,
      'link_expired',
      'This download link has expired. Download the invoice again to get a new link.',
    );
  if (!check.ok)
    return problem(
      403,
      'invalid_signature',
      'This download link is not valid. Download the invoice again to get a new link.',
    );
  try {
    const database = await openDb();
    const invoice = await requireInvoice(database, invoiceId).catch(() => undefined);
    const [customer] = invoice
      ? await database.select().from(customers).where(eq(customers.id, invoice.customerId))
      : [];
    if (!invoice || !customer) return problem(404, 'resource_not_found', 'This invoice no longer exists.');
    const pdf = await renderInvoicePdf(invoice, customer);
    return new Response(Buffer.from(pdf), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `${check.disposition}; filename="invoice-${invoice.id}.pdf"`,
        'Content-Length': String(pdf.byteLength),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    console.error('[invoices] could not serve invoice PDF', invoiceId, error);
    return problem(
      503,
      'internal_temporary_error',
      'The invoice could not be produced right now. Try again shortly.',
    );
  }
}

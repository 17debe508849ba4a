import { db } from '@/lib/db/client';
import { seeOther } from '@/lib/portal/requests';
import { findPortalCustomer } from '@/lib/portal/session';
import { idPattern } from '@/lib/provider/ids';
import { createInvoiceDownload } from '@/lib/provider/invoice-download';
import { requireInvoice } from '@/lib/provider/invoices';

export const dynamic = 'force-dynamic';

function notFound(): Response {
  return new Response('There is no such invoice on your account.', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** "Download PDF": only the signed-in customer's own invoice, through a fresh signed link (303). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const signedIn = await findPortalCustomer();
  if (!signedIn) return seeOther('/portal/login');
  const { id } = await params;
  if (!idPattern.test(id)) return notFound();
  const database = await db();
  const invoice = await requireInvoice(database, id).catch(() => undefined);
  if (!invoice || invoice.customerId !== signedIn.customer.id) return notFound();
  const { download } = await createInvoiceDownload(database, invoice.id, 'attachment');
  return seeOther(download.download_url, { 'Referrer-Policy': 'no-referrer' });
}

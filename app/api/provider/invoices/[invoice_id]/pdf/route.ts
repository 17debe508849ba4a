import { serveInvoiceDownload } from '@/lib/provider/invoice-download';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ invoice_id: string }> };

export async function GET(request: Request, { params }: Context) {
  return serveInvoiceDownload(request, (await params).invoice_id);
}

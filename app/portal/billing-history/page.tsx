import type { Metadata } from 'next';
import { InvoiceTable } from '@/components/portal/invoice-table';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { Card } from '@/components/ui/card';
import { db } from '@/lib/db/client';
import { loadInvoices } from '@/lib/portal/billing';
import { requirePortalCustomer } from '@/lib/portal/session';

export const metadata: Metadata = { title: 'Billing history' };

export default async function BillingHistoryPage() {
  const { customer } = await requirePortalCustomer();
  const invoices = await loadInvoices(await db(), customer.id);
  return (
    <PortalPage>
      <PageHeading
        title="Billing history"
        intro="Every invoice we have sent you, newest first. Download any of them as a PDF for your records."
      />
      <Card>
        {invoices.length > 0 ? (
          <InvoiceTable invoices={invoices} />
        ) : (
          <p className="text-sm text-slate-600" data-testid="no-invoices">
            No invoices yet. Your first one appears here when you are first charged.
          </p>
        )}
      </Card>
    </PortalPage>
  );
}

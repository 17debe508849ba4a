import type { Metadata } from 'next';
import { AddressForm } from '@/components/portal/address-form';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { Card } from '@/components/ui/card';
import { countryOptions } from '@/lib/portal/countries';
import { requirePortalCustomer } from '@/lib/portal/session';
import { saveBillingAddress } from './actions';

export const metadata: Metadata = { title: 'Billing address' };

export default async function AddressPage() {
  const { customer } = await requirePortalCustomer();
  const address = customer.billingAddress ?? {};
  return (
    <PortalPage>
      <PageHeading title="Billing address" intro="We print this address on your invoices." />
      <Card title="Address on your invoices">
        <AddressForm
          action={saveBillingAddress}
          countries={countryOptions}
          initial={{
            first_name: address.first_name ?? customer.firstName ?? '',
            last_name: address.last_name ?? customer.lastName ?? '',
            company: address.company ?? customer.company ?? '',
            line1: address.line1 ?? '',
            line2: address.line2 ?? '',
            city: address.city ?? '',
            state: address.state ?? '',
            zip: address.zip ?? '',
            country: address.country ?? '',
          }}
        />
      </Card>
    </PortalPage>
  );
}

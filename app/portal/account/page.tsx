import type { Metadata } from 'next';
import { AccountForm } from '@/components/portal/account-form';
import { EmailChangeForm } from '@/components/portal/email-change-form';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { Card } from '@/components/ui/card';
import { requirePortalCustomer } from '@/lib/portal/session';
import { changeEmail, saveAccountDetails } from './actions';

export const metadata: Metadata = { title: 'Account details' };

export default async function AccountPage() {
  const { customer } = await requirePortalCustomer();
  return (
    <PortalPage>
      <PageHeading
        title="Account details"
        intro="These details are on your invoices and in the emails we send about your subscription."
      />
      <Card title="Your details">
        <AccountForm
          action={saveAccountDetails}
          initial={{
            first_name: customer.firstName ?? '',
            last_name: customer.lastName ?? '',
            phone: customer.phone ?? '',
            company: customer.company ?? '',
          }}
        />
      </Card>
      <Card title="Email address" description="Changing it takes a code sent to the new address.">
        <EmailChangeForm action={changeEmail} currentEmail={customer.email ?? ''} />
      </Card>
    </PortalPage>
  );
}

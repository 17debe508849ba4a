import type { Metadata } from 'next';
import Link from 'next/link';
import { ChevronRightIcon } from '@/components/portal/icons';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { portalSections } from '@/lib/portal/sections';
import { requirePortalCustomer } from '@/lib/portal/session';
import { addressLines, fullName } from '@/lib/portal/summary';

export const metadata: Metadata = { title: 'Overview' };

function Detail({ label, value, wide }: { label: string; value?: string | null; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? 'sm:col-span-2' : ''}`}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-1 wrap-anywhere text-sm ${value ? 'text-slate-900' : 'text-slate-400'}`}>
        {value || 'Not given'}
      </dd>
    </div>
  );
}

export default async function PortalHomePage() {
  const { customer } = await requirePortalCustomer();
  const name = fullName(customer);
  const address = addressLines(customer.billingAddress);
  const more = portalSections.filter(
    (section) => !['/portal', '/portal/account', '/portal/address'].includes(section.href),
  );
  return (
    <PortalPage>
      <PageHeading
        title={customer.firstName ? `Hello, ${customer.firstName}` : 'Your account'}
        intro="Here you can check and change the details we keep for your subscription billing."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Account details"
          action={
            <ButtonLink href="/portal/account" variant="secondary" size="sm">
              Edit
            </ButtonLink>
          }
        >
          <dl className="grid gap-4 sm:grid-cols-2">
            <Detail label="Name" value={name} />
            <Detail label="Company" value={customer.company} />
            <Detail label="Email" value={customer.email} wide />
            <Detail label="Phone" value={customer.phone} />
          </dl>
        </Card>
        <Card
          title="Billing address"
          action={
            <ButtonLink href="/portal/address" variant="secondary" size="sm">
              {address.length > 0 ? 'Edit' : 'Add'}
            </ButtonLink>
          }
        >
          {address.length > 0 ? (
            <address className="text-sm leading-6 not-italic text-slate-900" data-testid="billing-address">
              {address.map((line) => (
                <span key={line} className="block">
                  {line}
                </span>
              ))}
            </address>
          ) : (
            <p className="text-sm text-slate-500">
              No billing address yet. Add one so it appears on your invoices.
            </p>
          )}
        </Card>
      </div>
      {more.length > 0 ? (
        <ul className="grid gap-3 sm:grid-cols-2">
          {more.map((section) => (
            <li key={section.href}>
              <Link
                href={section.href}
                className="flex items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-xs hover:border-teal-600"
              >
                <span>
                  <span className="block text-sm font-semibold text-slate-900">{section.label}</span>
                  <span className="mt-0.5 block text-sm text-slate-500">{section.description}</span>
                </span>
                <ChevronRightIcon className="size-4 shrink-0 text-slate-400" />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </PortalPage>
  );
}

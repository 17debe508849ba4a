import type { Metadata } from 'next';
import Link from 'next/link';
import { DuesPanel } from '@/components/portal/dues-panel';
import { ChevronRightIcon } from '@/components/portal/icons';
import { PageHeading, PortalPage } from '@/components/portal/page-heading';
import { StatusBadge } from '@/components/portal/status-badge';
import { SubscriptionCard } from '@/components/portal/subscription-card';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { db } from '@/lib/db/client';
import {
  type CardView,
  type InvoiceView,
  loadCards,
  loadInvoices,
  loadSubscriptions,
  payingCard,
} from '@/lib/portal/billing';
import {
  cardExpiry,
  cardLabel,
  cardStatusMark,
  formatDate,
  formatMoney,
  invoiceStatus,
} from '@/lib/portal/billing-format';
import { duesAmount, duesOf } from '@/lib/portal/dues';
import { portalSections } from '@/lib/portal/sections';
import { requirePortalCustomer } from '@/lib/portal/session';
import { addressLines, fullName } from '@/lib/portal/summary';
import { dunningSchedule } from '@/lib/provider/dunning';

// A page in the layout's own folder does not get the layout's title template, so it spells it out.
export const metadata: Metadata = { title: { absolute: 'Overview · Billing portal' } };

function Detail({ label, value, wide }: { label: string; value?: string | null; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? 'sm:col-span-2' : ''}`}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`mt-1 wrap-anywhere text-sm ${value ? 'text-slate-900' : 'text-slate-500'}`}>
        {value || 'Not given'}
      </dd>
    </div>
  );
}

function PrimaryCard({ card }: { card?: CardView }) {
  if (!card)
    return (
      <p className="text-sm text-slate-500" data-testid="primary-card">
        No card on file. Add one so your subscription can renew.
      </p>
    );
  const mark = cardStatusMark(card.status);
  return (
    <div data-testid="primary-card">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-semibold text-slate-900">{cardLabel(card)}</span>
        {mark ? <StatusBadge tone={mark.tone}>{mark.text}</StatusBadge> : null}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {card.status === 'expired' ? 'Expired' : 'Expires'} {cardExpiry(card)}
        {card.name ? ` · ${card.name}` : ''}
      </p>
      {card.status === 'expired' || card.status === 'expiring' ? (
        <p className="mt-2 text-sm text-amber-900">
          {card.status === 'expired' ? 'This card has expired.' : 'This card expires soon.'} Add a new card to
          keep your subscription running.
        </p>
      ) : null}
    </div>
  );
}

function RecentInvoices({ invoices }: { invoices: readonly InvoiceView[] }) {
  if (invoices.length === 0) return <p className="text-sm text-slate-500">No invoices yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="recent-invoices">
      {invoices.map((invoice) => {
        const status = invoiceStatus(invoice.status);
        return (
          <li
            key={invoice.id}
            className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5 first:pt-0 last:pb-0"
          >
            <span className="text-sm">
              <span className="font-semibold text-slate-900">#{invoice.id}</span>
              <span className="text-slate-500"> · {formatDate(invoice.date)}</span>
            </span>
            <span className="flex items-center gap-2 text-sm text-slate-900 tabular-nums">
              {formatMoney(invoice.total, invoice.currencyCode)}
              <StatusBadge tone={status.tone}>{status.text}</StatusBadge>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

export default async function PortalHomePage() {
  const { customer } = await requirePortalCustomer();
  const database = await db();
  const [subscriptions, cards, invoices] = await Promise.all([
    loadSubscriptions(database, customer.id),
    loadCards(database, customer.id),
    loadInvoices(database, customer.id),
  ]);
  const dues = duesOf(invoices);
  const primary = cards.find((card) => card.role === 'primary');
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
      {dues ? (
        <DuesPanel dues={dues} schedule={dunningSchedule()}>
          <ButtonLink href="/portal/payment-methods#pay" className="w-full sm:w-auto">
            Pay {duesAmount(dues)} now
          </ButtonLink>
        </DuesPanel>
      ) : null}
      <Card
        title={subscriptions.length === 1 ? 'Your subscription' : 'Your subscriptions'}
        action={
          subscriptions.length > 1 ? (
            <ButtonLink href="/portal/subscriptions" variant="secondary" size="sm">
              See all
            </ButtonLink>
          ) : undefined
        }
      >
        {subscriptions.length > 0 ? (
          <ul className="flex flex-col divide-y divide-slate-100">
            {subscriptions.slice(0, 3).map((subscription) => (
              <li key={subscription.id} className="py-2 first:pt-0 last:pb-0">
                <SubscriptionCard
                  subscription={subscription}
                  card={payingCard(subscription, cards) ?? null}
                  plain
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500" data-testid="no-subscriptions">
            You have no subscriptions yet.
          </p>
        )}
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card
          title="Payment method"
          action={
            <ButtonLink href="/portal/payment-methods" variant="secondary" size="sm">
              {primary ? 'Manage' : 'Add a card'}
            </ButtonLink>
          }
        >
          <PrimaryCard card={primary} />
        </Card>
        <Card
          title="Recent invoices"
          action={
            <ButtonLink href="/portal/billing-history" variant="secondary" size="sm">
              Billing history
            </ButtonLink>
          }
        >
          <RecentInvoices invoices={invoices.slice(0, 3)} />
        </Card>
      </div>
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

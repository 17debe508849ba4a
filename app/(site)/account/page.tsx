import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/site/notice';
import { PaymentDueNotice, updateCardHref } from '@/components/site/payment-due-notice';
import { kicker, pageContainer, primaryButton, quietLink, secondaryButton } from '@/components/site/styles';
import { requireCustomer } from '@/lib/auth/access';
import { accessOf } from '@/lib/auth/entitlement-rules';
import { EntitlementUnavailable, getEntitlement, type StoredEntitlement } from '@/lib/auth/entitlements';
import { retrieveItemPrice } from '@/lib/chargebee/item-prices';
import type { ItemPrice } from '@/lib/chargebee/schemas';
import { formatStatus } from '@/lib/site/format';
import { describeStanding } from '@/lib/site/standing';
import { LinkedAccounts } from './linked-accounts';
import { accountNotice } from './notices';

export const metadata: Metadata = { title: 'Your account' };

async function loadEntitlement(customerId: string): Promise<StoredEntitlement | null> {
  try {
    return await getEntitlement(customerId);
  } catch (error) {
    if (error instanceof EntitlementUnavailable) return null;
    throw error;
  }
}

/** The plan's item price (for its name and price), or null when there is none or it cannot be read. */
async function loadPlan(planId: string | null): Promise<ItemPrice | null> {
  if (!planId) return null;
  try {
    return await retrieveItemPrice(planId);
  } catch {
    return null;
  }
}

const standingTones = {
  good: 'text-stone-700',
  neutral: 'text-stone-700',
  warning: 'font-medium text-amber-900',
  ended: 'text-stone-700',
};

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 py-4 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-stone-500">{label}</dt>
      <dd data-testid={testId} className="text-stone-900 sm:col-span-2">
        {children}
      </dd>
    </div>
  );
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const customer = await requireCustomer('/account');
  const { notice } = await searchParams;
  const message = accountNotice(notice);
  const entitlement = await loadEntitlement(customer.customerId);
  const plan = await loadPlan(entitlement?.planId ?? null);
  const granted = entitlement ? accessOf(entitlement).granted : false;
  const standing = entitlement ? describeStanding(entitlement, plan) : null;
  const owing = granted && (entitlement?.totalDues ?? 0) > 0;

  return (
    <div className={`${pageContainer} py-14 sm:py-20`}>
      <div className="max-w-2xl">
        <p className={kicker}>Your account</p>
        <h1 className="mt-3 font-serif text-4xl font-bold tracking-tight text-stone-900">
          {customer.name ? `Hello, ${customer.name.split(' ')[0]}` : 'Hello'}
        </h1>
        <p className="mt-2 text-stone-600" data-testid="account-identity">
          Signed in as {customer.email ?? customer.customerId}
          {customer.email ? (
            <>
              {' '}
              (account <span className="font-mono text-stone-900">{customer.customerId}</span>)
            </>
          ) : null}
          .
        </p>

        {entitlement && owing ? (
          <div className="mt-8">
            <PaymentDueNotice entitlement={entitlement} />
          </div>
        ) : null}

        {message ? (
          <div className="mt-8">
            <Notice tone={message.tone} title={message.title} testId="account-notice">
              {message.body}
            </Notice>
          </div>
        ) : null}

        <section
          aria-labelledby="membership"
          className="mt-10 rounded-2xl border border-stone-200 bg-white p-6 shadow-sm sm:p-8"
        >
          <h2 id="membership" className="font-serif text-2xl font-bold text-stone-900">
            Membership
          </h2>
          {entitlement === null ? (
            <div className="mt-4">
              <Notice tone="warning" title="Your subscription could not be checked just now.">
                The billing service did not answer. Reload the page in a minute.
              </Notice>
            </div>
          ) : (
            <dl className="mt-2 divide-y divide-stone-100">
              <Row label="Plan" testId="account-plan">
                {plan?.name ?? entitlement.planId ?? 'No plan yet'}
              </Row>
              <Row label="Status" testId="account-status">
                <span
                  className={`inline-flex rounded-full px-2.5 py-0.5 text-sm font-medium ${owing ? 'bg-amber-100 text-amber-900' : granted ? 'bg-emerald-50 text-emerald-800' : 'bg-stone-100 text-stone-700'}`}
                >
                  {owing ? 'Payment failed' : formatStatus(entitlement.status)}
                </span>
                {standing ? (
                  <p
                    className={`mt-2 text-sm ${standingTones[standing.tone]}`}
                    data-testid="account-standing"
                  >
                    {standing.summary}
                    {standing.advice ? ` ${standing.advice}` : ''}
                  </p>
                ) : null}
              </Row>
            </dl>
          )}
          <div className="mt-6 flex flex-wrap gap-3">
            {entitlement?.subscriptionId ? (
              <>
                <a href="/portal_link" className={primaryButton}>
                  Manage billing
                </a>
                <a href={updateCardHref} className={secondaryButton}>
                  Update payment method
                </a>
              </>
            ) : (
              <>
                <Link href="/pricing" className={primaryButton}>
                  Choose a plan
                </Link>
                <a href="/portal_link" className={secondaryButton}>
                  Manage billing
                </a>
              </>
            )}
          </div>
          {granted ? (
            <p className="mt-6 text-sm text-stone-600">
              <Link href="/members" className={quietLink}>
                Go to the members’ library →
              </Link>
            </p>
          ) : null}
        </section>

        <LinkedAccounts current={customer.customerId} linked={customer.linkedCustomerIds} />

        <section
          aria-labelledby="session"
          className="mt-8 flex flex-col gap-4 rounded-2xl border border-stone-200 bg-white p-6 sm:flex-row sm:items-center sm:justify-between sm:p-8"
        >
          <div>
            <h2 id="session" className="font-semibold text-stone-900">
              Sign out
            </h2>
            <p className="mt-1 text-sm text-stone-600">Ends your session here and in the billing portal.</p>
          </div>
          <form action="/auth/sign-out" method="post">
            <button type="submit" className={secondaryButton}>
              Sign out
            </button>
          </form>
        </section>
      </div>
    </div>
  );
}

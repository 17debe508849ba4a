import { secondaryButton } from '@/components/site/styles';
import { EntitlementUnavailable, getEntitlement } from '@/lib/auth/entitlements';
import { formatStatus } from '@/lib/site/format';

async function statusOf(customerId: string): Promise<string> {
  try {
    const entitlement = await getEntitlement(customerId);
    return entitlement.subscriptionId ? formatStatus(entitlement.status) : 'No subscription';
  } catch (error) {
    if (error instanceof EntitlementUnavailable) return 'Status unavailable';
    throw error;
  }
}

/**
 * The other accounts the reader's verified email belongs to, each with where its subscription stands
 * and a button to use it instead. Shown only when the portal login vouched for more than one.
 */
export async function LinkedAccounts({ current, linked }: { current: string; linked: string[] }) {
  const others = linked.filter((id) => id !== current);
  if (others.length === 0) return null;
  const statuses = await Promise.all(others.map(statusOf));
  return (
    <section
      aria-labelledby="linked-accounts"
      data-testid="linked-accounts"
      className="mt-8 rounded-2xl border border-stone-200 bg-white p-6 sm:p-8"
    >
      <h2 id="linked-accounts" className="font-semibold text-stone-900">
        Other accounts with your email
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        Your email belongs to {others.length + 1} accounts. You are using account{' '}
        <span className="font-mono text-stone-900">{current}</span>. Signing in picks the account with a live
        subscription; you can use another one here.
      </p>
      <ul className="mt-4 divide-y divide-stone-100">
        {others.map((id, index) => (
          <li key={id} className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm">
              <span className="font-mono text-stone-900">{id}</span>
              <span className="ml-2 text-stone-600">{statuses[index]}</span>
            </p>
            <form action="/auth/switch-account" method="post">
              <input type="hidden" name="customer_id" value={id} />
              <button type="submit" className={secondaryButton}>
                Use this account<span className="sr-only">&nbsp;{id}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}

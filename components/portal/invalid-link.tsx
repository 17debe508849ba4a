import Link from 'next/link';
import { AuthPanel } from './auth-panel';
import { AlertIcon } from './icons';

/** Shown instead of the login when return_url or cancel_url points somewhere not allowed. */
export function InvalidLink() {
  return (
    <AuthPanel
      tone="warning"
      icon={<AlertIcon />}
      title="This sign-in link can't be used"
      intro={
        <>
          <p data-testid="invalid-link">
            The link that brought you here asks us to send you on to an address that is not on the list of
            sites this portal may return you to. To keep your account safe, we stopped here.
          </p>
          <p className="mt-3">
            Go back to the website you came from and start signing in again. If it keeps happening, tell the
            website&apos;s support team.
          </p>
        </>
      }
    >
      <Link
        href="/portal/login"
        className="text-sm font-semibold text-teal-800 underline-offset-4 hover:underline"
      >
        Sign in to the billing portal instead
      </Link>
    </AuthPanel>
  );
}

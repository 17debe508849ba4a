import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthPanel } from '@/components/portal/auth-panel';
import { CancelLink } from '@/components/portal/cancel-link';
import { LockIcon } from '@/components/portal/icons';
import { InvalidLink } from '@/components/portal/invalid-link';
import { LoginLinkFields } from '@/components/portal/login-link-fields';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { MoveFocus } from '@/components/ui/move-focus';
import { findPortalCustomer } from '@/lib/portal/session';
import { sendCodeAction } from './actions';
import { emailErrorText } from './messages';
import { readLoginSearch, type SearchParams } from './search';

/** "Error: Sign in" while the page shows an error, so it is the first thing a screen reader hears. */
export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const search = await readLoginSearch(searchParams);
  const error = search.ok && emailErrorText(search.error, search.wait);
  return { title: error ? 'Error: Sign in' : 'Sign in' };
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const search = await readLoginSearch(searchParams);
  if (!search.ok) return <InvalidLink />;
  if (!search.links.returnUrl && (await findPortalCustomer())) redirect('/portal');
  const error = emailErrorText(search.error, search.wait);
  return (
    <AuthPanel
      icon={<LockIcon />}
      title="Sign in to your billing portal"
      intro="Enter the email address you use for your subscription. We'll email you a 6-digit code to sign in with — no password needed."
      footer={search.links.cancelUrl ? <CancelLink href={search.links.cancelUrl} /> : undefined}
    >
      <form action={sendCodeAction} noValidate className="flex flex-col gap-5">
        <LoginLinkFields links={search.links} />
        <TextField
          label="Email address"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          required
          autoFocus
          defaultValue={search.email}
          error={error}
          announceError
        />
        {error ? <MoveFocus key={`${search.error}-${search.email}`} to="field-email" /> : null}
        <Button className="w-full">Email me a code</Button>
      </form>
    </AuthPanel>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthPanel } from '@/components/portal/auth-panel';
import { CancelLink } from '@/components/portal/cancel-link';
import { MailIcon } from '@/components/portal/icons';
import { InvalidLink } from '@/components/portal/invalid-link';
import { LoginLinkFields } from '@/components/portal/login-link-fields';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { MoveFocus } from '@/components/ui/move-focus';
import { Notice } from '@/components/ui/notice';
import { emailSchema } from '@/lib/portal/email';
import { loginPath } from '@/lib/portal/login-links';
import { codeErrorText } from '../messages';
import { readLoginSearch, type SearchParams } from '../search';

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const search = await readLoginSearch(searchParams);
  const error = search.ok && codeErrorText(search.error, search.wait);
  return { title: error ? 'Error: Enter your code' : 'Enter your code' };
}

export default async function CodePage({ searchParams }: { searchParams: SearchParams }) {
  const search = await readLoginSearch(searchParams);
  if (!search.ok) return <InvalidLink />;
  const email = emailSchema.safeParse(search.email);
  if (!email.success) redirect(loginPath('email', { links: search.links }));
  const error = codeErrorText(search.error, search.wait);
  const sentTo = <strong className="font-semibold text-slate-900">{email.data}</strong>;
  return (
    <AuthPanel
      icon={<MailIcon />}
      title="Check your email"
      intro={
        <p>
          If {sentTo} can sign in here, we&apos;ve sent it a 6-digit code. It works once and expires in 10
          minutes.
        </p>
      }
      footer={search.links.cancelUrl ? <CancelLink href={search.links.cancelUrl} /> : undefined}
    >
      <div className="flex flex-col gap-6">
        {search.resent && !error ? <Notice tone="success">We&apos;ve sent you a new code.</Notice> : null}
        <form method="post" action="/portal/login/verify-code" noValidate className="flex flex-col gap-5">
          <LoginLinkFields links={search.links} />
          <input type="hidden" name="email" value={email.data} />
          <TextField
            label="Sign-in code"
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={9}
            required
            autoFocus
            error={error}
            announceError
            className="[&_input]:font-mono [&_input]:text-xl [&_input]:tracking-[0.4em]"
          />
          {error ? <MoveFocus to="field-code" /> : null}
          <Button className="w-full">Sign in</Button>
        </form>
        <div className="flex flex-col gap-3 border-t border-slate-100 pt-5 text-sm sm:flex-row sm:items-center sm:justify-between">
          <form method="post" action="/portal/login/send-code">
            <LoginLinkFields links={search.links} />
            <input type="hidden" name="email" value={email.data} />
            <input type="hidden" name="resend" value="1" />
            <Button variant="quiet">Send a new code</Button>
          </form>
          <Link
            href={loginPath('email', { links: search.links, email: email.data })}
            prefetch={false}
            className="inline-flex min-h-9 items-center font-medium text-slate-700 underline-offset-4 hover:underline"
          >
            Use a different email
          </Link>
        </div>
      </div>
    </AuthPanel>
  );
}

import type { LoginLinks } from '@/lib/portal/login-links';

/** Carries return_url and cancel_url through the sign-in forms. */
export function LoginLinkFields({ links }: { links: LoginLinks }) {
  return (
    <>
      {links.returnUrl ? <input type="hidden" name="return_url" value={links.returnUrl} /> : null}
      {links.cancelUrl ? <input type="hidden" name="cancel_url" value={links.cancelUrl} /> : null}
    </>
  );
}

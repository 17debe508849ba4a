import { createHash, randomBytes } from 'node:crypto';
import { secretsMatch } from '@/lib/auth/constant-time';
import { env } from '@/lib/env';

export const checkoutBindingCookieName = 'gatehouse_checkout';
/** As long as a hosted checkout page lives (Chargebee's three hours). */
export const checkoutBindingLifetimeSeconds = 3 * 3600;
const bindingPattern = /^[A-Za-z0-9_-]{43}$/;
const passThruPrefix = 'gatehouse-checkout:v1:';

export type CheckoutBindingCookie = {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/subscribe';
  maxAge: number;
};

/**
 * The secret that ties a signed-out visitor's checkout to their browser: kept in an HttpOnly cookie,
 * while the hosted page carries only its hash in `pass_thru_content`. Checkouts started in several
 * tabs share one binding, so finishing one never breaks another.
 */
export function startCheckoutBinding(cookieValue: string | undefined): {
  passThruContent: string;
  cookie: CheckoutBindingCookie;
} {
  const binding = bindingPattern.test(cookieValue ?? '')
    ? (cookieValue as string)
    : randomBytes(32).toString('base64url');
  return {
    passThruContent: passThruOf(binding),
    cookie: {
      name: checkoutBindingCookieName,
      value: binding,
      httpOnly: true,
      // Lax: the browser sends it when the billing site sends it back here with a top-level GET.
      sameSite: 'lax',
      secure: env().appUrl.startsWith('https://'),
      path: '/subscribe',
      maxAge: checkoutBindingLifetimeSeconds,
    },
  };
}

function passThruOf(binding: string): string {
  return `${passThruPrefix}${createHash('sha256').update(binding).digest('base64url')}`;
}

/** True when the hosted page was started by the browser holding this cookie; compared in constant time. */
export function isBoundToBrowser(passThruContent: string | undefined, cookieValue: string | undefined) {
  if (!passThruContent || !cookieValue || !bindingPattern.test(cookieValue)) return false;
  return secretsMatch(passThruContent, passThruOf(cookieValue));
}

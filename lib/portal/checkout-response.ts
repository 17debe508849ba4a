import 'server-only';
import { randomBytes } from 'node:crypto';
import { env } from '@/lib/env';
import { type CheckoutFlash, checkoutCookieName, encodeFlash } from './checkout-form';
import { seeOther } from './requests';

export function checkoutPath(id: string): string {
  return `/pages/v3/${encodeURIComponent(id)}`;
}

/**
 * Back to the checkout page after a failed attempt. What to show again rides in a short-lived cookie
 * scoped to this page (never in the address), keyed to this attempt so a plain reload starts clean.
 */
export function backToCheckout(id: string, flash: Omit<CheckoutFlash, 'page' | 'attempt'>) {
  const attempt = randomBytes(6).toString('hex');
  const response = seeOther(`${checkoutPath(id)}?attempt=${attempt}`);
  response.cookies.set(checkoutCookieName, encodeFlash({ ...flash, page: id, attempt }), {
    httpOnly: true,
    sameSite: 'lax',
    secure: env().appUrl.startsWith('https:'),
    path: checkoutPath(id),
    maxAge: 600,
  });
  return response;
}

export function unknownCheckout(): Response {
  return new Response('There is no checkout at this address.', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

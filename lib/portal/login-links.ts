import { env } from '@/lib/env';
import { warnThrottled } from '@/lib/http/throttled-warning';
import { checkRedirectUrl } from './redirects';

/** Where the portal login returns the browser to: both optional, both checked against the allow-list. */
export type LoginLinks = { returnUrl?: string; cancelUrl?: string };
export type LoginStep = 'email' | 'code';

/** Checks `return_url` and `cancel_url`; an empty value counts as absent. */
export function checkLoginLinks(raw: {
  returnUrl?: string | null;
  cancelUrl?: string | null;
}): { ok: true; links: LoginLinks } | { ok: false; field: 'return_url' | 'cancel_url'; reason: string } {
  const allowed = env().portal.allowedOrigins;
  const links: LoginLinks = {};
  for (const [field, value] of [
    ['return_url', raw.returnUrl],
    ['cancel_url', raw.cancelUrl],
  ] as const) {
    if (value === undefined || value === null || value === '') continue;
    const check = checkRedirectUrl(value, allowed);
    if (!check.ok) {
      warnRefusedOrigin(field, value, check.reason);
      return { ok: false, field, reason: check.reason };
    }
    if (field === 'return_url') links.returnUrl = check.url;
    else links.cancelUrl = check.url;
  }
  return { ok: true, links };
}

/** A merchant whose origin is missing from the allow-list sees only "not allowed"; the log says why. */
function warnRefusedOrigin(field: string, value: string, reason: string): void {
  if (reason !== 'is not on an allowed site') return;
  const origin = new URL(value).origin;
  warnThrottled(
    `portal-origin:${origin}`,
    `[portal] refused ${field} on ${origin}: that origin is not in PORTAL_ALLOWED_ORIGINS (add it there if the portal should return people to it).`,
  );
}

/** The login page for a step, carrying the links, the typed email and an error code. */
export function loginPath(
  step: LoginStep,
  options: { links: LoginLinks; email?: string; error?: string; wait?: number; resent?: boolean },
) {
  const query = new URLSearchParams();
  if (options.links.returnUrl) query.set('return_url', options.links.returnUrl);
  if (options.links.cancelUrl) query.set('cancel_url', options.links.cancelUrl);
  if (options.email) query.set('email', options.email);
  if (options.error) query.set('error', options.error);
  if (options.wait) query.set('wait', String(Math.max(1, Math.ceil(options.wait / 60))));
  if (options.resent) query.set('resent', '1');
  const search = query.size > 0 ? `?${query}` : '';
  return `${step === 'code' ? '/portal/login/code' : '/portal/login'}${search}`;
}

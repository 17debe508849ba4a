import { db } from '@/lib/db/client';
import { clientAddress } from '@/lib/http/client-address';
import { startBrowserSession } from '@/lib/portal/browser-session';
import { cleanCode, emailSchema } from '@/lib/portal/email';
import { verifyLoginCode } from '@/lib/portal/login';
import { checkLoginLinks, loginPath } from '@/lib/portal/login-links';
import { appendQuery } from '@/lib/portal/redirects';
import { formText, isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/portal/requests';
import { setPortalCookie } from '@/lib/portal/session';
import { createLoggedInSession, createLoginSession } from '@/lib/provider/portal-sessions';

export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const form = await request.formData();
  const raw = { returnUrl: formText(form, 'return_url'), cancelUrl: formText(form, 'cancel_url') };
  const checked = checkLoginLinks(raw);
  if (!checked.ok) return seeOther(loginPath('email', { links: raw }));
  const { links } = checked;
  const email = emailSchema.safeParse(formText(form, 'email', 320));
  if (!email.success) return seeOther(loginPath('email', { links, error: 'invalid_email' }));
  const code = cleanCode(formText(form, 'code', 100));
  if (!/^\d{6}$/.test(code))
    return seeOther(loginPath('code', { links, email: email.data, error: 'format' }));

  const database = await db();
  const clientIp = clientAddress(request.headers);
  const outcome = await verifyLoginCode(database, { email: email.data, code, clientIp });
  if (!outcome.ok) {
    const wait = outcome.reason === 'rate_limited' ? outcome.retryAfterSeconds : undefined;
    return seeOther(loginPath('code', { links, email: email.data, error: outcome.reason, wait }));
  }

  if (links.returnUrl) {
    const session = await createLoginSession(database, outcome.customerId);
    const target = appendQuery(links.returnUrl, {
      auth_session_id: session.id,
      auth_session_token: session.token,
    });
    return seeOther(target, { 'Referrer-Policy': 'no-referrer' });
  }
  const session = await createLoggedInSession(database, outcome.customerId, clientIp);
  const token = await startBrowserSession(database, session.id);
  if (!token) return seeOther(loginPath('email', { links, error: 'none' }));
  const response = seeOther('/portal');
  setPortalCookie(response, token);
  return response;
}

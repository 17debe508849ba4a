import { after } from 'next/server';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { clientAddress } from '@/lib/http/client-address';
import { sendMailLater } from '@/lib/mail/mailer';
import { emailSchema } from '@/lib/portal/email';
import { requestLoginCode } from '@/lib/portal/login';
import { checkLoginLinks, loginPath } from '@/lib/portal/login-links';
import { formText, isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/portal/requests';

export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const form = await request.formData();
  const raw = { returnUrl: formText(form, 'return_url'), cancelUrl: formText(form, 'cancel_url') };
  const checked = checkLoginLinks(raw);
  if (!checked.ok) return seeOther(loginPath('email', { links: raw }));
  const { links } = checked;
  const typed = formText(form, 'email', 320).trim();
  const email = emailSchema.safeParse(typed);
  if (!email.success) return seeOther(loginPath('email', { links, email: typed, error: 'invalid_email' }));

  const outcome = await requestLoginCode(await db(), {
    email: email.data,
    clientIp: clientAddress(request.headers),
    allowSignup: env().portal.allowSignup,
  });
  if (!outcome.ok) {
    return seeOther(
      loginPath('email', {
        links,
        email: email.data,
        error: 'too_many_codes',
        wait: outcome.retryAfterSeconds,
      }),
    );
  }
  if (outcome.mail) sendMailLater(outcome.mail, after);
  return seeOther(loginPath('code', { links, email: email.data, resent: form.get('resend') === '1' }));
}

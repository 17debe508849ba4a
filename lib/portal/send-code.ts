import { after } from 'next/server';
import { db } from '@/lib/db/client';
import { clientAddress } from '@/lib/http/client-address';
import { sendMailLater } from '@/lib/mail/mailer';
import { emailSchema } from './email';
import { requestLoginCode } from './login';
import { checkLoginLinks, loginPath } from './login-links';
import { formText } from './requests';

/**
 * "Email me a code": mails a sign-in code when the email and the links are valid and the limits
 * allow, and says where the visitor goes next (the code page, or the email page with the problem).
 * Shared by the form's server action and the plain POST route.
 */
export async function sendLoginCode(form: FormData, headers: Headers): Promise<string> {
  const raw = { returnUrl: formText(form, 'return_url'), cancelUrl: formText(form, 'cancel_url') };
  const checked = checkLoginLinks(raw);
  if (!checked.ok) return loginPath('email', { links: raw });
  const { links } = checked;
  const typed = formText(form, 'email', 320).trim();
  const email = emailSchema.safeParse(typed);
  if (!email.success) return loginPath('email', { links, email: typed, error: 'invalid_email' });

  const outcome = await requestLoginCode(await db(), { email: email.data, clientIp: clientAddress(headers) });
  if (!outcome.ok) {
    return loginPath('email', {
      links,
      email: email.data,
      error: 'too_many_codes',
      wait: outcome.retryAfterSeconds,
    });
  }
  if (outcome.mail) sendMailLater(outcome.mail, after);
  return loginPath('code', { links, email: email.data, resent: form.get('resend') === '1' });
}

import type { Database } from '@/lib/db/client';
import { hitRateLimits } from '@/lib/db/rate-limit';
import type { MailMessage } from '@/lib/mail/mailer';
import { findCustomer, findCustomerByEmail } from '@/lib/provider/customers';
import { type CodeFailure, checkCode, issueCode, normaliseEmail } from './codes';
import { emailSubject, portalLimits } from './limits';
import { loginCodeMail } from './messages';

export type SendOutcome = { ok: true; mail?: MailMessage } | { ok: false; retryAfterSeconds: number };
export type VerifyOutcome =
  | { ok: true; customerId: string }
  | { ok: false; reason: CodeFailure }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Issues a sign-in code, and returns the mail to send only when the email belongs to a customer: the
 * portal never creates customers (Chargebee's refuses an email it does not know), so an unknown email
 * is mailed nothing. It still gets a code stored, one nobody ever sees, so every later answer (wrong,
 * locked, expired, too many codes) reads exactly as it would for a real account.
 */
export async function requestLoginCode(
  db: Database,
  input: { email: string; clientIp?: string },
): Promise<SendOutcome> {
  const refused = await hitRateLimits(db, [
    { rule: portalLimits.sendPerEmail, subject: emailSubject(input.email) },
    { rule: portalLimits.sendPerAddress, subject: input.clientIp },
  ]);
  if (refused) return { ok: false, retryAfterSeconds: refused.retryAfterSeconds };
  const customer = await findCustomerByEmail(db, input.email.trim());
  const code = await issueCode(db, { email: input.email, purpose: 'login', customerId: customer?.id });
  return { ok: true, mail: customer ? loginCodeMail(input.email.trim(), code) : undefined };
}

/**
 * Checks a sign-in code and says which customer it signs in. Only a code that was mailed to a
 * customer, for the customer who still has that email, signs anyone in; anything else (a code stored
 * for an unknown email, an email that has since moved) reads as a wrong code, and no customer is ever
 * created here: customers come from checkout or the API, as on Chargebee.
 */
export async function verifyLoginCode(
  db: Database,
  input: { email: string; code: string; clientIp?: string },
): Promise<VerifyOutcome> {
  const refused = await hitRateLimits(db, [
    { rule: portalLimits.tryPerEmail, subject: emailSubject(input.email) },
    { rule: portalLimits.tryPerAddress, subject: input.clientIp },
  ]);
  if (refused) return { ok: false, reason: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
  const check = await checkCode(db, { email: input.email, purpose: 'login', code: input.code });
  if (!check.ok) return check;
  const customer = check.customerId ? await findCustomer(db, check.customerId) : undefined;
  if (!customer || normaliseEmail(customer.email ?? '') !== normaliseEmail(input.email)) {
    return { ok: false, reason: 'wrong' };
  }
  return { ok: true, customerId: customer.id };
}

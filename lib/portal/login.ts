import type { Database } from '@/lib/db/client';
import type { MailMessage } from '@/lib/mail/mailer';
import { createCustomer, findCustomerByEmail } from '@/lib/provider/customers';
import { type CodeFailure, checkCode, issueCode } from './codes';
import { emailSubject, portalLimits } from './limits';
import { loginCodeMail } from './messages';
import { hitRateLimits } from './rate-limit';

export type SendOutcome = { ok: true; mail?: MailMessage } | { ok: false; retryAfterSeconds: number };
export type VerifyOutcome =
  | { ok: true; customerId: string }
  | { ok: false; reason: CodeFailure }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Issues a sign-in code. An email that may not sign in (unknown, with sign-up off) still gets a code
 * stored, one nobody ever sees, so every later answer (wrong, locked, expired) reads exactly as it
 * would for a real account. Returns the mail to send, when there is one.
 */
export async function requestLoginCode(
  db: Database,
  input: { email: string; clientIp?: string; allowSignup: boolean },
): Promise<SendOutcome> {
  const refused = await hitRateLimits(db, [
    { rule: portalLimits.sendPerEmail, subject: emailSubject(input.email) },
    { rule: portalLimits.sendPerAddress, subject: input.clientIp },
  ]);
  if (refused) return { ok: false, retryAfterSeconds: refused.retryAfterSeconds };
  const customer = await findCustomerByEmail(db, input.email.trim());
  const code = await issueCode(db, { email: input.email, purpose: 'login', customerId: customer?.id });
  const deliver = customer !== undefined || input.allowSignup;
  return { ok: true, mail: deliver ? loginCodeMail(input.email.trim(), code) : undefined };
}

/** Checks a sign-in code; a verified new email becomes a customer when sign-up is allowed. */
export async function verifyLoginCode(
  db: Database,
  input: { email: string; code: string; clientIp?: string; allowSignup: boolean },
): Promise<VerifyOutcome> {
  const refused = await hitRateLimits(db, [
    { rule: portalLimits.tryPerEmail, subject: emailSubject(input.email) },
    { rule: portalLimits.tryPerAddress, subject: input.clientIp },
  ]);
  if (refused) return { ok: false, reason: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
  const check = await checkCode(db, { email: input.email, purpose: 'login', code: input.code });
  if (!check.ok) return check;
  const email = input.email.trim();
  const customer = await findCustomerByEmail(db, email);
  if (customer) return { ok: true, customerId: customer.id };
  if (!input.allowSignup) return { ok: false, reason: 'wrong' };
  const created = await db.transaction((tx) => createCustomer(tx, { email }, 'portal'));
  return { ok: true, customerId: created.customer.id };
}

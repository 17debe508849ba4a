import type { Database } from '@/lib/db/client';
import { hitRateLimits } from '@/lib/db/rate-limit';
import type { MailMessage } from '@/lib/mail/mailer';
import { requireCustomer, updateCustomer } from '@/lib/provider/customers';
import { type CodeFailure, checkCode, issueCode } from './codes';
import { emailSubject, portalLimits } from './limits';
import { emailChangeCodeMail, emailChangedNotice } from './messages';

export type ChangeOutcome =
  | { ok: true; mails: MailMessage[] }
  | { ok: false; reason: CodeFailure }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/** Mails a code to the new address; the change happens only once that code comes back. */
export async function requestEmailChange(
  db: Database,
  input: { customerId: string; newEmail: string; clientIp?: string },
): Promise<{ ok: true; mail: MailMessage } | { ok: false; retryAfterSeconds: number }> {
  const refused = await hitRateLimits(db, [
    { rule: portalLimits.sendPerEmail, subject: emailSubject(input.newEmail) },
    { rule: portalLimits.sendPerEmail, subject: `customer:${input.customerId}` },
    { rule: portalLimits.sendPerAddress, subject: input.clientIp },
  ]);
  if (refused) return { ok: false, retryAfterSeconds: refused.retryAfterSeconds };
  const code = await issueCode(db, {
    email: input.newEmail,
    purpose: 'email_change',
    customerId: input.customerId,
  });
  return { ok: true, mail: emailChangeCodeMail(input.newEmail.trim(), code) };
}

/** Applies the new email once its code checks out; the old address is told about the change. */
export async function confirmEmailChange(
  db: Database,
  input: { customerId: string; newEmail: string; code: string; clientIp?: string },
): Promise<ChangeOutcome> {
  const refused = await hitRateLimits(db, [
    { rule: portalLimits.tryPerEmail, subject: emailSubject(input.newEmail) },
    { rule: portalLimits.tryPerEmail, subject: `customer:${input.customerId}` },
    { rule: portalLimits.tryPerAddress, subject: input.clientIp },
  ]);
  if (refused) return { ok: false, reason: 'rate_limited', retryAfterSeconds: refused.retryAfterSeconds };
  const check = await checkCode(db, { email: input.newEmail, purpose: 'email_change', code: input.code });
  if (!check.ok) return check;
  if (check.customerId !== input.customerId) return { ok: false, reason: 'wrong' };
  const before = await requireCustomer(db, input.customerId);
  const newEmail = input.newEmail.trim();
  await db.transaction((tx) => updateCustomer(tx, input.customerId, { email: newEmail }, 'portal'));
  const notice = before.email && before.email.toLowerCase() !== newEmail.toLowerCase();
  return { ok: true, mails: notice && before.email ? [emailChangedNotice(before.email, newEmail)] : [] };
}

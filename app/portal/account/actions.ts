'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { after } from 'next/server';
import { db } from '@/lib/db/client';
import { clientAddress } from '@/lib/http/client-address';
import { sendMailLater } from '@/lib/mail/mailer';
import { cleanCode, emailSchema } from '@/lib/portal/email';
import { confirmEmailChange, requestEmailChange } from '@/lib/portal/email-change';
import { codeErrorText, type EmailChangeState, waitText } from '@/lib/portal/email-change-state';
import { runPortalForm } from '@/lib/portal/form-action';
import type { FormState } from '@/lib/portal/form-state';
import { type AccountField, accountFields, accountSchema } from '@/lib/portal/profile';
import { requirePortalCustomer } from '@/lib/portal/session';
import { updateCustomer } from '@/lib/provider/customers';
import { atMachineTime } from '@/lib/provider/machine-clock';

export async function saveAccountDetails(
  _previous: FormState<AccountField>,
  form: FormData,
): Promise<FormState<AccountField>> {
  return runPortalForm(
    form,
    accountFields,
    accountSchema,
    (input, { tx, customer }) => updateCustomer(tx, customer.id, input, 'portal'),
    'Your account details are saved.',
  );
}

/** One action for the two steps of an email change: send a code to the new address, then confirm it. */
export async function changeEmail(previous: EmailChangeState, form: FormData): Promise<EmailChangeState> {
  const { customer } = await requirePortalCustomer();
  const intent = form.get('intent');
  if (intent === 'restart') return { step: 'email', newEmail: '' };
  const clientIp = clientAddress(await headers());
  const database = await db();

  if (intent === 'confirm') {
    const newEmail = String(form.get('new_email') ?? '').slice(0, 320) || previous.newEmail;
    const code = cleanCode(String(form.get('code') ?? '').slice(0, 100));
    if (!/^\d{6}$/.test(code)) return { step: 'code', newEmail, error: 'Enter the 6 digits from the email.' };
    const outcome = await atMachineTime(
      () => confirmEmailChange(database, { customerId: customer.id, newEmail, code, clientIp }),
      database,
    );
    if (!outcome.ok) {
      const error =
        outcome.reason === 'rate_limited'
          ? waitText(outcome.retryAfterSeconds)
          : codeErrorText[outcome.reason];
      return { step: 'code', newEmail, error };
    }
    for (const mail of outcome.mails) sendMailLater(mail, after);
    revalidatePath('/portal', 'layout');
    return { step: 'done', newEmail, message: `Your email address is now ${newEmail}.` };
  }

  const typed = String(form.get('new_email') ?? '').slice(0, 320);
  const parsed = emailSchema.safeParse(typed);
  if (!parsed.success) {
    return { step: 'email', newEmail: typed, error: parsed.error.issues[0]?.message };
  }
  if (parsed.data.toLowerCase() === customer.email?.toLowerCase()) {
    return { step: 'email', newEmail: typed, error: 'That is already your email address.' };
  }
  const sent = await requestEmailChange(database, {
    customerId: customer.id,
    newEmail: parsed.data,
    clientIp,
  });
  if (!sent.ok) return { step: 'email', newEmail: typed, error: waitText(sent.retryAfterSeconds) };
  sendMailLater(sent.mail, after);
  return { step: 'code', newEmail: parsed.data };
}

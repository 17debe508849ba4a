'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isSameOriginPost } from '@/lib/portal/requests';
import { sendLoginCode } from '@/lib/portal/send-code';

/**
 * The email form's action. With JavaScript the browser moves on to the code page in the same round
 * trip (Next sends the code page with the action's answer) instead of a 303 and a second page load;
 * without it, it is an ordinary form post. The code page is not a one-time URL, so redirecting there
 * from an action is safe.
 */
export async function sendCodeAction(form: FormData): Promise<never> {
  const requestHeaders = await headers();
  if (!isSameOriginPost({ headers: requestHeaders }))
    throw new Error('This form can only be sent from the billing portal itself.');
  redirect(await sendLoginCode(form, requestHeaders));
}

import { ApiError } from '@/lib/provider/api/errors';
import type { CardField } from './card-form';

export const tryAgainText =
  'We could not do that just now. Nothing was changed; please try again in a moment.';

export const noCardText =
  'There is no valid card on your account to pay with. Add a card in Payment methods, then try again.';

export const declinedText =
  'Your card was declined (insufficient funds), so nothing was charged. Try another card.';

function logUnexpected(error: unknown, doing: string) {
  console.error(`[portal] ${doing} failed: ${(error as Error)?.message ?? String(error)}`);
}

/** A card the gateway refused, in the customer's words and beside the field at fault. */
export function cardProblem(error: unknown): { field?: CardField; message: string } {
  if (!(error instanceof ApiError)) {
    logUnexpected(error, 'saving a card');
    return { message: tryAgainText };
  }
  const param = error.options.param ?? '';
  if (error.apiErrorCode === 'payment_method_verification_failed')
    return {
      field: 'number',
      message:
        'Your bank would not verify this card (“Do not honour”), so it was not saved. Try another card.',
    };
  if (error.apiErrorCode === 'payment_processing_failed') return { field: 'number', message: declinedText };
  if (param.endsWith('[number]'))
    return { field: 'number', message: "That card number isn't valid. Check the digits and try again." };
  if (param.endsWith('[cvv]'))
    return {
      field: 'cvv',
      message: 'The security code is the 3 digits on the back (4 on the front for Amex).',
    };
  if (param.endsWith('[expiry_month]') || param.endsWith('[expiry_year]')) {
    const field = param.endsWith('[expiry_month]') ? 'expiry_month' : 'expiry_year';
    return {
      field,
      message: error.message.includes('expired')
        ? 'This card has expired. Check the expiry date, or use another card.'
        : 'Check the expiry date printed on the card.',
    };
  }
  if (error.status === 404) return { message: 'We could not find your account. Sign in again and retry.' };
  logUnexpected(error, 'saving a card');
  return { message: tryAgainText };
}

/** Why a change to a card (remove, make primary) was refused. */
export function cardChangeProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 404)
    return 'We could not find that card on your account. It may have been removed already.';
  if (error instanceof ApiError && error.apiErrorCode === 'invalid_state_for_request')
    return 'That card is already your primary payment method.';
  logUnexpected(error, 'changing a card');
  return tryAgainText;
}

/** Why a subscription change was refused, for a notice beside the button that asked for it. */
export function subscriptionProblem(error: unknown): { field?: 'plan'; message: string } {
  if (!(error instanceof ApiError)) {
    logUnexpected(error, 'changing a subscription');
    return { message: tryAgainText };
  }
  const param = error.options.param ?? '';
  if (error.status === 404 && param === 'subscription_id')
    return { message: 'We could not find that subscription on your account.' };
  if (param.startsWith('subscription_items')) {
    return {
      field: 'plan',
      message: error.message.includes('already on')
        ? "You're already on this plan. Choose a different one."
        : 'That plan is not available any more. Choose another one.',
    };
  }
  if (error.apiErrorCode === 'payment_method_not_present') return { message: noCardText };
  if (error.apiErrorCode === 'invalid_state_for_request')
    return {
      message:
        'That is not possible for this subscription as it stands now; it may have changed in the meantime. Reload the page to see its current state.',
    };
  logUnexpected(error, 'changing a subscription');
  return { message: tryAgainText };
}

/** Why paying the dues with a card on file did not go ahead (nothing was charged). */
export function payProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 404)
    return 'We could not find that card on your account. It may have been removed already.';
  if (error instanceof ApiError && error.message.includes('expired'))
    return 'That card has expired, so nothing was charged. Add a new card below to pay.';
  logUnexpected(error, 'paying what is due');
  return tryAgainText;
}

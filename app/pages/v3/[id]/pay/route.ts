import { db } from '@/lib/db/client';
import { cardProblem } from '@/lib/portal/billing-errors';
import { allowedMerchantUrl, checkoutAsksBuyer } from '@/lib/portal/checkout';
import { parseCheckoutForm } from '@/lib/portal/checkout-form';
import { backToCheckout, checkoutPath, unknownCheckout } from '@/lib/portal/checkout-response';
import { isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/portal/requests';
import { ApiError } from '@/lib/provider/api/errors';
import { completeCheckout } from '@/lib/provider/checkout';
import { idPattern } from '@/lib/provider/ids';
import { atMachineTime } from '@/lib/provider/machine-clock';

/**
 * "Pay": stores the card, subscribes (creating the customer from "Your details" when the page is not
 * for an existing one) and marks the page succeeded in one go, then a 303 to the
 * merchant's redirect_url (with id and state) when it is on the allow-list, else to the page itself,
 * which now says the payment is complete. A refused card changes nothing and comes back beside its field.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const { id } = await params;
  if (!idPattern.test(id)) return unknownCheckout();
  const database = await db();
  const parsed = parseCheckoutForm(await request.formData(), {
    askBuyer: await checkoutAsksBuyer(database, id),
  });
  if (!parsed.ok)
    return backToCheckout(id, {
      message: 'Some details need fixing: see the notes under the fields.',
      values: parsed.kept,
      errors: parsed.errors,
    });
  try {
    const outcome = await atMachineTime(
      () =>
        completeCheckout(database, id, {
          card: parsed.card,
          billingAddress: parsed.billingAddress,
          buyer: parsed.buyer,
        }),
      database,
    );
    return seeOther(allowedMerchantUrl(outcome.returnUrl) ?? checkoutPath(id), {
      'Referrer-Policy': 'no-referrer',
    });
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.status === 404 || error.apiErrorCode === 'invalid_state_for_request')
    )
      return seeOther(checkoutPath(id));
    const problem = cardProblem(error);
    return backToCheckout(id, {
      message: problem.field
        ? 'The payment did not go through: see the note under the card number.'
        : problem.message,
      values: parsed.kept,
      errors: problem.field ? { [problem.field]: problem.message } : {},
    });
  }
}

import { db } from '@/lib/db/client';
import { allowedMerchantUrl } from '@/lib/portal/checkout';
import { checkoutPath, unknownCheckout } from '@/lib/portal/checkout-response';
import { isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/portal/requests';
import { ApiError } from '@/lib/provider/api/errors';
import { cancelCheckout } from '@/lib/provider/checkout';
import { idPattern } from '@/lib/provider/ids';
import { atMachineTime } from '@/lib/provider/machine-clock';

/** "Cancel": the page becomes cancelled, then a 303 to cancel_url (allow-listed) or to the page itself. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  const { id } = await params;
  if (!idPattern.test(id)) return unknownCheckout();
  try {
    const database = await db();
    const outcome = await atMachineTime(() => cancelCheckout(database, id), database);
    return seeOther(allowedMerchantUrl(outcome.returnUrl) ?? checkoutPath(id), {
      'Referrer-Policy': 'no-referrer',
    });
  } catch (error) {
    if (error instanceof ApiError) return seeOther(checkoutPath(id));
    throw error;
  }
}

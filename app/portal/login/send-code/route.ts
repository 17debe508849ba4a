import { isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/portal/requests';
import { sendLoginCode } from '@/lib/portal/send-code';

/** The email form posted without JavaScript (or by a client): a 303 to the next step. */
export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  return seeOther(await sendLoginCode(await request.formData(), request.headers));
}

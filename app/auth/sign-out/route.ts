import { signOutEverywhere } from '@/lib/auth/session';
import { isSameOriginPost, refuseCrossSite, seeOther } from '@/lib/site/http';

export async function POST(request: Request) {
  if (!isSameOriginPost(request)) return refuseCrossSite();
  await signOutEverywhere();
  return seeOther('/?signed_out=1');
}

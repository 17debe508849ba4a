import { finishPortalLogin } from '@/lib/site/sign-in';

export function GET(request: Request) {
  return finishPortalLogin(request);
}

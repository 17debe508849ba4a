import { startPortalLogin } from '@/lib/site/sign-in';

export function GET(request: Request) {
  return startPortalLogin(request);
}

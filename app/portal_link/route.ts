import { openPortal } from '@/lib/site/sign-in';

export function GET(request: Request) {
  return openPortal(request);
}

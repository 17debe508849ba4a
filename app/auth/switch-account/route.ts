import { switchAccount } from '@/lib/site/sign-in';

export function POST(request: Request) {
  return switchAccount(request);
}

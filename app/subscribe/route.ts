import { startCheckout } from '@/lib/site/checkout';

export function POST(request: Request) {
  return startCheckout(request);
}

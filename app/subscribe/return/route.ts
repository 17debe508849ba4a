import { finishCheckout } from '@/lib/site/checkout';

export function GET(request: Request) {
  return finishCheckout(request);
}

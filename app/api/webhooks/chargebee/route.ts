import { receiveWebhook } from '@/lib/site/webhooks';

export function POST(request: Request) {
  return receiveWebhook(request);
}

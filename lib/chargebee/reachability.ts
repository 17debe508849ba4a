import { env } from '@/lib/env';
import { isChargebeeError } from './errors';
import { type ChargebeeHttp, createChargebeeHttp } from './http';
import { itemPriceList } from './schemas';

export type BillingReachability =
  | { status: 'ok' }
  | { status: 'unavailable'; reason: string; problem: 'unreachable' | 'key_refused' | 'not_compatible' };

/** Long enough for a billing API across the internet, short enough for a load balancer's probe. */
const probeTimeoutMs = 1_200;
const cacheMs = 15_000;

/**
 * Asks the billing API for one plan with the configured key: it answers, it accepts the key, it speaks
 * the v2 wire format. The reason names the variable to fix; it never carries the key.
 */
export async function probeBillingApi(http: ChargebeeHttp): Promise<BillingReachability> {
  try {
    await http.get('item_prices', itemPriceList, { limit: 1 });
    return { status: 'ok' };
  } catch (error) {
    if (!isChargebeeError(error)) throw error;
    if (error.status === 401 || error.apiErrorCode === 'api_authentication_failed') {
      return {
        status: 'unavailable',
        problem: 'key_refused',
        reason: 'The billing API refused CHARGEBEE_API_KEY.',
      };
    }
    if (
      error.apiErrorCode === 'connection_error' ||
      error.apiErrorCode === 'io_error' ||
      error.status >= 500
    ) {
      return {
        status: 'unavailable',
        problem: 'unreachable',
        reason: `The billing API is not reachable (${error.status === 504 ? 'no answer in time' : `HTTP ${error.status}`}): check CHARGEBEE_BASE_URL or CHARGEBEE_SITE.`,
      };
    }
    return {
      status: 'unavailable',
      problem: 'not_compatible',
      reason: `The billing API answered HTTP ${error.status} (${error.apiErrorCode}): check that CHARGEBEE_BASE_URL or CHARGEBEE_SITE points at a Chargebee-compatible server.`,
    };
  }
}

const holder = globalThis as typeof globalThis & {
  __gatehouseBillingProbe?: { at: number; answer: Promise<BillingReachability> };
};

/**
 * Whether the site's billing API is usable, checked at most every 15 seconds (boot runs the first check).
 * Undefined while the embedded provider serves billing: it is this process, so the database check
 * covers it.
 */
export function billingReachability(now = Date.now()): Promise<BillingReachability> | undefined {
  const { billing } = env();
  if (billing.kind === 'embedded') return undefined;
  const kept = holder.__gatehouseBillingProbe;
  if (kept && now - kept.at < cacheMs) return kept.answer;
  const http = createChargebeeHttp({
    apiBaseUrl: billing.apiBaseUrl,
    apiKey: billing.apiKey,
    timeoutMs: probeTimeoutMs,
    retryLimit: 0,
  });
  const answer = probeBillingApi(http);
  holder.__gatehouseBillingProbe = { at: now, answer };
  return answer;
}

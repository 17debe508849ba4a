import { z } from 'zod';
import { secretsMatch } from '@/lib/auth/constant-time';
import { applySubscription, forgetFeatures } from '@/lib/auth/entitlements';
import {
  type ChargebeeEvent,
  eventSchema,
  type Invoice,
  invoiceSchema,
  type Subscription,
  subscriptionSchema,
} from '@/lib/chargebee/schemas';
import { type Database, db } from '@/lib/db/client';
import { webhookReceipts } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { warnThrottled } from '@/lib/http/throttled-warning';

export type WebhookOutcome = 'applied' | 'ignored' | 'duplicate' | 'stale' | 'recheck';
export type ParsedWebhook = {
  event: ChargebeeEvent;
  subscription?: Subscription;
  invoice?: Invoice;
  /** An entitlement event's subscription: its features changed, so the record forgets them. */
  entitlementsChangedFor?: string;
};

const maxBodyBytes = 512 * 1024;

/** Event types whose `content.subscription` can change what a customer may read. */
export const subscriptionEventTypes = new Set([
  'subscription_created',
  'subscription_started',
  'subscription_activated',
  'subscription_changed',
  'subscription_cancelled',
  'subscription_reactivated',
  'subscription_renewed',
  'subscription_cancellation_scheduled',
  'subscription_scheduled_cancellation_removed',
  'subscription_paused',
  'subscription_resumed',
  'subscription_deleted',
  'subscription_trial_extended',
  'subscription_trial_end_reminder',
  'subscription_renewal_reminder',
]);

/**
 * Payment and dunning events: they carry the subscription (with its dues) when the invoice belongs
 * to one, and the invoice (with `next_retry_at`); without a subscription they change nothing here.
 */
export const paymentEventTypes = new Set(['payment_failed', 'payment_succeeded', 'dunning_updated']);

/** Chargebee's entitlement events, whose content names the subscription in `<event_type>_detail`. */
export const entitlementEventTypes = new Set([
  'subscription_entitlements_created',
  'subscription_entitlements_updated',
]);

const basicAuth = z
  .string()
  .regex(/^Basic [A-Za-z0-9+/=]{1,400}$/)
  .transform((header) => Buffer.from(header.slice(6), 'base64').toString('utf8'));

export function webhookAuthorized(
  header: string | null,
  expected: { username: string; password: string },
): boolean {
  const decoded = basicAuth.safeParse(header ?? '');
  const pair = decoded.success ? decoded.data : ':';
  const colon = pair.indexOf(':');
  const username = colon === -1 ? pair : pair.slice(0, colon);
  const password = colon === -1 ? '' : pair.slice(colon + 1);
  const userOk = secretsMatch(username, expected.username);
  const passwordOk = secretsMatch(password, expected.password);
  return decoded.success && userOk && passwordOk;
}

export function parseWebhook(
  body: unknown,
): { ok: true; value: ParsedWebhook } | { ok: false; problem: string } {
  const event = eventSchema.safeParse(body);
  if (!event.success) {
    const issue = event.error.issues[0];
    return {
      ok: false,
      problem: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'is not an event'}`,
    };
  }
  const type = event.data.event_type;
  const { content } = event.data;
  if (entitlementEventTypes.has(type)) {
    const detail = z.object({ subscription_id: z.string() }).safeParse(content[`${type}_detail`]);
    if (!detail.success) return { ok: false, problem: `content.${type}_detail names no subscription` };
    return { ok: true, value: { event: event.data, entitlementsChangedFor: detail.data.subscription_id } };
  }
  const payment = paymentEventTypes.has(type);
  if (!subscriptionEventTypes.has(type) && !payment) return { ok: true, value: { event: event.data } };
  if (payment && content.subscription === undefined) return { ok: true, value: { event: event.data } };
  const invoice = payment ? invoiceSchema.safeParse(content.invoice) : undefined;
  if (invoice && !invoice.success) return { ok: false, problem: 'content.invoice is not an invoice' };
  const customer = z.object({ id: z.string() }).safeParse(content.customer);
  const raw = content.subscription;
  const subscription = subscriptionSchema.safeParse(
    raw && typeof raw === 'object' && customer.success ? { customer_id: customer.data.id, ...raw } : raw,
  );
  if (!subscription.success)
    return { ok: false, problem: 'content.subscription is missing or not a subscription' };
  return { ok: true, value: { event: event.data, subscription: subscription.data, invoice: invoice?.data } };
}

/** Stores the receipt and applies the event in one transaction; a redelivered event id changes nothing. */
export async function recordWebhookEvent(
  database: Database,
  webhook: ParsedWebhook,
  now = Date.now(),
): Promise<WebhookOutcome> {
  return database.transaction(async (tx) => {
    const receipt = await tx
      .insert(webhookReceipts)
      .values({ eventId: webhook.event.id, eventType: webhook.event.event_type, receivedAt: now })
      .onConflictDoNothing()
      .returning({ eventId: webhookReceipts.eventId });
    if (receipt.length === 0) return 'duplicate';
    if (webhook.entitlementsChangedFor) {
      return (await forgetFeatures(tx, webhook.entitlementsChangedFor)) ? 'recheck' : 'ignored';
    }
    if (!webhook.subscription) return 'ignored';
    const decision = await applySubscription(tx, webhook.subscription, now, webhook.invoice);
    return decision === 'write' ? 'applied' : decision === 'recheck' ? 'recheck' : 'stale';
  });
}

function answer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/** POST /api/webhooks/chargebee: Basic auth, a valid event envelope, then the idempotent write. */
export async function receiveWebhook(request: Request): Promise<Response> {
  if (!webhookAuthorized(request.headers.get('authorization'), env().siteWebhook)) {
    warnThrottled(
      'site-webhook-credentials',
      '[site] refused a webhook with wrong or missing Basic credentials: the sender must use CHARGEBEE_WEBHOOK_USERNAME and CHARGEBEE_WEBHOOK_PASSWORD (with the embedded provider elsewhere, its PROVIDER_WEBHOOK_USERNAME and PROVIDER_WEBHOOK_PASSWORD).',
    );
    return answer(
      401,
      { error: 'Wrong or missing webhook credentials.' },
      { 'WWW-Authenticate': 'Basic realm="webhooks"' },
    );
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBodyBytes)
    return answer(413, { error: 'The event is larger than 512 KB.' });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return answer(400, { error: 'The body is not JSON.' });
  }
  const parsed = parseWebhook(body);
  if (!parsed.ok) return answer(400, { error: `Not a Chargebee event: ${parsed.problem}` });
  const outcome = await recordWebhookEvent(await db(), parsed.value);
  return answer(200, { received: parsed.value.event.id, outcome });
}

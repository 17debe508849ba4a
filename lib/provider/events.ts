import type { Database } from '@/lib/db/client';
import { events, webhookDeliveries } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { nowSeconds } from './clock';
import { newId } from './ids';

export type EventSource = 'api' | 'portal' | 'hosted_page' | 'scheduled_job' | 'system';

export type NewEvent = {
  eventType: string;
  /** Resources keyed by their snake_case names, already in wire form. */
  content: Record<string, unknown>;
  source: EventSource;
};

/**
 * Records a Chargebee-shaped event in the caller's transaction and queues its webhook delivery in the
 * same transaction (an outbox), so an event exists exactly when its change does and is never lost.
 */
export async function recordEvent(tx: Database, event: NewEvent): Promise<string> {
  const { provider } = env();
  const webhook = provider.enabled ? provider.webhook : undefined;
  const id = newId('ev_');
  const occurredAt = nowSeconds();
  await tx.insert(events).values({
    id,
    occurredAt,
    source: event.source,
    user: event.source === 'api' ? 'gatehouse' : undefined,
    eventType: event.eventType,
    content: event.content,
    webhookStatus: webhook ? 'scheduled' : 'not_configured',
  });
  if (webhook) {
    await tx.insert(webhookDeliveries).values({
      eventId: id,
      endpoint: webhook.url,
      status: 'scheduled',
      nextAttemptAt: Date.now(),
    });
  }
  return id;
}

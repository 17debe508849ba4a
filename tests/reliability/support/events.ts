import { expect } from 'vitest';
import { api } from '../../support/api';
import { webhookAuth } from './instances';

export type WireEvent = { id: string; event_type: string; content: { subscription?: { id: string } } };

/** Every event about one subscription, oldest first, read page by page. */
export async function subscriptionEvents(base: string, subscriptionId: string): Promise<WireEvent[]> {
  const found: WireEvent[] = [];
  let offset: string | undefined;
  for (let page = 0; page < 50; page++) {
    const answer = await api(
      'GET',
      'events',
      { limit: 100, sort_by: { asc: 'occurred_at' }, ...(offset ? { offset } : {}) },
      { baseUrl: base },
    );
    for (const entry of answer.body.list as { event: WireEvent }[]) {
      if (entry.event.content.subscription?.id === subscriptionId) found.push(entry.event);
    }
    offset = answer.body.next_offset as string | undefined;
    if (!offset) return found;
  }
  throw new Error('too many events to page through');
}

/** POSTs an event to a site's receiver as the provider would; returns the receiver's outcome. */
export async function deliverWebhook(base: string, event: unknown): Promise<string> {
  const response = await fetch(`${base}/api/webhooks/chargebee`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${webhookAuth.username}:${webhookAuth.password}`).toString('base64')}`,
    },
    body: JSON.stringify(event),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { outcome: string }).outcome;
}

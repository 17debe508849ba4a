import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectChargebeeError, uniqueId } from '../support/api';

type WireEvent = {
  id: string;
  occurred_at: number;
  event_type: string;
  content: { customer?: { id: string } };
};
type Page = { list: { event: WireEvent }[]; next_offset?: string };

// Delivery runs in the background, so webhook_status and webhooks may move on between two requests;
// everything else about an event is fixed once it is recorded.
function withoutDelivery(event: object): Record<string, unknown> {
  const { webhook_status, webhooks, ...rest } = event as Record<string, unknown>;
  return rest;
}

async function listEvents(params: Record<string, unknown>): Promise<Page> {
  const answer = await api('GET', 'events', params);
  expect(answer.status).toBe(200);
  return answer.body as Page;
}

async function listAll(params: Record<string, unknown>, limit: number): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  let offset: string | undefined;
  for (let pages = 0; pages < 200; pages++) {
    const page = await listEvents({ ...params, limit, ...(offset ? { offset } : {}) });
    expect(page.list.length).toBeLessThanOrEqual(limit);
    events.push(...page.list.map((item) => item.event));
    if (!page.next_offset) return events;
    offset = page.next_offset;
  }
  throw new Error('next_offset never ran out');
}

describe('events API', () => {
  const customerIds = [uniqueId('evt'), uniqueId('evt'), uniqueId('evt')];
  const mine = (events: WireEvent[]) =>
    events.filter((event) => customerIds.includes(event.content.customer?.id ?? ''));
  let since = 0;
  let created: Record<string, unknown>;

  beforeAll(async () => {
    since = Math.floor(Date.now() / 1000) - 1;
    for (const id of customerIds) {
      const answer = await api('POST', 'customers', { id, first_name: 'Event' });
      expect(answer.status).toBe(200);
      if (id === customerIds[0]) created = answer.body.customer as Record<string, unknown>;
    }
    expect((await api('POST', `customers/${customerIds[0]}`, { first_name: 'Changed' })).status).toBe(200);
  });

  const window = () => ({ occurred_at: { after: since } });
  const expectedNewestFirst = () => [
    ['customer_changed', customerIds[0]],
    ['customer_created', customerIds[2]],
    ['customer_created', customerIds[1]],
    ['customer_created', customerIds[0]],
  ];
  const summary = (events: WireEvent[]) =>
    events.map((event) => [event.event_type, event.content.customer?.id]);

  it('retrieves one event by id in Chargebee shape', async () => {
    const page = await listEvents({ ...window(), event_type: { is: 'customer_created' }, limit: 100 });
    const listed = mine(page.list.map((item) => item.event)).find(
      (event) => event.content.customer?.id === customerIds[0],
    ) as WireEvent;
    const answer = await api('GET', `events/${listed.id}`);
    expect(answer.status).toBe(200);
    const event = answer.body.event as Record<string, unknown>;
    expect(event).toMatchObject({
      id: expect.stringMatching(/^ev_/),
      occurred_at: expect.any(Number),
      source: 'api',
      object: 'event',
      api_version: 'v2',
      event_type: 'customer_created',
      content: { customer: created },
    });
    expect(event.occurred_at).toBeGreaterThan(since);
    expect(['not_configured', 'scheduled', 'succeeded', 're_scheduled', 'failed']).toContain(
      event.webhook_status,
    );
    expect(withoutDelivery(event)).toEqual(withoutDelivery(listed));
  });

  it('answers 404 for an unknown event id, and 400 for an id that cannot be one', async () => {
    expectChargebeeError(await api('GET', `events/${uniqueId('ev_missing')}`), 404, 'resource_not_found');
    expectChargebeeError(await api('GET', 'events/ev.bad'), 400, 'param_wrong_value');
  });

  it('lists newest first by default, and oldest first with sort_by[asc]=occurred_at', async () => {
    const types = { event_type: { in: JSON.stringify(['customer_created', 'customer_changed']) } };
    const newest = await listEvents({ ...window(), ...types, limit: 100 });
    expect(summary(mine(newest.list.map((item) => item.event)))).toEqual(expectedNewestFirst());
    for (const item of newest.list) expect(Object.keys(item)).toEqual(['event']);
    const times = newest.list.map((item) => item.event.occurred_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const oldest = await listEvents({ ...window(), ...types, sort_by: { asc: 'occurred_at' }, limit: 100 });
    expect(summary(mine(oldest.list.map((item) => item.event)))).toEqual(expectedNewestFirst().reverse());
    const explicit = await listEvents({
      ...window(),
      ...types,
      sort_by: { desc: 'occurred_at' },
      limit: 100,
    });
    expect(explicit.list.map((item) => withoutDelivery(item.event))).toEqual(
      newest.list.map((item) => withoutDelivery(item.event)),
    );
  });

  it('filters by event type, source and time', async () => {
    const changed = await listEvents({ ...window(), event_type: { is: 'customer_changed' }, limit: 100 });
    expect(changed.list.every((item) => item.event.event_type === 'customer_changed')).toBe(true);
    expect(summary(mine(changed.list.map((item) => item.event)))).toEqual([
      ['customer_changed', customerIds[0]],
    ]);

    const fromApi = await listEvents({ ...window(), source: { is: 'api' }, limit: 100 });
    expect(mine(fromApi.list.map((item) => item.event))).toHaveLength(4);
    const fromPortal = await listEvents({ ...window(), source: { is: 'portal' }, limit: 100 });
    expect(mine(fromPortal.list.map((item) => item.event))).toEqual([]);

    const before = await listEvents({ occurred_at: { before: since + 1 }, limit: 100 });
    expect(mine(before.list.map((item) => item.event))).toEqual([]);
    const future = await listEvents({ occurred_at: { after: Math.floor(Date.now() / 1000) + 3600 } });
    expect(future).toEqual({ list: [] });
  });

  it('pages with limit and next_offset without skipping or repeating an event, in both orders', async () => {
    for (const sort_by of [undefined, { asc: 'occurred_at' }]) {
      const params = { ...window(), ...(sort_by ? { sort_by } : {}) };
      const whole = await listAll(params, 100);
      const paged = await listAll(params, 2);
      expect(paged.map((event) => event.id)).toEqual(whole.map((event) => event.id));
      expect(new Set(paged.map((event) => event.id)).size).toBe(paged.length);
      expect(mine(paged)).toHaveLength(4);
    }
    const first = await listEvents({ ...window(), limit: 1 });
    expect(first.list).toHaveLength(1);
    expect(first.next_offset).toEqual(expect.any(String));
  });

  it('rejects malformed filters, sorts and offsets with the parameter named', async () => {
    expectChargebeeError(
      await api('GET', 'events', { event_type: { in: 'customer_created' } }),
      400,
      'param_wrong_value',
      'event_type[in]',
    );
    expectChargebeeError(
      await api('GET', 'events', { sort_by: { asc: 'created_at' } }),
      400,
      'param_wrong_value',
      'sort_by[asc]',
    );
    expectChargebeeError(
      await api('GET', 'events', { source: { is: 'carrier_pigeon' } }),
      400,
      'param_wrong_value',
      'source[is]',
    );
    expectChargebeeError(
      await api('GET', 'events', { occurred_at: { after: 'yesterday' } }),
      400,
      'param_wrong_value',
      'occurred_at[after]',
    );
    expectChargebeeError(
      await api('GET', 'events', { offset: 'garbage' }),
      400,
      'param_wrong_value',
      'offset',
    );
    expectChargebeeError(
      await api('GET', 'events', { offset: JSON.stringify(['1790000000', 'x']) }),
      400,
      'param_wrong_value',
      'offset',
    );
    expectChargebeeError(await api('GET', 'events', { limit: 101 }), 400, 'param_wrong_value', 'limit');
  });
});

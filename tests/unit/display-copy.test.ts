import { describe, expect, it } from 'vitest';
import { createDisplayCopy } from '@/lib/chargebee/display-copy';
import type { ItemPrice } from '@/lib/chargebee/schemas';

const plan = (id: string) => ({ id, name: id, item_type: 'plan', status: 'active' }) as unknown as ItemPrice;

function harness() {
  let time = 0;
  const calls: ((plans: ItemPrice[] | Error) => void)[] = [];
  const load = () =>
    new Promise<ItemPrice[]>((resolve, reject) => {
      calls.push((answer) => (answer instanceof Error ? reject(answer) : resolve(answer)));
    });
  const plansOnSale = createDisplayCopy(load, { freshMs: 60_000, staleMs: 600_000, now: () => time });
  return {
    plansOnSale,
    calls,
    advance: (ms: number) => {
      time += ms;
    },
    answer: async (n: number, plans: ItemPrice[] | Error) => {
      calls[n]?.(plans);
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

describe('the display copy of the plans on /pricing', () => {
  it('makes one billing call for concurrent first views and none while the copy is fresh', async () => {
    const h = harness();
    const first = Promise.all([h.plansOnSale(), h.plansOnSale(), h.plansOnSale()]);
    expect(h.calls).toHaveLength(1);
    await h.answer(0, [plan('a')]);
    expect((await first).map((plans) => plans.map((p) => p.id))).toEqual([['a'], ['a'], ['a']]);
    h.advance(59_000);
    expect((await h.plansOnSale()).map((p) => p.id)).toEqual(['a']);
    expect(h.calls).toHaveLength(1);
  });

  it('serves the old copy while one refresh runs, then the new one', async () => {
    const h = harness();
    const first = h.plansOnSale();
    await h.answer(0, [plan('a')]);
    await first;
    h.advance(61_000);
    expect((await h.plansOnSale()).map((p) => p.id)).toEqual(['a']);
    expect((await h.plansOnSale()).map((p) => p.id)).toEqual(['a']);
    expect(h.calls).toHaveLength(2);
    await h.answer(1, [plan('b')]);
    expect((await h.plansOnSale()).map((p) => p.id)).toEqual(['b']);
    expect(h.calls).toHaveLength(2);
  });

  it('never keeps a failure, and waits for the billing API once the copy is too old', async () => {
    const h = harness();
    const failed = h.plansOnSale().catch((error: Error) => error);
    await h.answer(0, new Error('down'));
    expect(await failed).toBeInstanceOf(Error);
    const retried = h.plansOnSale();
    expect(h.calls).toHaveLength(2);
    await h.answer(1, [plan('a')]);
    await retried;
    h.advance(600_001);
    let settled = false;
    const waiting = h.plansOnSale().then((plans) => {
      settled = true;
      return plans;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(false);
    await h.answer(2, [plan('c')]);
    expect((await waiting).map((p) => p.id)).toEqual(['c']);
  });
});

describe('peeking at the display copy (pages that never wait for it)', () => {
  it('answers nothing before the first copy, starts one load, then answers the copy', async () => {
    const h = harness();
    expect(h.plansOnSale.peek()).toBeUndefined();
    expect(h.plansOnSale.peek()).toBeUndefined();
    expect(h.calls).toHaveLength(1);
    await h.answer(0, [plan('a')]);
    expect(h.plansOnSale.peek()?.map((p) => p.id)).toEqual(['a']);
    expect(h.calls).toHaveLength(1);
  });

  it('refreshes a stale copy in the background, and gives up on one too old', async () => {
    const h = harness();
    h.plansOnSale.peek();
    await h.answer(0, [plan('a')]);
    h.advance(61_000);
    expect(h.plansOnSale.peek()?.map((p) => p.id)).toEqual(['a']);
    expect(h.calls).toHaveLength(2);
    await h.answer(1, new Error('down'));
    h.advance(600_000);
    expect(h.plansOnSale.peek()).toBeUndefined();
    expect(h.calls).toHaveLength(3);
  });

  it('waits 30 s after a failed call before trying again, however many pages peek', async () => {
    const h = harness();
    h.plansOnSale.peek();
    await h.answer(0, new Error('rate limited'));
    for (let i = 0; i < 20; i += 1) expect(h.plansOnSale.peek()).toBeUndefined();
    h.advance(29_999);
    h.plansOnSale.peek();
    expect(h.calls).toHaveLength(1);
    h.advance(1);
    h.plansOnSale.peek();
    h.plansOnSale.peek();
    expect(h.calls).toHaveLength(2);
    await h.answer(1, [plan('a')]);
    expect(h.plansOnSale.peek()?.map((p) => p.id)).toEqual(['a']);
  });
});

import { describe, expect, inject, it } from 'vitest';

describe('benchmark-only routes', () => {
  it('are not part of a normal build: no no-op route, and no ungated members page', async () => {
    const noop = await fetch(`${inject('baseUrl')}/api/bench/noop`);
    expect(noop.status).toBe(404);
    const ungated = await fetch(`${inject('baseUrl')}/members/bench-ungated`, { redirect: 'manual' });
    expect(ungated.status).toBe(307);
    expect(ungated.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});

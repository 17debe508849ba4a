import { describe, expect, inject, it } from 'vitest';

describe('benchmark-only routes', () => {
  it('are not part of a normal build: no no-op, catch-all or echo route, and no ungated members page', async () => {
    for (const path of ['/api/bench/noop', '/api/bench/catchall/portal_sessions/x', '/api/bench/echo']) {
      const answer = await fetch(`${inject('baseUrl')}${path}`, {
        method: path.endsWith('echo') ? 'POST' : 'GET',
      });
      expect(answer.status, path).toBe(404);
    }
    const ungated = await fetch(`${inject('baseUrl')}/members/bench-ungated`, { redirect: 'manual' });
    expect(ungated.status).toBe(307);
    expect(ungated.headers.get('location')).toMatch(/^\/login\?next=/);
  });
});

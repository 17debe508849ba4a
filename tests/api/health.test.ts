import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../support/databases';
import { startTestServer, type TestServer } from '../support/server';

describe('GET /api/health', () => {
  it('answers ok on the embedded database', async () => {
    const response = await fetch(`${inject('baseUrl')}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(await response.json()).toEqual({ status: 'ok', db: 'pglite' });
  });

  describe.runIf(postgresUrl())('on PostgreSQL', () => {
    let server: TestServer;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const database = await createPostgresDatabase(postgresUrl() as string);
      drop = database.drop;
      server = await startTestServer({ DATABASE_URL: database.url });
    });
    afterAll(async () => {
      await server?.close();
      await drop?.();
    });

    it('answers ok with db "postgres"', async () => {
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', db: 'postgres' });
    });
  });

  describe('when the database never answers', () => {
    let server: TestServer;
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    beforeAll(async () => {
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as net.AddressInfo;
      server = await startTestServer({ DATABASE_URL: `postgres://gatehouse@127.0.0.1:${port}/none` });
    });
    afterAll(async () => {
      await server?.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    });

    it('answers 503 with a JSON reason within 2 seconds, every time', async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const started = Date.now();
        const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        const body = await response.json();
        expect(body).toMatchObject({ status: 'unavailable', db: 'postgres' });
        expect(body.reason).toEqual(expect.any(String));
      }
    });
  });
});

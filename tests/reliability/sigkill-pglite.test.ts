import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { api, uniqueId } from '../support/api';
import { startTestServer, type TestServer } from '../support/server';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-sigkill-'));
const answerLog = path.join(dataDir, 'answers.jsonl');
let server: TestServer | undefined;

afterAll(async () => {
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Logged = { customerId: string; version: number; status: number };

describe('the server killed with SIGKILL in the middle of a load on PGlite', () => {
  it('still has, after a restart, everything it answered 2xx before it died', async () => {
    server = await startTestServer({}, { dataDir });
    const base = server.url;
    const sent = new Map<string, number>();
    let killed = false;
    // Six clients: each creates a customer, then renames it again and again, logging every answer.
    const client = async () => {
      for (let round = 0; round < 40 && !killed; round++) {
        const customerId = uniqueId('kill');
        for (let version = 0; version < 5 && !killed; version++) {
          sent.set(customerId, version);
          const [method, route, params] =
            version === 0
              ? (['POST', 'customers', { id: customerId, first_name: 'v0' }] as const)
              : (['POST', `customers/${customerId}`, { first_name: `v${version}` }] as const);
          try {
            const answer = await api(method, route, params, {
              baseUrl: base,
              signal: AbortSignal.timeout(5_000),
            });
            const entry: Logged = { customerId, version, status: answer.status };
            fs.appendFileSync(answerLog, `${JSON.stringify(entry)}\n`);
            if (answer.status !== 200) throw new Error(`unexpected ${answer.status} before the kill`);
          } catch (error) {
            if (killed) return;
            throw error;
          }
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, () => client()));
    await sleep(2_500);
    killed = true;
    await server.stop('SIGKILL');
    await load;

    const answered = fs
      .readFileSync(answerLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Logged)
      .filter((entry) => entry.status >= 200 && entry.status < 300);
    expect(answered.length).toBeGreaterThan(20);

    server = await startTestServer({}, { dataDir });
    const lastAnswered = new Map<string, number>();
    for (const entry of answered) {
      lastAnswered.set(entry.customerId, Math.max(entry.version, lastAnswered.get(entry.customerId) ?? -1));
    }
    for (const [customerId, version] of lastAnswered) {
      const found = await api('GET', `customers/${customerId}`, {}, { baseUrl: server.url });
      expect(found.status, customerId).toBe(200);
      // The last answered rename, or the one in flight when the server died; never an older one.
      const name = (found.body.customer as { first_name: string }).first_name;
      expect([`v${version}`, `v${sent.get(customerId)}`]).toContain(name);
    }
  });
});

import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/lib/free-port';
import { api, uniqueId } from '../support/api';
import { newSubscriber } from './support/browser';
import { type Deployment, startDeployment } from './support/instances';

const receiverAuth = `Basic ${Buffer.from('hooks:receiver-password-0123456789').toString('base64')}`;

/** A real webhook receiver: answers 200 and counts each event id it accepted; can be taken down. */
class Receiver {
  readonly accepted = new Map<string, number>();
  private server?: http.Server;
  constructor(readonly port: number) {}

  get url() {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  up(): Promise<void> {
    this.server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        if (request.headers.authorization !== receiverAuth) {
          response.writeHead(401).end();
          return;
        }
        const id = (JSON.parse(body) as { id: string }).id;
        this.accepted.set(id, (this.accepted.get(id) ?? 0) + 1);
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
      });
    });
    const server = this.server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Down means down: nothing listens, and open keep-alive connections are cut. */
  down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

let receiver: Receiver;
let deployment: Deployment;
let a: string;
let b: string;

beforeAll(async () => {
  receiver = new Receiver(await freePort());
  await receiver.up();
  deployment = await startDeployment(2, {
    PROVIDER_WEBHOOK_URL: receiver.url,
    PROVIDER_WEBHOOK_USERNAME: 'hooks',
    PROVIDER_WEBHOOK_PASSWORD: 'receiver-password-0123456789',
    // A retry every second, 20 times: the outage below lasts a few seconds.
    PROVIDER_WEBHOOK_RETRY_SCHEDULE: Array(20).fill(1).join(','),
  });
  [a, b] = deployment.instances.map((instance) => instance.url) as [string, string];
});

afterAll(async () => {
  await deployment?.close();
  await receiver?.down();
});

async function allEvents(base: string) {
  const found: { id: string; webhook_status: string }[] = [];
  let offset: string | undefined;
  for (let page = 0; page < 20; page++) {
    const answer = await api(
      'GET',
      'events',
      { limit: 100, ...(offset ? { offset } : {}) },
      { baseUrl: base },
    );
    found.push(
      ...(answer.body.list as { event: { id: string; webhook_status: string } }[]).map((e) => e.event),
    );
    offset = answer.body.next_offset as string | undefined;
    if (!offset) return found;
  }
  throw new Error('too many events');
}

describe('the webhook receiver down for a while, two instances delivering', () => {
  it('delivers every event once it is back: none lost, none delivered twice', async () => {
    await newSubscriber(a, uniqueId('hook_before'));
    await receiver.down();
    // Events made on both instances while nobody listens.
    for (let i = 0; i < 6; i++) await newSubscriber(i % 2 === 0 ? a : b, uniqueId('hook_down'));
    await sleep(4_000);
    const waiting = await allEvents(b);
    expect(waiting.filter((event) => event.webhook_status === 're_scheduled').length).toBeGreaterThan(10);
    const acceptedWhileDown = receiver.accepted.size;
    await receiver.up();
    for (let i = 0; i < 4; i++) await newSubscriber(i % 2 === 0 ? b : a, uniqueId('hook_after'));

    let events = await allEvents(a);
    for (let i = 0; i < 60 && events.some((event) => event.webhook_status !== 'succeeded'); i++) {
      await sleep(500);
      events = await allEvents(a);
    }
    expect(events.filter((event) => event.webhook_status !== 'succeeded')).toEqual([]);
    expect(receiver.accepted.size).toBeGreaterThan(acceptedWhileDown);
    expect([...receiver.accepted.keys()].sort()).toEqual(events.map((event) => event.id).sort());
    const twice = [...receiver.accepted].filter(([, count]) => count !== 1);
    expect(twice).toEqual([]);
    // Nothing is still due: a second look a little later finds no new deliveries.
    const before = [...receiver.accepted.values()].reduce((sum, count) => sum + count, 0);
    await sleep(2_500);
    expect([...receiver.accepted.values()].reduce((sum, count) => sum + count, 0)).toBe(before);
  });
});

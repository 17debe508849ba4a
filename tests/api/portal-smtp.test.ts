import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brand } from '@/lib/brand';
import { location, portalClient, uniqueEmail } from '../mail/portal-client';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink';
import { createCustomerWithEmail } from '../support/api';
import { startTestServer, type TestServer } from '../support/server';

describe('a server that sends mail through SMTP', () => {
  let sink: SmtpSink;
  let server: TestServer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer({ SMTP_URL: sink.url, MAIL_FROM: 'Billing <billing@example.com>' });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.stop();
  });

  it('has no development mailbox', async () => {
    expect((await fetch(`${server.url}/api/dev/mailbox?to=a%40example.com`)).status).toBe(404);
    expect((await fetch(`${server.url}/dev/mailbox`)).status).toBe(404);
  });

  it('mails a known customer a code over SMTP that signs them in', async () => {
    const email = uniqueEmail('smtp-known');
    await createCustomerWithEmail(email, { baseUrl: server.url });
    const client = portalClient(server.url);
    await client.post('/portal/login/send-code', { email });
    const mail = await sink.waitFor((received) => received.to.includes(email));
    expect(mail.from).toBe('billing@example.com');
    const code = mail.subject.match(/(\d{6})$/)?.[1] as string;
    expect(mail.text).toContain(`Your code to sign in to the ${brand.name} billing portal is ${code}.`);
    expect(location(await client.post('/portal/login/verify-code', { email, code }))).toBe('/portal');
  });

  it('sends nothing to an unknown email and answers it exactly like a known one', async () => {
    const known = uniqueEmail('smtp-known');
    await createCustomerWithEmail(known, { baseUrl: server.url });
    const unknown = uniqueEmail('smtp-unknown');
    const answer = async (email: string) => {
      const client = portalClient(server.url);
      const sent = await client.post('/portal/login/send-code', { email });
      const page = await (await client.get(location(sent))).text();
      return {
        status: sent.status,
        // The CSP nonce differs on every answer, whoever asks.
        page: page
          .replaceAll(email, 'EMAIL')
          .replaceAll(encodeURIComponent(email), 'EMAIL')
          .replaceAll(/nonce="([^"]+)"/.exec(page)?.[1] ?? 'NONCE', 'NONCE'),
      };
    };
    const forKnown = await answer(known);
    const forUnknown = await answer(unknown);
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.page).toContain('If <strong');
    await sink.waitFor((received) => received.to.includes(known));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.messages.some((received) => received.to.includes(unknown))).toBe(false);
  });
});

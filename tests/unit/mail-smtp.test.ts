import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brand } from '@/lib/brand';
import { sendBySmtp } from '@/lib/mail/mailer';
import { loginCodeMail } from '@/lib/portal/messages';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink';

describe('mail through a real SMTP server process', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.stop();
  });

  it('delivers a sign-in code: recipient, sender, subject and the code in the text', async () => {
    const to = `reader-${Date.now()}@example.com`;
    await sendBySmtp(sink.url, 'Gatehouse <billing@example.com>', loginCodeMail(to, '042917'));
    const mail = await sink.waitFor((received) => received.to.includes(to));
    expect(mail.from).toBe('billing@example.com');
    expect(mail.subject).toBe(`Your ${brand.name} sign-in code: 042917`);
    expect(mail.text).toContain(`Your code to sign in to the ${brand.name} billing portal is 042917.`);
    expect(mail.text).toContain('expires in 10 minutes');
  });

  it('keeps non-ASCII text intact', async () => {
    const to = `zoe-${Date.now()}@example.com`;
    await sendBySmtp(sink.url, 'billing@example.com', {
      to,
      subject: 'Café ☕',
      text: 'Grüße, Zoë — 123456',
    });
    const mail = await sink.waitFor((received) => received.to.includes(to));
    expect(mail.text).toBe('Grüße, Zoë — 123456');
  });

  it('fails loudly when no SMTP server answers', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      sendBySmtp(`smtp://127.0.0.1:${port}`, 'billing@example.com', {
        to: 'a@example.com',
        subject: 's',
        text: 't',
      }),
    ).rejects.toThrow(/ECONNREFUSED|connect/i);
  });
});

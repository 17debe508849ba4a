import nodemailer, { type Transporter } from 'nodemailer';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { keepInOutbox } from './outbox';

export type MailMessage = { to: string; subject: string; text: string };

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

/** Sends one plain-text message through an SMTP server (smtp:// or smtps:// URL). */
export async function sendBySmtp(smtpUrl: string, from: string, message: MailMessage): Promise<void> {
  await transportFor(smtpUrl).sendMail({
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
  });
}

/**
 * Sends mail the way this process is configured: through SMTP_URL, or (outside production) into the
 * outbox, readable at /dev/mailbox and printed to the server log.
 */
export async function sendMail(message: MailMessage): Promise<void> {
  const { mail } = env();
  if (mail.kind === 'smtp') {
    await sendBySmtp(mail.url, mail.from, message);
    return;
  }
  await keepInOutbox(await db(), message);
  console.info(`[mail] to ${message.to}: ${message.subject}\n${message.text}\n(read it at /dev/mailbox)`);
}

/** Sends mail after the response has gone, so answers take the same time whether or not mail is sent. */
export function sendMailLater(message: MailMessage, schedule: (task: () => Promise<void>) => void): void {
  schedule(async () => {
    try {
      await sendMail(message);
    } catch (error) {
      console.error(`[mail] could not send "${message.subject}": ${(error as Error).message}`);
    }
  });
}

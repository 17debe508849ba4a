import { db } from '@/lib/db/client';
import { isOutboxReadable, listOutbox } from '@/lib/mail/outbox';

export const dynamic = 'force-dynamic';

/** The development outbox as JSON, newest first: `?to=` keeps one address's messages. */
export async function GET(request: Request) {
  if (!isOutboxReadable()) {
    return Response.json({ error: 'Not found: mail is sent through SMTP here.' }, { status: 404 });
  }
  const to = new URL(request.url).searchParams.get('to')?.slice(0, 320) || undefined;
  const messages = await listOutbox(await db(), { to, limit: 50 });
  return Response.json(
    { messages: messages.map(({ to, subject, text, sent_at }) => ({ to, subject, text, sent_at })) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

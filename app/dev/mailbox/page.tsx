import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { db } from '@/lib/db/client';
import { isOutboxReadable, listOutbox } from '@/lib/mail/outbox';
import { isTimeTravelPanelEnabled } from '@/lib/provider/time-travel-panel';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Development mailbox', robots: { index: false } };

function sentAt(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Mail this development server kept instead of sending, newest first. */
export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!isOutboxReadable()) notFound();
  const { to } = await searchParams;
  const filter = typeof to === 'string' && to.trim() ? to.slice(0, 320) : undefined;
  const messages = await listOutbox(await db(), { to: filter, limit: 100 });
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-10 sm:px-6">
      <div>
        <p className="text-xs font-semibold uppercase tracking-widest text-amber-700">Development only</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Mailbox</h1>
        <p className="mt-2 text-sm leading-6 text-slate-600">
          No SMTP server is configured, so mail is kept here (and printed to the server log) instead of being
          sent. Set SMTP_URL to send real mail; this page then disappears.
        </p>
        {isTimeTravelPanelEnabled() ? (
          <p className="mt-2 text-sm leading-6 text-slate-600">
            To move the billing provider&apos;s clock forward, use{' '}
            <Link href="/dev/time-travel" className="font-medium text-teal-800 underline underline-offset-4">
              time travel
            </Link>
            .
          </p>
        ) : null}
      </div>
      <form method="get" className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="mailbox-to" className="block text-sm font-medium text-slate-800">
            Only mail to
          </label>
          <input
            id="mailbox-to"
            name="to"
            type="email"
            defaultValue={filter}
            placeholder="name@example.com"
            className="mt-1.5 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base"
          />
        </div>
        <button
          type="submit"
          className="min-h-11 rounded-lg border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 hover:bg-slate-50"
        >
          Filter
        </button>
      </form>
      {messages.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-500">
          No mail yet{filter ? ` to ${filter}` : ''}.
        </p>
      ) : (
        <ol className="flex flex-col gap-4">
          {messages.map((message) => (
            <li
              key={message.id}
              className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs"
              data-testid="mailbox-message"
            >
              <p className="text-sm font-semibold text-slate-900">{message.subject}</p>
              <p className="mt-1 text-xs text-slate-500">
                To {message.to} · {sentAt(message.sent_at)} UTC
              </p>
              <pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm leading-6 text-slate-700">
                {message.text}
              </pre>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

import { desc, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { mailOutbox } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { nowSeconds } from '@/lib/provider/clock';

export type OutboxMessage = { id: number; to: string; subject: string; text: string; sent_at: number };

/** The outbox exists only where mail is not sent for real (never in production). */
export function isOutboxReadable(): boolean {
  const config = env();
  return config.mail.kind === 'outbox' && !config.isProduction;
}

export async function keepInOutbox(
  db: Database,
  message: { to: string; subject: string; text: string },
): Promise<void> {
  await db.insert(mailOutbox).values({ ...message, sentAt: nowSeconds() });
}

/** Messages newest first, optionally only those to one address (compared without case). */
export async function listOutbox(
  db: Database,
  options: { to?: string; limit?: number } = {},
): Promise<OutboxMessage[]> {
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(options.to ? sql`lower(${mailOutbox.to}) = ${options.to.trim().toLowerCase()}` : undefined)
    .orderBy(desc(mailOutbox.id))
    .limit(options.limit ?? 100);
  return rows.map((row) => ({
    id: row.id,
    to: row.to,
    subject: row.subject,
    text: row.text,
    sent_at: row.sentAt,
  }));
}

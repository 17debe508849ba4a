import { and, asc, eq, gt, isNull, lte, min, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { paymentSources } from '@/lib/db/schema';
import { atTime, nextResourceVersion } from './clock';
import { customerResource, requireCustomer } from './customers';
import { recordEvent } from './events';
import { cardToWire, expiringWindowSeconds, paymentSourceToWire } from './payment-source-wire';

const p = paymentSources;
const batchSize = 100;
/** The moment a card stops working: the start of the month after its expiry month, UTC. */
const expiresAt = sql<number>`extract(epoch from (make_date((${p.card}->>'expiry_year')::int, (${p.card}->>'expiry_month')::int, 1) + interval '1 month'))::bigint`;
const remindAt = sql<number>`(${expiresAt} - ${expiringWindowSeconds})`;

/** A live card not yet reminded about this expiry (an updated expiry arms the reminder again). */
function awaitingReminder(): SQL {
  return and(
    eq(p.deleted, false),
    eq(p.type, 'card'),
    or(isNull(p.expiryRemindedFor), ne(p.expiryRemindedFor, expiresAt)),
  ) as SQL;
}

function reminderDue(now: number): SQL {
  return and(awaitingReminder(), lte(remindAt, now), gt(expiresAt, now)) as SQL;
}

/**
 * Records `card_expiring` (with `{customer, card, payment_source}`) for every live card that expires
 * within the next 30 days, once per expiry date: what Chargebee sends so a merchant can ask for a new
 * card before renewals start failing. Claimed with FOR UPDATE SKIP LOCKED, so concurrent workers record
 * each reminder once. Returns how many it recorded.
 */
export async function runCardExpiryReminders(db: Database, now: number): Promise<number> {
  let recorded = 0;
  for (;;) {
    const due = await db
      .select({ id: p.id })
      .from(p)
      .where(reminderDue(now))
      .orderBy(asc(p.id))
      .limit(batchSize);
    if (due.length === 0) return recorded;
    for (const { id } of due) {
      // The card's status in the event (`expiring`) is judged at `now`, the moment the reminder is for.
      await atTime(now, () =>
        db.transaction(async (tx) => {
          const [card] = await tx
            .select({ row: p, expiresAt })
            .from(p)
            .where(and(eq(p.id, id), reminderDue(now)))
            .for('update', { skipLocked: true });
          if (!card) return;
          const [saved] = await tx
            .update(p)
            .set({
              expiryRemindedFor: Number(card.expiresAt),
              resourceVersion: nextResourceVersion(card.row.resourceVersion),
            })
            .where(eq(p.id, id))
            .returning();
          const customer = await customerResource(tx, await requireCustomer(tx, card.row.customerId));
          const row = saved ?? card.row;
          await recordEvent(tx, {
            eventType: 'card_expiring',
            content: { ...customer, card: cardToWire(row), payment_source: paymentSourceToWire(row) },
            source: 'scheduled_job',
          });
          recorded += 1;
        }),
      );
    }
  }
}

/** The earliest card-expiry reminder still waiting, for the time machine's list of due moments. */
export async function nextCardExpiryReminderDue(db: Database): Promise<number | null> {
  const [row] = await db
    .select({ at: min(remindAt) })
    .from(p)
    .where(awaitingReminder());
  return row?.at == null ? null : Number(row.at);
}

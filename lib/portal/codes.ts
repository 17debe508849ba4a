import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { portalLoginCodes } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { realSeconds } from '@/lib/provider/clock';
import { safeEqual } from '@/lib/provider/crypto';
import { newId } from '@/lib/provider/ids';

export const codeLifetimeSeconds = 10 * 60;
export const maxCodeTries = 5;

export type CodePurpose = 'login' | 'email_change';
export type CodeFailure = 'wrong' | 'expired' | 'locked' | 'none';
export type CodeCheck = { ok: true; customerId: string | null } | { ok: false; reason: CodeFailure };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function hashCode(email: string, purpose: CodePurpose, code: string): string {
  const key = Buffer.from(hkdfSync('sha256', env().authSecret, 'gatehouse', 'portal-login-code', 32));
  return createHmac('sha256', key).update(`${purpose}\n${email}\n${code}`).digest('hex');
}

/**
 * Stores a new 6-digit code for an email (only its HMAC is kept) and voids the earlier ones, so only
 * the newest code works. Returns the code to mail.
 */
export async function issueCode(
  db: Database,
  input: { email: string; purpose: CodePurpose; customerId?: string },
): Promise<string> {
  const email = normaliseEmail(input.email);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = realSeconds();
  const id = newId('code_');
  await db.insert(portalLoginCodes).values({
    id,
    email,
    purpose: input.purpose,
    customerId: input.customerId,
    codeHash: hashCode(email, input.purpose, code),
    expiresAt: now + codeLifetimeSeconds,
    createdAt: now,
  });
  await db
    .update(portalLoginCodes)
    .set({ consumedAt: now })
    .where(
      and(
        eq(portalLoginCodes.email, email),
        eq(portalLoginCodes.purpose, input.purpose),
        ne(portalLoginCodes.id, id),
        isNull(portalLoginCodes.consumedAt),
      ),
    );
  await db.delete(portalLoginCodes).where(lt(portalLoginCodes.expiresAt, now - 86_400));
  return code;
}

/**
 * Checks a code against the newest unused code for the email. Each try is counted before comparing,
 * in one conditional UPDATE, so no more than five tries ever reach a code, even from many instances
 * at once; the right code then works exactly once.
 */
export async function checkCode(
  db: Database,
  input: { email: string; purpose: CodePurpose; code: string },
): Promise<CodeCheck> {
  const email = normaliseEmail(input.email);
  const [current] = await db
    .select()
    .from(portalLoginCodes)
    .where(
      and(
        eq(portalLoginCodes.email, email),
        eq(portalLoginCodes.purpose, input.purpose),
        isNull(portalLoginCodes.consumedAt),
      ),
    )
    .orderBy(desc(portalLoginCodes.createdAt))
    .limit(1);
  if (!current) return { ok: false, reason: 'none' };
  const now = realSeconds();
  if (current.expiresAt <= now) return { ok: false, reason: 'expired' };

  const [tried] = await db
    .update(portalLoginCodes)
    .set({ attempts: sql`${portalLoginCodes.attempts} + 1` })
    .where(
      and(
        eq(portalLoginCodes.id, current.id),
        isNull(portalLoginCodes.consumedAt),
        lt(portalLoginCodes.attempts, maxCodeTries),
        gt(portalLoginCodes.expiresAt, now),
      ),
    )
    .returning();
  if (!tried) return { ok: false, reason: await whyRefused(db, current.id) };
  if (!/^\d{6}$/.test(input.code) || !safeEqual(hashCode(email, input.purpose, input.code), tried.codeHash)) {
    return { ok: false, reason: 'wrong' };
  }
  const [consumed] = await db
    .update(portalLoginCodes)
    .set({ consumedAt: now })
    .where(and(eq(portalLoginCodes.id, tried.id), isNull(portalLoginCodes.consumedAt)))
    .returning({ customerId: portalLoginCodes.customerId });
  if (!consumed) return { ok: false, reason: 'none' };
  return { ok: true, customerId: consumed.customerId };
}

async function whyRefused(db: Database, id: string): Promise<CodeFailure> {
  const [row] = await db.select().from(portalLoginCodes).where(eq(portalLoginCodes.id, id));
  if (!row || row.consumedAt !== null) return 'none';
  if (row.expiresAt <= realSeconds()) return 'expired';
  return row.attempts >= maxCodeTries ? 'locked' : 'none';
}

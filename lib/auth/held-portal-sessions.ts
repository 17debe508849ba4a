import { eq } from 'drizzle-orm';
import { db } from '@/lib/db/client';
import { sitePortalSessions } from '@/lib/db/schema';

/** Records a portal session the site opened for one sign-in, so sign-out can log it out. */
export async function recordHeldPortalSession(signInId: string, customerId: string, portalSessionId: string) {
  await (await db())
    .insert(sitePortalSessions)
    .values({ portalSessionId, signInId, customerId, createdAt: Date.now() })
    .onConflictDoNothing();
}

/** Removes and returns every portal session recorded for a sign-in. */
export async function takeHeldPortalSessions(signInId: string): Promise<string[]> {
  const rows = await (await db())
    .delete(sitePortalSessions)
    .where(eq(sitePortalSessions.signInId, signInId))
    .returning({ id: sitePortalSessions.portalSessionId });
  return rows.map((row) => row.id);
}

import { requireFeature } from '@/lib/auth/access';

/** A download for plans with the `long-reads` feature; requireSubscriber() would admit every member. */
export async function GET() {
  const reader = await requireFeature('long-reads', '/members/field-notes/export');
  return Response.json(
    { customer: reader.customerId, notes: ['Renewals are promises kept.'] },
    { headers: { 'Cache-Control': 'private, no-store' } },
  );
}

// Benchmark only: compiled when BENCH_BUILD=1 (next.config.js pageExtensions), never in a production
// build. /members with requireSubscriber() removed, so `npm run bench` can price the gate.
import type { Metadata } from 'next';
import { MembersLibrary } from '@/components/site/members-library';

export const metadata: Metadata = { title: 'Members’ library' };

export default async function UngatedMembersIndexPage({
  searchParams,
}: {
  searchParams: Promise<{ welcome?: string }>;
}) {
  const { welcome } = await searchParams;
  return <MembersLibrary name={null} welcome={Boolean(welcome)} />;
}

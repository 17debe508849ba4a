import { notFound } from 'next/navigation';
import PricingPage from '@/app/(site)/pricing/page';

export { metadata } from '@/app/(site)/pricing/page';

export const dynamic = 'force-static';
// The plans come from the billing API, as fresh as listPlansOnSale's own one-minute copy.
export const revalidate = 60;

/** None at build time: the billing API (the embedded one is this app) cannot answer a build. */
export function generateStaticParams(): { page: string }[] {
  return [];
}

/** `/pricing` for a visitor without a session and without a query (proxy.ts rewrites here). */
export default async function CachedPricingPage({ params }: { params: Promise<{ page: string }> }) {
  const { page } = await params;
  if (page !== 'pricing') notFound();
  return <PricingPage searchParams={Promise.resolve({})} />;
}

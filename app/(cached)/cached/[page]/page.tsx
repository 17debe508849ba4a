import { notFound } from 'next/navigation';
import HomePage from '@/app/(site)/page';
import PricingPage, { metadata as pricingMetadata } from '@/app/(site)/pricing/page';

export const dynamic = 'force-static';
// As fresh as the billing API's copies the pages show (listPlansOnSale and the catalogue: a minute).
export const revalidate = 60;

/**
 * None at build time: each copy is rendered on its first request. The pages read the billing API,
 * which a build cannot reach (the embedded one is this app), and its configuration.
 */
export function generateStaticParams(): { page: string }[] {
  return [];
}

type Props = { params: Promise<{ page: string }> };

export async function generateMetadata({ params }: Props) {
  const { page } = await params;
  return page === 'pricing' ? pricingMetadata : {};
}

/** `/` and `/pricing` for a visitor without a session and without a live query (see proxy.ts). */
export default async function CachedPage({ params }: Props) {
  const { page } = await params;
  if (page === 'home') return <HomePage searchParams={Promise.resolve({})} />;
  if (page === 'pricing') return <PricingPage searchParams={Promise.resolve({})} />;
  notFound();
}

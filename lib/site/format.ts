import type { ItemPrice } from '@/lib/chargebee/schemas';

export function formatDate(unixSeconds: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(unixSeconds * 1000));
}

export function formatPublished(isoDate: string): string {
  return formatDate(Date.parse(`${isoDate}T00:00:00Z`) / 1000);
}

export function formatPrice(price: Pick<ItemPrice, 'price' | 'currency_code'>): string {
  const zeroDecimal = ['JPY', 'KRW', 'VND', 'CLP', 'ISK'].includes(price.currency_code);
  const amount = (price.price ?? 0) / (zeroDecimal ? 1 : 100);
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: price.currency_code,
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
  }).format(amount);
}

export function formatPeriod(
  price: Pick<ItemPrice, 'period' | 'period_unit'>,
  /** "per month" beside a price on its own; "a month" inside a sentence ("then $9 a month"). */
  each: 'per' | 'a' = 'per',
): string {
  const unit = price.period_unit ?? 'month';
  const period = price.period ?? 1;
  return period === 1 ? `${each} ${unit}` : `every ${period} ${unit}s`;
}

const statusLabels: Record<string, string> = {
  in_trial: 'Free trial',
  active: 'Active',
  non_renewing: 'Ends at term end',
  paused: 'Paused',
  cancelled: 'Cancelled',
  future: 'Starts later',
  deleted: 'Removed',
};

export function formatStatus(status: string | null): string {
  return status ? (statusLabels[status] ?? status) : 'No subscription';
}

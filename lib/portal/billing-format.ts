/** Words and numbers for the billing pages: money, dates, periods, cards and statuses as a customer reads them. */

export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/** An amount in the currency's minor unit (cents), e.g. 900 USD → "$9.00". */
export function formatMoney(amount: number, currency: string): string {
  const digits = fractionDigits(currency);
  const value = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
    }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** Unix seconds → "12 May 2026" (UTC, the provider's calendar). */
export function formatDate(seconds: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(seconds * 1000));
}

/** "month", "year", "3 months". */
export function periodName(count: number, unit: string): string {
  return count === 1 ? unit : `${count} ${unit}s`;
}

/** "per month", "every 3 months". */
export function perPeriod(count: number, unit: string): string {
  return count === 1 ? `per ${unit}` : `every ${count} ${unit}s`;
}

/** "monthly", "yearly", or "every 3 months". */
export function periodAdjective(count: number, unit: string): string {
  if (count === 1) return { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' }[unit] ?? unit;
  return `every ${count} ${unit}s`;
}

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  american_express: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  diners_club: 'Diners Club',
};

export function cardBrandName(brand: string): string {
  return brandNames[brand] ?? 'Card';
}

/** "Visa •••• 1111". */
export function cardLabel(card: { brand: string; last4: string }): string {
  return `${cardBrandName(card.brand)} •••• ${card.last4}`;
}

/** "12/2030". */
export function cardExpiry(card: { expiryMonth: number; expiryYear: number }): string {
  return `${String(card.expiryMonth).padStart(2, '0')}/${card.expiryYear}`;
}

/** A test card number in groups as printed: 4 4 4 4, or 4 6 5 for American Express, 4 6 4 for Diners. */
export function groupCardNumber(number: string): string {
  if (number.length === 15) return `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`;
  if (number.length === 14) return `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`;
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export type Tone = 'good' | 'warning' | 'bad' | 'neutral';

const subscriptionStatuses: Record<string, { text: string; tone: Tone }> = {
  future: { text: 'Starts later', tone: 'neutral' },
  in_trial: { text: 'Free trial', tone: 'good' },
  active: { text: 'Active', tone: 'good' },
  non_renewing: { text: 'Cancellation scheduled', tone: 'warning' },
  paused: { text: 'Paused', tone: 'warning' },
  cancelled: { text: 'Cancelled', tone: 'bad' },
  transferred: { text: 'Moved to another account', tone: 'neutral' },
};

export function subscriptionStatus(status: string): { text: string; tone: Tone } {
  return subscriptionStatuses[status] ?? { text: 'Unknown', tone: 'neutral' };
}

const invoiceStatuses: Record<string, { text: string; tone: Tone }> = {
  paid: { text: 'Paid', tone: 'good' },
  posted: { text: 'Awaiting payment', tone: 'neutral' },
  payment_due: { text: 'Payment due', tone: 'warning' },
  not_paid: { text: 'Not paid', tone: 'bad' },
  voided: { text: 'Voided', tone: 'neutral' },
  pending: { text: 'Pending', tone: 'neutral' },
};

export function invoiceStatus(status: string): { text: string; tone: Tone } {
  return invoiceStatuses[status] ?? { text: 'Unknown', tone: 'neutral' };
}

const cardStatuses: Record<string, { text: string; tone: Tone } | undefined> = {
  expiring: { text: 'Expires soon', tone: 'warning' },
  expired: { text: 'Expired', tone: 'bad' },
  invalid: { text: 'Not usable', tone: 'bad' },
  pending_verification: { text: 'Being verified', tone: 'neutral' },
};

/** Only the statuses worth a mark: a valid card shows none. */
export function cardStatusMark(status: string): { text: string; tone: Tone } | undefined {
  return cardStatuses[status];
}

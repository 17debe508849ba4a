import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '@/lib/portal/billing';
import { dueInvoiceSentences, duesOf, lastRetryAt, stillDueText } from '@/lib/portal/dues';

const day = 86_400;
const renewal = Date.UTC(2026, 4, 12) / 1000; // 12 May 2026
const schedule = { retryDays: [3, 2, 2], finalAction: 'cancel' as const };

function invoice(changes: Partial<InvoiceView> = {}): InvoiceView {
  return {
    id: '1001',
    subscriptionId: 'sub_1',
    date: renewal,
    status: 'payment_due',
    total: 900,
    amountDue: 900,
    currencyCode: 'USD',
    dunningStatus: 'in_progress',
    nextRetryAt: renewal + 3 * day,
    retriesMade: 0,
    ...changes,
  };
}

describe('what the portal says about money due', () => {
  it('adds up only invoices that still owe money, oldest first', () => {
    const dues = duesOf([
      invoice({ id: '1003', date: renewal + 30 * day, amountDue: 1200 }),
      invoice({ id: '1001', status: 'paid', amountDue: 0 }),
      invoice({ id: '1002', status: 'not_paid', dunningStatus: 'exhausted', nextRetryAt: undefined }),
    ]);
    expect(dues?.total).toBe(2100);
    expect(dues?.invoices.map((entry) => entry.id)).toEqual(['1002', '1003']);
    expect(duesOf([invoice({ status: 'paid', amountDue: 0 })])).toBeUndefined();
  });

  it('dates the last retry from the schedule still to come, as the provider will run it', () => {
    expect(lastRetryAt(invoice(), schedule)).toBe(renewal + 7 * day);
    const afterOne = invoice({ retriesMade: 1, nextRetryAt: renewal + 5 * day });
    expect(lastRetryAt(afterOne, schedule)).toBe(renewal + 7 * day);
    expect(lastRetryAt(invoice({ retriesMade: 2, nextRetryAt: renewal + 7 * day }), schedule)).toBe(
      renewal + 7 * day,
    );
    expect(lastRetryAt(invoice({ dunningStatus: 'exhausted' }), schedule)).toBeUndefined();
  });

  it('says when the next retry is and that the subscription is cancelled if the last fails', () => {
    expect(dueInvoiceSentences(invoice(), schedule)).toEqual([
      'Payment failed on 12 May 2026; we will try again on 15 May 2026. If that fails, we try 2 more times, the last on 19 May 2026.',
      'If the last try on 19 May 2026 fails too, your subscription is cancelled that day.',
    ]);
    const lastOne = invoice({
      retriesMade: 2,
      nextRetryAt: renewal + 7 * day,
      lastAttemptAt: renewal + 5 * day,
    });
    expect(dueInvoiceSentences(lastOne, schedule)[0]).toBe(
      'Payment failed on 17 May 2026; we will try again on 19 May 2026.',
    );
  });

  it('promises no cancellation when the site keeps subscriptions, and no retry when none will come', () => {
    const keep = dueInvoiceSentences(invoice(), { ...schedule, finalAction: 'keep' });
    expect(keep[1]).toContain('your subscription carries on');
    expect(keep.join(' ')).not.toContain('cancelled');
    const exhausted = invoice({ status: 'not_paid', dunningStatus: 'exhausted', nextRetryAt: undefined });
    expect(dueInvoiceSentences(exhausted, schedule).join(' ')).not.toMatch(/try again/);
    const noDunning = invoice({ dunningStatus: undefined, nextRetryAt: undefined });
    expect(dueInvoiceSentences(noDunning, schedule)).toEqual([
      'Payment failed on 12 May 2026. Nothing will retry it automatically; you can pay it here.',
    ]);
  });

  it('after a decline, says what is still due and when the provider tries next', () => {
    const dues = duesOf([invoice()]);
    if (!dues) throw new Error('expected dues');
    expect(stillDueText(dues, schedule)).toBe('$9.00 is still due; we will try again on 15 May 2026.');
    const none = duesOf([
      invoice({ dunningStatus: 'exhausted', status: 'not_paid', nextRetryAt: undefined }),
    ]);
    if (!none) throw new Error('expected dues');
    expect(stillDueText(none, schedule)).toBe('$9.00 is still due.');
  });
});

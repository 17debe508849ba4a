/**
 * What the subscription page says after a change went through (the key travels as ?done=…). A failed
 * payment says no more than that here: the page adds what the provider will do about it (its retry
 * dates from the invoice's dunning), so nothing is promised that will not happen.
 */
export const subscriptionDoneNotices = {
  plan_changed: 'Your plan is changed. Any amount due today was charged to your card.',
  plan_changed_payment_failed: 'Your plan is changed, but the payment for it failed.',
  plan_change_scheduled: 'Your plan change is scheduled. It takes effect at your next renewal.',
  scheduled_change_removed: 'The scheduled plan change is removed. Your plan stays as it is.',
  cancel_scheduled:
    'Your subscription will end at the end of the current term. You can undo this until then.',
  cancelled: 'Your subscription is cancelled.',
  cancellation_removed: 'The cancellation is removed. Your subscription will renew as usual.',
  reactivated: 'Your subscription is active again. A new term starts today.',
  reactivated_payment_failed: 'Your subscription is active again, but the payment for it failed.',
  paused: 'Your subscription is paused. Nothing is charged until you resume it.',
  resumed: 'Your subscription is running again.',
  resumed_payment_failed: 'Your subscription is running again, but the payment for it failed.',
} as const;

export type SubscriptionDone = keyof typeof subscriptionDoneNotices;

type Reason = {
  tone: 'info' | 'warning' | 'success';
  title: string;
  body: string;
  action?: { href: string; label: string };
};

const signInAction = { href: '/login?next=%2Fmembers', label: 'Sign in with the email you used at checkout' };

const reasons: Record<string, Reason> = {
  no_subscription: {
    tone: 'info',
    title: 'Members articles need a subscription.',
    body: 'You are signed in, but your account has no subscription yet. Choose a plan below to read the whole library.',
  },
  cancelled: {
    tone: 'info',
    title: 'Your subscription has ended.',
    body: 'Members articles open again as soon as you choose a plan.',
  },
  not_paid: {
    tone: 'warning',
    title: 'Your subscription ended because payments failed.',
    body: 'Your card was declined at renewal and on every retry, so the membership was cancelled. Choose a plan below to subscribe again with a card that works; your account stays the same.',
    action: { href: '/account', label: 'See your account' },
  },
  paused: {
    tone: 'info',
    title: 'Your subscription is paused.',
    body: 'Members articles open again when it resumes. You can resume it from billing.',
    action: { href: '/portal_link', label: 'Manage billing' },
  },
  future: {
    tone: 'info',
    title: 'Your subscription has not started yet.',
    body: 'Members articles open on its start date. Your account page shows when that is.',
    action: { href: '/account', label: 'See your account' },
  },
  inactive: {
    tone: 'warning',
    title: 'Your subscription is not active.',
    body: 'Check its state in billing, or choose a plan below.',
    action: { href: '/portal_link', label: 'Manage billing' },
  },
  choose_plan: {
    tone: 'warning',
    title: 'Choose a plan first.',
    body: 'Pick one of the plans below and press Subscribe.',
  },
  checkout_cancelled: {
    tone: 'info',
    title: 'Checkout was cancelled.',
    body: 'Nothing was charged. You can pick a plan again whenever you like.',
  },
  checkout_other_browser: {
    tone: 'warning',
    title: 'That checkout was finished in another browser.',
    body: 'For your safety, a checkout only signs you in in the browser that started it. If you paid, your subscription is ready.',
    action: signInAction,
  },
  checkout_used: {
    tone: 'info',
    title: 'That checkout link has already been used.',
    body: 'A checkout signs you in once. If you paid, your subscription is ready.',
    action: signInAction,
  },
  checkout_expired: {
    tone: 'warning',
    title: 'That checkout link has expired.',
    body: 'Checkout links work for three hours. If you did not pay, choose a plan below to start again.',
    action: signInAction,
  },
  checkout_incomplete: {
    tone: 'warning',
    title: 'That checkout was not completed.',
    body: 'Nothing was charged. Choose a plan to start again.',
  },
  checkout_unverified: {
    tone: 'warning',
    title: 'We could not confirm that checkout.',
    body: 'The link did not match a checkout we could check. If you did not pay, choose a plan below to start again.',
    action: signInAction,
  },
  checkout_too_many: {
    tone: 'warning',
    title: 'Too many checkouts were started from your network.',
    body: 'Nothing was charged. Wait ten minutes, then choose a plan again. Already a subscriber? Sign in instead.',
    action: { href: '/login?next=%2Fmembers', label: 'Sign in' },
  },
  checkout_unavailable: {
    tone: 'warning',
    title: 'Checkout could not be reached.',
    body: 'The billing service did not answer. Nothing was charged; please try again in a minute.',
  },
};

/** Reasons about the visitor's own subscription are only shown to someone signed in. */
const aboutTheCustomer = new Set([
  'no_subscription',
  'cancelled',
  'not_paid',
  'paused',
  'future',
  'inactive',
]);

/** The notice for `?reason=`; a signed-in reader is not asked to sign in again. */
export function pricingReason(reason: string | undefined, signedIn: boolean): Reason | undefined {
  if (!reason || !Object.hasOwn(reasons, reason)) return undefined;
  if (aboutTheCustomer.has(reason) && !signedIn) return undefined;
  const found = reasons[reason] as Reason;
  if (signedIn && found.action === signInAction) return { ...found, action: undefined };
  return found;
}

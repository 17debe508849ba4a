import { idPattern } from '@/lib/provider/ids';

export type PortalSection = {
  href: string;
  label: string;
  /** Shown on the portal home beside the link. */
  description: string;
  /** Chargebee's portal section ids (Chargebee.js `forward` targets) that open this page. */
  chargebeeIds: readonly string[];
};

/** The portal's pages, in navigation order. A page that exists gets a row; no row, no link. */
export const portalSections: readonly PortalSection[] = [
  {
    href: '/portal',
    label: 'Overview',
    description: 'A summary of your account.',
    chargebeeIds: ['portal_main', 'home'],
  },
  {
    href: '/portal/subscriptions',
    label: 'Subscriptions',
    description: 'Change your plan, pause, resume, cancel or reactivate.',
    chargebeeIds: ['sub_details', 'edit_subscription', 'scheduled_changes', 'sub_cancel'],
  },
  {
    href: '/portal/payment-methods',
    label: 'Payment methods',
    description: 'Add a card, choose your primary card or remove one.',
    chargebeeIds: [
      'portal_payment_methods',
      'portal_add_payment_method',
      'portal_edit_payment_method',
      'portal_view_payment_method',
      'portal_choose_payment_method',
    ],
  },
  {
    href: '/portal/billing-history',
    label: 'Billing history',
    description: 'Your invoices, with PDFs to download.',
    chargebeeIds: ['portal_billing_history'],
  },
  {
    href: '/portal/account',
    label: 'Account details',
    description: 'Your name, email address, phone and company.',
    chargebeeIds: ['account_details', 'portal_edit_account'],
  },
  {
    href: '/portal/address',
    label: 'Billing address',
    description: 'The address printed on your invoices.',
    chargebeeIds: ['address', 'portal_address', 'portal_edit_billing_address'],
  },
];

function sectionById(id: string): PortalSection | undefined {
  return portalSections.find((section) => section.chargebeeIds.includes(id));
}

const subscriptionPermalink = /^\/portal\/permalink\/subscriptions\/([^/]+)\/edit$/;

/**
 * The subscription named by Chargebee's edit-subscription permalink
 * (`{portal}/portal/permalink/subscriptions/{id}/edit`), or undefined. Whose it is, the page decides.
 */
export function permalinkSubscription(path: string): string | undefined {
  const id = subscriptionPermalink.exec(path)?.[1];
  return id && idPattern.test(id) ? id : undefined;
}

/**
 * Where a session's `forward_url` may send the browser after an access URL: only to a page of this
 * portal, named by its path (`{portal}/portal/account`), by a Chargebee section id as the last path
 * segment (`{portal}/portal/v2/account_details`) or as `?forward=` (`{portal}/portal/v2/login?forward=sub_details`),
 * or to one subscription's change-plan page by its permalink. Anything else is ignored.
 */
export function resolveForwardUrl(forwardUrl: string | null | undefined, portalOrigin: string) {
  if (!forwardUrl || !URL.canParse(forwardUrl)) return undefined;
  const url = new URL(forwardUrl);
  if (url.origin !== portalOrigin || url.username || url.password) return undefined;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (!path.startsWith('/portal')) return undefined;
  const subscription = permalinkSubscription(path);
  if (subscription) return `/portal/subscriptions/${subscription}/change`;
  const forward = url.searchParams.get('forward');
  const byForward = forward ? sectionById(forward) : undefined;
  if (byForward) return byForward.href;
  const byPath = portalSections.find((section) => section.href === path);
  if (byPath) return byPath.href;
  return sectionById(path.slice(path.lastIndexOf('/') + 1))?.href;
}

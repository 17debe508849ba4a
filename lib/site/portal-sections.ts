/** Chargebee's portal section ids (Chargebee.js), by their constant names and by themselves. */
const sections: Record<string, string> = {
  subscription_details: 'sub_details',
  subscription_cancellation: 'sub_cancel',
  edit_subscription: 'edit_subscription',
  view_scheduled_changes: 'scheduled_changes',
  account_details: 'account_details',
  edit_account_details: 'portal_edit_account',
  address: 'portal_address',
  edit_billing_address: 'portal_edit_billing_address',
  edit_shipping_address: 'portal_edit_shipping_address',
  edit_subscription_custom_fields: 'portal_edit_subscription_cf',
  payment_sources: 'portal_payment_methods',
  add_payment_source: 'portal_add_payment_method',
  edit_payment_source: 'portal_edit_payment_method',
  view_payment_source: 'portal_view_payment_method',
  choose_payment_method_for_subscription: 'portal_choose_payment_method',
  billing_history: 'portal_billing_history',
};
const ids = new Set(Object.values(sections));

/** The Chargebee section id for `?section=…`, or undefined for anything not on the list. */
export function portalSectionId(section: string | null): string | undefined {
  if (!section) return undefined;
  if (Object.hasOwn(sections, section)) return sections[section];
  return ids.has(section) ? section : undefined;
}

/** A deep link into the portal for `forward_url`, in the `/portal/v2/…?forward=` form portals accept. */
export function portalForwardUrl(portalBaseUrl: string, sectionId: string): string {
  return `${portalBaseUrl}/portal/v2/login?forward=${encodeURIComponent(sectionId)}`;
}

/**
 * The portal's own page for changing one subscription's plan: the permalink Chargebee's support
 * documents as a `forward_url` for SSO (`{portal}/portal/permalink/subscriptions/{id}/edit`).
 */
export function portalSubscriptionEditUrl(portalBaseUrl: string, subscriptionId: string): string {
  return `${portalBaseUrl}/portal/permalink/subscriptions/${encodeURIComponent(subscriptionId)}/edit`;
}

/**
 * Whether this app still holds the embedded billing provider. `npm run remove-provider` deletes it and
 * rewrites this line to `false`; the site then needs CHARGEBEE_SITE or CHARGEBEE_BASE_URL to start.
 */
export const embeddedProviderInstalled: boolean = true;

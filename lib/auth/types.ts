import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface User {
    /** The portal-login session activated at sign-in; logged out when the visitor signs out. */
    portalSessionId?: string;
    /** Customers sharing the verified email, from the activated portal session's linked_customers. */
    linkedCustomerIds?: string[];
  }
  interface Session {
    user: { id: string } & DefaultSession['user'];
    /** Only ever sent to `unstable_update`: a portal session this visitor now holds. */
    addPortalSession?: string;
  }
}

declare module '@auth/core/jwt' {
  interface JWT {
    /** Portal sessions to log out through the API when the visitor signs out. Never the entitlement. */
    portalSessionIds?: string[];
    /** This sign-in's id: the key of the portal sessions the site recorded for it in the database. */
    sid?: string;
    /** Customers this sign-in may switch between (/account); only ever set from a verified source. */
    linkedCustomerIds?: string[];
  }
}

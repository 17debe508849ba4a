import { createHmac } from 'node:crypto';
import { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { secretsMatch } from '@/lib/auth/constant-time';
import { customerDisplayName, retrieveCustomer } from '@/lib/chargebee/customers';
import { isChargebeeError } from '@/lib/chargebee/errors';
import { isPathId } from '@/lib/chargebee/ids';
import { activatePortalSession } from '@/lib/chargebee/portal-sessions';
import { env } from '@/lib/env';
import { chooseLinkedCustomer } from './linked-customers';

export const portalProviderId = 'chargebee-portal';

export type PortalSignInFailure = 'invalid_request' | 'rejected' | 'unavailable';

export class PortalSignInError extends CredentialsSignin {
  constructor(readonly reason: PortalSignInFailure) {
    super(`Portal sign-in failed: ${reason}`);
    this.code = reason;
  }
}

const credentials = z.object({
  auth_session_id: z.string().refine(isPathId, 'must be a portal session id'),
  auth_session_token: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a portal session token'),
  proof: z.string().min(1).max(100),
});

/**
 * Ties a credentials call to this server's return handler: only code that checked the visitor's
 * `state` cookie can compute it, so POSTing auth_session_* to the Auth.js callback directly fails.
 */
export function portalSessionProof(authSessionId: string): string {
  return createHmac('sha256', env().authSecret)
    .update(`chargebee-portal:${authSessionId}`)
    .digest('base64url');
}

/** A failed billing call during sign-in, as the reason the visitor is told. */
export function signInFailureOf(error: unknown): PortalSignInError {
  console.warn(`[auth] portal sign-in could not be confirmed: ${(error as Error).message}`);
  if (isChargebeeError(error) && !error.isTemporary) return new PortalSignInError('rejected');
  return new PortalSignInError('unavailable');
}

/**
 * The `chargebee-portal` provider: activates the portal-login session and returns the customer to sign
 * in as. When one email has several customers, the activated session's `linked_customers` decide
 * which (the paying one), and all of them are remembered so /account can offer the others.
 */
export function chargebeePortalProvider() {
  return Credentials({
    id: portalProviderId,
    name: 'Chargebee portal',
    credentials: { auth_session_id: {}, auth_session_token: {}, proof: {} },
    async authorize(raw) {
      const input = credentials.safeParse(raw);
      if (!input.success) throw new PortalSignInError('invalid_request');
      const { auth_session_id: id, auth_session_token: token, proof } = input.data;
      if (!secretsMatch(proof, portalSessionProof(id))) throw new PortalSignInError('invalid_request');
      try {
        const session = await activatePortalSession(id, token);
        if (session.status !== 'activated') throw new PortalSignInError('rejected');
        const choice = await chooseLinkedCustomer(session);
        const customer = await retrieveCustomer(choice.customerId);
        if (customer.deleted) throw new PortalSignInError('rejected');
        return {
          id: customer.id,
          email: customer.email ?? null,
          name: customerDisplayName(customer),
          portalSessionId: session.id,
          linkedCustomerIds: choice.linkedCustomerIds,
        };
      } catch (error) {
        throw error instanceof PortalSignInError ? error : signInFailureOf(error);
      }
    },
  });
}

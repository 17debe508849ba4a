import { createHmac } from 'node:crypto';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { customerDisplayName, retrieveCustomer } from '@/lib/chargebee/customers';
import { isPathId } from '@/lib/chargebee/ids';
import { env } from '@/lib/env';
import { secretsMatch } from '@/lib/site/constant-time';
import { PortalSignInError, signInFailureOf } from './portal-provider';

export const verifiedProviderId = 'gatehouse-verified';
/** A proof is made and spent within one request; a minute covers a slow billing call in between. */
const proofLifetimeSeconds = 60;

const credentials = z.object({
  customer_id: z.string().refine(isPathId),
  linked_customer_ids: z.string().max(1100),
  issued_at: z.coerce.number().int(),
  proof: z.string().min(1).max(100),
});

function proofOf(customerId: string, linkedCustomerIds: string, issuedAt: number): string {
  return createHmac('sha256', env().authSecret)
    .update(`${verifiedProviderId}:${issuedAt}:${customerId}:${linkedCustomerIds}`)
    .digest('base64url');
}

/**
 * Credentials for signing in a customer this server has already verified some other way (a paid
 * checkout bound to this browser, or a switch between accounts an activated portal session vouched
 * for). Only server code holding AUTH_SECRET can make them, and they expire within a minute, so the
 * Auth.js callback URL cannot be used to sign in as anyone.
 */
export function verifiedCustomerCredentials(customerId: string, linkedCustomerIds: string[]) {
  const linked = linkedCustomerIds.filter(isPathId).join(',');
  const issuedAt = Math.floor(Date.now() / 1000);
  return {
    customer_id: customerId,
    linked_customer_ids: linked,
    issued_at: String(issuedAt),
    proof: proofOf(customerId, linked, issuedAt),
  };
}

/** The `gatehouse-verified` provider: checks the proof, then loads the customer from the billing API. */
export function verifiedCustomerProvider() {
  return Credentials({
    id: verifiedProviderId,
    name: 'Verified customer',
    credentials: { customer_id: {}, linked_customer_ids: {}, issued_at: {}, proof: {} },
    async authorize(raw) {
      const input = credentials.safeParse(raw);
      if (!input.success) throw new PortalSignInError('invalid_request');
      const { customer_id: id, linked_customer_ids: linked, issued_at: issuedAt, proof } = input.data;
      const age = Math.floor(Date.now() / 1000) - issuedAt;
      if (age < 0 || age > proofLifetimeSeconds || !secretsMatch(proof, proofOf(id, linked, issuedAt))) {
        throw new PortalSignInError('invalid_request');
      }
      const customer = await retrieveCustomer(id).catch((error: unknown) => {
        throw signInFailureOf(error);
      });
      if (customer.deleted) throw new PortalSignInError('rejected');
      return {
        id: customer.id,
        email: customer.email ?? null,
        name: customerDisplayName(customer),
        linkedCustomerIds: linked ? linked.split(',') : [],
      };
    },
  });
}

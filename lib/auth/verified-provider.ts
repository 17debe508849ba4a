import Credentials from 'next-auth/providers/credentials';
import { customerDisplayName, retrieveCustomer } from '@/lib/chargebee/customers';
import { env } from '@/lib/env';
import { PortalSignInError, signInFailureOf } from './portal-provider';
import { parseVerifiedCredentials, verifiedProofHolds, verifiedProviderId } from './verified-proof';

/** The `gatehouse-verified` provider: checks the proof, then loads the customer from the billing API. */
export function verifiedCustomerProvider() {
  return Credentials({
    id: verifiedProviderId,
    name: 'Verified customer',
    credentials: { customer_id: {}, linked_customer_ids: {}, issued_at: {}, proof: {} },
    async authorize(raw) {
      const input = parseVerifiedCredentials(raw);
      if (!input || !verifiedProofHolds(input, env().authSecret, Math.floor(Date.now() / 1000))) {
        throw new PortalSignInError('invalid_request');
      }
      const { customer_id: id, linked_customer_ids: linked } = input;
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

import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { secretsMatch } from '@/lib/auth/constant-time';
import { isPathId } from '@/lib/chargebee/ids';
import { env } from '@/lib/env';

export const verifiedProviderId = 'gatehouse-verified';
/** A proof is made and spent within one request; a minute covers a slow billing call in between. */
const proofLifetimeSeconds = 60;

const credentials = z.object({
  customer_id: z.string().refine(isPathId),
  linked_customer_ids: z.string().max(1100),
  issued_at: z.coerce.number().int(),
  proof: z.string().min(1).max(100),
});

type VerifiedCredentials = z.infer<typeof credentials>;

function proofOf(secret: string, customerId: string, linkedCustomerIds: string, issuedAt: number): string {
  return createHmac('sha256', secret)
    .update(`${verifiedProviderId}:${issuedAt}:${customerId}:${linkedCustomerIds}`)
    .digest('base64url');
}

/** True when the proof was made with `secret` for exactly these ids, within the last minute. */
export function verifiedProofHolds(input: VerifiedCredentials, secret: string, nowSeconds: number): boolean {
  const age = nowSeconds - input.issued_at;
  const expected = proofOf(secret, input.customer_id, input.linked_customer_ids, input.issued_at);
  return age >= 0 && age <= proofLifetimeSeconds && secretsMatch(input.proof, expected);
}

/**
 * Credentials for signing in a customer this server has already verified some other way (a paid
 * checkout bound to this browser, or a switch between accounts an activated portal session vouched
 * for). Only server code holding AUTH_SECRET can make them, and they expire within a minute, so the
 * Auth.js callback URL cannot be used to sign in as anyone.
 */
export function verifiedCustomerCredentials(
  customerId: string,
  linkedCustomerIds: string[],
  secret = env().authSecret,
  issuedAt = Math.floor(Date.now() / 1000),
) {
  const linked = linkedCustomerIds.filter(isPathId).join(',');
  return {
    customer_id: customerId,
    linked_customer_ids: linked,
    issued_at: String(issuedAt),
    proof: proofOf(secret, customerId, linked, issuedAt),
  };
}

/** Reads credentials posted to the provider; undefined when they are not even shaped right. */
export function parseVerifiedCredentials(raw: unknown): VerifiedCredentials | undefined {
  const input = credentials.safeParse(raw);
  return input.success ? input.data : undefined;
}

import { describe, expect, it } from 'vitest';
import {
  parseVerifiedCredentials,
  verifiedCustomerCredentials,
  verifiedProofHolds,
} from '@/lib/auth/verified-proof';

const secret = 'verified-proof-test-secret-0123456789abcdef';
const now = 1_800_000_000;

function check(fields: Record<string, string>, at = now, key = secret) {
  const input = parseVerifiedCredentials(fields);
  return input !== undefined && verifiedProofHolds(input, key, at);
}

describe('the proof behind sign-ins the server makes itself', () => {
  it('holds for the ids it was made for, within a minute, with the same secret', () => {
    const fields = verifiedCustomerCredentials('cust_new', ['cust_new', 'cust_old'], secret, now);
    expect(fields.linked_customer_ids).toBe('cust_new,cust_old');
    expect(check(fields)).toBe(true);
    expect(check(fields, now + 60)).toBe(true);
  });

  it('fails once stale, before it was made, or with another secret', () => {
    const fields = verifiedCustomerCredentials('cust_new', ['cust_new'], secret, now);
    expect(check(fields, now + 61)).toBe(false);
    expect(check(fields, now - 1)).toBe(false);
    expect(check(fields, now, 'another-secret-0123456789abcdef0123456789')).toBe(false);
  });

  it('fails when any field is changed: another customer, more linked accounts, another time, a forged proof', () => {
    const fields = verifiedCustomerCredentials('cust_new', ['cust_new'], secret, now);
    expect(check({ ...fields, customer_id: 'cust_victim' })).toBe(false);
    expect(check({ ...fields, linked_customer_ids: 'cust_new,cust_victim' })).toBe(false);
    expect(check({ ...fields, issued_at: String(now + 1) }, now + 1)).toBe(false);
    expect(check({ ...fields, proof: 'forged' })).toBe(false);
    expect(check({ ...fields, customer_id: '../customers/x' })).toBe(false);
    expect(check({ customer_id: 'cust_new' })).toBe(false);
  });

  it('never lists an id that could walk a URL among the linked accounts', () => {
    const fields = verifiedCustomerCredentials('cust_new', ['cust_new', '../x', 'cust_old'], secret, now);
    expect(fields.linked_customer_ids).toBe('cust_new,cust_old');
  });
});

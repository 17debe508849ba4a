import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCode } from '@/lib/portal/codes';
import { portalLimits } from '@/lib/portal/limits';
import { requestLoginCode, verifyLoginCode } from '@/lib/portal/login';
import { createCustomer, findCustomerByEmail, updateCustomer } from '@/lib/provider/customers';
import { backends, type TestDatabase } from '../support/databases';

let counter = 0;
const uniqueEmail = (name = 'login') => `${name}-${Date.now()}-${++counter}@example.com`;
const address = () => {
  counter += 1;
  return `10.1.${Math.floor(counter / 250) % 250}.${counter % 250}`;
};
const codeIn = (text: string) => text.match(/\b(\d{6})\b/)?.[1] as string;

describe.each(backends())('portal sign-in on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });

  async function customerWithEmail(email: string) {
    const { customer } = await createCustomer(database.handle.db, { email, first_name: 'Ada' }, 'api');
    return customer.id;
  }

  it('mails a known customer a code that signs them in', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const id = await customerWithEmail(email);
    const sent = await requestLoginCode(db, { email: email.toUpperCase(), clientIp: address() });
    if (!sent.ok || !sent.mail) throw new Error('expected a mail');
    expect(sent.mail.to).toBe(email.toUpperCase());
    const code = codeIn(sent.mail.text);
    expect(await verifyLoginCode(db, { email, code, clientIp: address() })).toEqual({
      ok: true,
      customerId: id,
    });
  });

  it('mails nothing to an unknown email and refuses even its right code as wrong, creating no customer', async () => {
    const { db } = database.handle;
    const email = uniqueEmail('unknown-right');
    expect(await requestLoginCode(db, { email, clientIp: address() })).toEqual({ ok: true, mail: undefined });
    // Nobody ever sees the code stored for an unknown email; store one the same way to know it.
    const code = await issueCode(db, { email, purpose: 'login' });
    expect(await verifyLoginCode(db, { email, code, clientIp: address() })).toEqual({
      ok: false,
      reason: 'wrong',
    });
    expect(await findCustomerByEmail(db, email)).toBeUndefined();
  });

  it('refuses a code stored while the email was unknown, even once a customer has that email', async () => {
    const { db } = database.handle;
    const email = uniqueEmail('late-customer');
    const code = await issueCode(db, { email, purpose: 'login' });
    await customerWithEmail(email);
    expect(await verifyLoginCode(db, { email, code, clientIp: address() })).toEqual({
      ok: false,
      reason: 'wrong',
    });
  });

  it('refuses a mailed code once its customer has moved to another email, and signs in no one else', async () => {
    const { db } = database.handle;
    const email = uniqueEmail('moved');
    const id = await customerWithEmail(email);
    const sent = await requestLoginCode(db, { email, clientIp: address() });
    if (!sent.ok || !sent.mail) throw new Error('expected a mail');
    await updateCustomer(db, id, { email: uniqueEmail('moved-to') }, 'api');
    const code = codeIn(sent.mail.text);
    expect(await verifyLoginCode(db, { email, code, clientIp: address() })).toEqual({
      ok: false,
      reason: 'wrong',
    });
    expect(await findCustomerByEmail(db, email)).toBeUndefined();
  });

  it('mails nothing to an unknown email, yet every answer reads as for a known one', async () => {
    const { db } = database.handle;
    const known = uniqueEmail('known');
    await customerWithEmail(known);
    const unknown = uniqueEmail('unknown');
    const answers = async (email: string) => {
      const sent = await requestLoginCode(db, { email });
      const tries = [];
      for (let i = 0; i < 6; i++) {
        tries.push(await verifyLoginCode(db, { email, code: '000000' }));
      }
      return { sent, tries };
    };
    const forKnown = await answers(known);
    const forUnknown = await answers(unknown);
    expect(forKnown.sent).toMatchObject({ ok: true, mail: { to: known } });
    expect(forUnknown.sent).toEqual({ ok: true, mail: undefined });
    // A real code of 000000 is one in a million; the answers must match either way for the test to mean anything.
    expect(forUnknown.tries).toEqual(forKnown.tries);
    expect(forKnown.tries.at(-1)).toEqual({ ok: false, reason: 'locked' });
    expect(await findCustomerByEmail(db, unknown)).toBeUndefined();
  });

  it('refuses the 6th code for one email within the hour, known or not', async () => {
    const { db } = database.handle;
    for (const email of [uniqueEmail('limit-unknown'), await known()]) {
      const results = [];
      for (let i = 0; i <= portalLimits.sendPerEmail.limit; i++) {
        results.push((await requestLoginCode(db, { email, clientIp: address() })).ok);
      }
      expect(results).toEqual([true, true, true, true, true, false]);
    }
    async function known() {
      const email = uniqueEmail('limit-known');
      await customerWithEmail(email);
      return email;
    }
  });

  it('refuses sends from one client address past its limit, whatever the email', async () => {
    const { db } = database.handle;
    const clientIp = `10.9.${Date.now() % 250}.${++counter % 250}`;
    const results = [];
    for (let i = 0; i <= portalLimits.sendPerAddress.limit; i++) {
      results.push((await requestLoginCode(db, { email: uniqueEmail('many'), clientIp })).ok);
    }
    expect(results.filter(Boolean)).toHaveLength(portalLimits.sendPerAddress.limit);
    expect(results.at(-1)).toBe(false);
  });

  it('refuses tries past the hourly limit for one email, before looking at the code', async () => {
    const { db } = database.handle;
    const email = uniqueEmail('tries');
    await customerWithEmail(email);
    for (let round = 0; round < 2; round++) {
      await requestLoginCode(db, { email });
      for (let i = 0; i < 5; i++) await verifyLoginCode(db, { email, code: '999999' });
    }
    const sent = await requestLoginCode(db, { email });
    if (!sent.ok || !sent.mail) throw new Error('expected a mail');
    const outcome = await verifyLoginCode(db, { email, code: codeIn(sent.mail.text) });
    expect(outcome).toMatchObject({ ok: false, reason: 'rate_limited' });
  });
});

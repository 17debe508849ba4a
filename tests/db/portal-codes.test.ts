import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkCode, issueCode } from '@/lib/portal/codes';
import { backends, type TestDatabase } from '../support/databases';

let counter = 0;
const uniqueEmail = () => `code-${Date.now()}-${++counter}@example.com`;
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe.each(backends())('portal sign-in codes on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('issues 6 digits, keeps only an HMAC of them, and accepts the code once', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const code = await issueCode(db, { email, purpose: 'login', customerId: 'cust_1' });
    expect(code).toMatch(/^\d{6}$/);
    const rows = await db.query.portalLoginCodes.findMany({ where: (t, { eq }) => eq(t.email, email) });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(code);

    expect(await checkCode(db, { email, purpose: 'login', code })).toEqual({
      ok: true,
      customerId: 'cust_1',
    });
    expect(await checkCode(db, { email, purpose: 'login', code })).toEqual({ ok: false, reason: 'none' });
  });

  it('matches the email without regard to case or surrounding spaces', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const code = await issueCode(db, { email: ` ${email.toUpperCase()} `, purpose: 'login' });
    expect(await checkCode(db, { email, purpose: 'login', code })).toEqual({ ok: true, customerId: null });
  });

  it('refuses a code after 10 minutes', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    vi.useFakeTimers({ toFake: ['Date'] });
    const issuedAt = new Date('2030-01-01T12:00:00Z').getTime();
    vi.setSystemTime(issuedAt);
    const code = await issueCode(db, { email, purpose: 'login' });
    vi.setSystemTime(issuedAt + (10 * 60 - 1) * 1000);
    expect(await checkCode(db, { email, purpose: 'login', code: wrongCode(code) })).toEqual({
      ok: false,
      reason: 'wrong',
    });
    vi.setSystemTime(issuedAt + 10 * 60 * 1000);
    expect(await checkCode(db, { email, purpose: 'login', code })).toEqual({ ok: false, reason: 'expired' });
  });

  it('voids a code after 5 wrong tries, so the 6th try fails even with the right code', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const code = await issueCode(db, { email, purpose: 'login' });
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await checkCode(db, { email, purpose: 'login', code: wrongCode(code) })).toEqual({
        ok: false,
        reason: 'wrong',
      });
    }
    expect(await checkCode(db, { email, purpose: 'login', code })).toEqual({ ok: false, reason: 'locked' });
  });

  it('still accepts the right code on the 5th try', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const code = await issueCode(db, { email, purpose: 'login' });
    for (let attempt = 1; attempt < 5; attempt++) {
      await checkCode(db, { email, purpose: 'login', code: wrongCode(code) });
    }
    expect((await checkCode(db, { email, purpose: 'login', code })).ok).toBe(true);
  });

  it('lets only the newest code work', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const first = await issueCode(db, { email, purpose: 'login' });
    let second = await issueCode(db, { email, purpose: 'login' });
    while (second === first) second = await issueCode(db, { email, purpose: 'login' });
    expect(await checkCode(db, { email, purpose: 'login', code: first })).toEqual({
      ok: false,
      reason: 'wrong',
    });
    expect(await checkCode(db, { email, purpose: 'login', code: second })).toEqual({
      ok: true,
      customerId: null,
    });
  });

  it('keeps sign-in codes and email-change codes apart', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const change = await issueCode(db, { email, purpose: 'email_change', customerId: 'cust_2' });
    expect(await checkCode(db, { email, purpose: 'login', code: change })).toEqual({
      ok: false,
      reason: 'none',
    });
    expect(await checkCode(db, { email, purpose: 'email_change', code: change })).toEqual({
      ok: true,
      customerId: 'cust_2',
    });
  });

  it('lets exactly one of many simultaneous right answers through', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const code = await issueCode(db, { email, purpose: 'login' });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => checkCode(db, { email, purpose: 'login', code })),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('never lets more than 5 simultaneous tries reach a code', async () => {
    const { db } = database.handle;
    const email = uniqueEmail();
    const code = await issueCode(db, { email, purpose: 'login' });
    await Promise.all(
      Array.from({ length: 12 }, () => checkCode(db, { email, purpose: 'login', code: wrongCode(code) })),
    );
    const [row] = await db.query.portalLoginCodes.findMany({ where: (t, { eq }) => eq(t.email, email) });
    expect(row?.attempts).toBe(5);
    expect(await checkCode(db, { email, purpose: 'login', code })).toEqual({ ok: false, reason: 'locked' });
  });

  it('answers "none" when no code was ever sent', async () => {
    const { db } = database.handle;
    expect(await checkCode(db, { email: uniqueEmail(), purpose: 'login', code: '123456' })).toEqual({
      ok: false,
      reason: 'none',
    });
  });
});

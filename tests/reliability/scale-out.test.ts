import { decode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedCode } from '../mail/portal-client';
import { api, createCustomerWithEmail, uniqueId } from '../support/api';
import { Browser, location, newSubscriber, portalSessionStatus, signIn, wrongCode } from './support/browser';
import { deliverWebhook, subscriptionEvents } from './support/events';
import { authSecret, type Deployment, startDeployment } from './support/instances';

let deployment: Deployment;
let a: string;
let b: string;

beforeAll(async () => {
  // Webhooks go nowhere: these tests send the site's receiver their own events.
  deployment = await startDeployment(2, { PROVIDER_WEBHOOK_URL: 'http://127.0.0.1:9/unused' });
  [a, b] = deployment.instances.map((instance) => instance.url) as [string, string];
});

afterAll(async () => {
  await deployment?.close();
});

describe('two instances on one PostgreSQL database', () => {
  it('signs in across instances, opens the portal through the other, and signs out everywhere', async () => {
    const subscriber = await newSubscriber(a, uniqueId('so_user'));
    const browser = new Browser();
    // Every hop lands on the other instance from the one before.
    const signInSession = await signIn(browser, subscriber.email, {
      login: a,
      sendCode: b,
      verifyCode: a,
      back: b,
    });
    expect(await portalSessionStatus(a, signInSession)).toBe('activated');
    expect((await browser.get(a, '/account')).status).toBe(200);

    const accessUrls: string[] = [];
    for (const base of [b, a, b]) {
      const link = await browser.get(base, '/portal_link');
      expect(link.status).toBe(303);
      expect(location(link)).toContain('/portal/access/');
      accessUrls.push(location(link));
    }
    // The access URL of one instance opens the portal on the other.
    const portal = new Browser();
    const opened = await portal.get(a, new URL(accessUrls[0] as string).pathname);
    expect(opened.status).toBe(303);
    expect(location(opened)).toBe('/portal');
    const home = await portal.get(b, '/portal');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(subscriber.email);

    const token = await decode({
      token: browser.jar.get('authjs.session-token') ?? '',
      secret: authSecret,
      salt: 'authjs.session-token',
    });
    const held = token?.portalSessionIds as string[];
    expect(held).toHaveLength(4);
    expect(held[0]).toBe(signInSession);
    expect(await portalSessionStatus(b, held[1] as string)).toBe('logged_in');

    const out = await browser.post(a, '/auth/sign-out', {});
    expect(out.status).toBe(303);
    // Every portal session is logged out as seen from the other instance, and the open portal closes.
    for (const id of held) expect(await portalSessionStatus(b, id)).toBe('logged_out');
    const closed = await portal.get(b, '/portal');
    expect([303, 307]).toContain(closed.status);
    expect(location(closed)).toBe('/portal/login');
    for (const url of accessUrls.slice(1)) {
      const late = await new Browser().get(b, new URL(url).pathname);
      expect(location(late)).toMatch(/\/portal\/access-ended\?reason=logged_out/);
    }
    expect(location(await browser.get(b, '/account'))).toMatch(/^\/login/);
  });

  it('shares the per-email send limit: a 6th code within the hour is refused, whichever instance asks', async () => {
    const email = `${uniqueId('so_send')}@example.com`;
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      // A new client address each time, so only the per-email limit can refuse.
      const sent = await new Browser().post(i % 2 === 0 ? a : b, '/portal/login/send-code', { email });
      answers.push(location(sent));
    }
    expect(answers.slice(0, 5).every((answer) => answer.includes('/portal/login/code'))).toBe(true);
    expect(answers[5]).toMatch(/error=too_many_codes&wait=\d+$/);
  });

  it('never lets more than 5 guesses reach a code, nor 10 an hour reach an email, across instances', async () => {
    const email = `${uniqueId('so_guess')}@example.com`;
    await createCustomerWithEmail(email, { baseUrl: a });
    await new Browser().post(a, '/portal/login/send-code', { email });
    const code = await mailedCode(a, email);
    // 30 wrong guesses at once, spread over both instances and 30 client addresses.
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        new Browser().post(i % 2 === 0 ? a : b, '/portal/login/verify-code', {
          email,
          code: wrongCode(code),
        }),
      ),
    );
    const errorsSeen = guesses.map((answer) => new URL(location(answer), a).searchParams.get('error'));
    const count = (error: string) => errorsSeen.filter((seen) => seen === error).length;
    expect({ wrong: count('wrong'), locked: count('locked'), rate_limited: count('rate_limited') }).toEqual({
      wrong: 5,
      locked: 5,
      rate_limited: 20,
    });
    // The right code no longer works, and neither does a fresh one: the email's hour is used up.
    const right = await new Browser().post(b, '/portal/login/verify-code', { email, code });
    expect(location(right)).toContain('error=rate_limited');
    await new Browser().post(b, '/portal/login/send-code', { email });
    const fresh = await mailedCode(b, email, 1);
    const late = await new Browser().post(a, '/portal/login/verify-code', { email, code: fresh });
    expect(location(late)).toContain('error=rate_limited');
    expect(late.headers.getSetCookie().some((line) => line.startsWith('gatehouse_portal='))).toBe(false);
  });

  it('replays an idempotency key on the other instance, also for requests sent at the same time', async () => {
    const email = `${uniqueId('so_idem')}@example.com`;
    const key = uniqueId('idem');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(
          'POST',
          'customers',
          { email, first_name: 'Ida' },
          { baseUrl: i % 2 === 0 ? a : b, headers: { 'chargebee-idempotency-key': key } },
        ),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const ids = new Set(answers.map((answer) => (answer.body.customer as { id: string }).id));
    expect(ids.size).toBe(1);
    const replayed = answers.filter(
      (answer) => answer.headers.get('chargebee-idempotency-replayed') === 'true',
    );
    expect(replayed).toHaveLength(19);
    const listed = await api('GET', 'customers', { email: { is: email } }, { baseUrl: b });
    expect(listed.body.list as unknown[]).toHaveLength(1);
    const reused = await api(
      'POST',
      'customers',
      { email: `other-${email}` },
      { baseUrl: b, headers: { 'chargebee-idempotency-key': key } },
    );
    expect(reused.status).toBe(422);
  });

  it('applies one webhook event once, whichever instances it is delivered to and how often', async () => {
    const subscriber = await newSubscriber(a, uniqueId('so_hook'));
    const [event] = (await subscriptionEvents(a, subscriber.subscriptionId)).filter(
      (candidate) => candidate.event_type === 'subscription_created',
    );
    expect(event).toBeDefined();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => deliverWebhook(i % 2 === 0 ? a : b, event)),
    );
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(9);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepInOutbox, listOutbox } from '@/lib/mail/outbox';
import { backends, type TestDatabase } from '../support/databases';

describe.each(backends())('the development mail outbox on $name', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await backend.create();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('lists messages newest first, all of them or those to one address (any case)', async () => {
    const { db } = database.handle;
    const to = `Outbox-${Date.now()}@Example.com`;
    await keepInOutbox(db, { to, subject: 'first', text: 'one' });
    await keepInOutbox(db, { to: 'someone-else@example.com', subject: 'other', text: 'two' });
    await keepInOutbox(db, { to, subject: 'second', text: 'three' });

    const mine = await listOutbox(db, { to: to.toLowerCase() });
    expect(mine.map(({ to: recipient, subject, text }) => ({ to: recipient, subject, text }))).toEqual([
      { to, subject: 'second', text: 'three' },
      { to, subject: 'first', text: 'one' },
    ]);
    expect(mine[0]?.sent_at).toEqual(expect.any(Number));
    expect((await listOutbox(db)).map((message) => message.subject)).toEqual(['second', 'other', 'first']);
    expect(await listOutbox(db, { limit: 1 })).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { describePostgresFailure, isDatabaseUnreachable, redactDatabaseUrl } from '@/lib/db/postgres-errors';

describe('what an operator reads when PostgreSQL cannot be opened', () => {
  it('names host, port and DATABASE_URL without the password, keeping the driver error as the cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6543'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Failed query: CREATE SCHEMA IF NOT EXISTS "drizzle"', { cause: refused });
    const described = describePostgresFailure(
      'postgres://app:s3cret-pw@10.0.0.5:6543/members?password=x',
      wrapped,
    );
    expect(isDatabaseUnreachable(described)).toBe(true);
    const error = described as Error & { summary: string };
    expect(error.message).toBe(
      'PostgreSQL at 10.0.0.5:6543 is not reachable: connection refused. Check DATABASE_URL (postgres://app@10.0.0.5:6543/members) and that the server runs and accepts this app.',
    );
    expect(error.summary).toBe('PostgreSQL is not reachable: connection refused.');
    expect(error.cause).toBe(wrapped);
  });

  it('tells a wrong password and a missing database apart, on the default port', () => {
    const auth = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    expect((describePostgresFailure('postgres://app:pw@db/members', auth) as Error).message).toContain(
      'PostgreSQL at db:5432 is not reachable: password authentication failed',
    );
    const missing = Object.assign(new Error('database "x" does not exist'), { code: '3D000' });
    expect((describePostgresFailure('postgres://app@db/x', missing) as Error).message).toContain(
      'the database does not exist',
    );
  });

  it('passes other errors through unchanged, and never prints a URL it cannot parse', () => {
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    expect(describePostgresFailure('postgres://db/x', syntax)).toBe(syntax);
    expect(redactDatabaseUrl('postgres://user:pw@[bad')).toBe('postgres://…');
  });
});

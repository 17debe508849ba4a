/** A PostgreSQL server that cannot be reached or refuses this app's connection. */
export class DatabaseUnreachableError extends Error {
  constructor(
    message: string,
    /** The same without host or user names, for a public health answer. */
    readonly summary: string,
    cause: unknown,
  ) {
    // The cause keeps the driver's code, which the API reads to answer 503 db_connection_failure.
    super(message, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * Whether `error` is one: by name, since Next.js bundles instrumentation (which opens the database)
 * and route handlers separately, each with its own copy of the class.
 */
export function isDatabaseUnreachable(error: unknown): error is DatabaseUnreachableError {
  return error instanceof Error && error.name === 'DatabaseUnreachableError' && 'summary' in error;
}

const reasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  '28P01': 'password authentication failed',
  '28000': 'the server refused this user or address',
  '3D000': 'the database does not exist',
  '57P03': 'the server is starting up or shutting down',
};

/** DATABASE_URL without its password or query string, safe to print in a log. */
export function redactDatabaseUrl(raw: string): string {
  if (!URL.canParse(raw)) return 'postgres://…';
  const url = new URL(raw);
  url.password = '';
  url.search = '';
  return url.toString();
}

function failureReason(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && reasons[code]) return reasons[code];
    if (/timeout exceeded when trying to connect|connection timeout/i.test(current.message)) {
      return 'connection timed out';
    }
    if (/Connection terminated unexpectedly/i.test(current.message)) return 'connection closed by the server';
  }
  return undefined;
}

/**
 * Names what went wrong opening PostgreSQL in terms an operator can act on: the host and port,
 * DATABASE_URL without its password, and the reason, instead of the query that happened to fail first
 * ("Failed query: CREATE SCHEMA …"). Errors that are not about reaching the server pass through.
 */
export function describePostgresFailure(rawUrl: string, error: unknown): unknown {
  const reason = failureReason(error);
  if (!reason) return error;
  const url = URL.canParse(rawUrl) ? new URL(rawUrl) : undefined;
  const where = url ? `${url.hostname}:${url.port || '5432'}` : 'the configured server';
  return new DatabaseUnreachableError(
    `PostgreSQL at ${where} is not reachable: ${reason}. Check DATABASE_URL (${redactDatabaseUrl(rawUrl)}) and that the server runs and accepts this app.`,
    `PostgreSQL is not reachable: ${reason}.`,
    error,
  );
}

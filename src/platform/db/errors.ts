/**
 * Classifies driver errors (whatever the driver, and however Drizzle wraps them) so the error
 * handler can answer 503 for "database unreachable" and 409 for constraint violations.
 */

interface PgLikeError {
  code?: unknown;
  constraint?: unknown;
  cause?: unknown;
  message?: unknown;
}

function* causes(error: unknown): Generator<PgLikeError> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    yield current as PgLikeError;
    current = (current as PgLikeError).cause;
  }
}

export function sqlState(error: unknown): string | undefined {
  for (const e of causes(error)) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** The server's detail line of a PostgreSQL error (e.g. `Key (x)=(y) is not present in table "t".`), or ''. */
export function pgDetail(error: unknown): string {
  for (const e of causes(error)) {
    const detail = (e as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
  }
  return '';
}

export function constraintName(error: unknown): string | undefined {
  for (const e of causes(error)) if (typeof e.constraint === 'string') return e.constraint;
  return undefined;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code)) return true;
    // 08xxx connection exceptions, 57P0x admin shutdown / cannot connect now, 53300 too many connections
    if (/^(08...|57P0.|53300)$/.test(code)) return true;
    // Errors a driver raises itself carry no code. node-postgres: a query on a connection whose
    // socket already failed. (Not its "Client was closed and is not queryable": our own misuse.)
    const message = typeof e.message === 'string' ? e.message : '';
    // And its timeouts (node-postgres.ts): no connection in time, or no answer to a statement.
    if (
      /Connection terminated|encountered a connection error|timeout exceeded when trying to connect|Query read timeout|WebSocket|connect ECONNREFUSED|PGlite is closed/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}

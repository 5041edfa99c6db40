import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/platform/db/errors.ts';

/** A driver error as the Node host saw them while its PostgreSQL was stopped, restarted or killed. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
/** Drizzle wraps what the driver threw as the cause of its own error. */
const drizzleWrapped = (cause: Error) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('isDatabaseUnavailable (503 with Retry-After, not 500)', () => {
  it.each([
    ['refused connection', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['reset socket', pgError('read ECONNRESET', 'ECONNRESET')],
    ['server shutting down or starting up', pgError('the database system is starting up', '57P03')],
    ['connection killed (pg_terminate_backend)', pgError('terminating connection due to administrator command', '57P01')],
    ['connection lost mid-query', pgError('Connection terminated unexpectedly')],
    ['query on a connection that already failed', pgError('Client has encountered a connection error and is not queryable')],
    ['no answer to a statement in time (a stalled network)', pgError('Query read timeout')],
    ['no connection in time', pgError('timeout exceeded when trying to connect')],
  ])('%s, bare and wrapped by Drizzle', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(drizzleWrapped(error))).toBe(true);
  });

  it('is not what a refused statement or a bug is', () => {
    expect(isDatabaseUnavailable(drizzleWrapped(pgError('duplicate key value violates unique constraint', '23505')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    // A connection used after it was released: our bug, not an outage.
    expect(isDatabaseUnavailable(pgError('Client was closed and is not queryable'))).toBe(false);
  });
});

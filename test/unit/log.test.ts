import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorFields, logError } from '../../src/platform/log.ts';

/** Drizzle's wrapper as it reaches the error handler: the SQL, then the bound values, in its message. */
function failedQuery(cause: Error) {
  return Object.assign(
    new Error('Failed query: insert into "hazards" ("description") values ($1)\nparams: 3号楼张三家门口堆放杂物,13800138000'),
    { name: 'DrizzleQueryError', cause },
  );
}
const pgError = (message: string, fields: Record<string, string>) => Object.assign(new Error(message), fields);

describe('log lines', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keep the SQL, codes and frames of a failed query, and none of its bound values', () => {
    const fields = errorFields(failedQuery(pgError('terminating connection due to administrator command', { code: '57P01' })));
    expect(fields).toMatchObject({
      name: 'DrizzleQueryError',
      message: 'Failed query: insert into "hazards" ("description") values ($1)',
      cause: { name: 'Error', message: 'terminating connection due to administrator command', code: '57P01' },
    });
    expect(fields.stack?.every((line) => line.trimStart().startsWith('at '))).toBe(true);
    expect(JSON.stringify(fields)).not.toMatch(/张三|13800138000/);
  });

  it('drop the message of a data or integrity error, which quotes the value', () => {
    const fields = errorFields(failedQuery(pgError('invalid input syntax for type uuid: "张三"', { code: '22P02' })));
    expect(fields.cause).toEqual({ name: 'Error', code: '22P02' });
    const unique = errorFields(
      pgError('duplicate key value violates unique constraint "users_username_uq"', { code: '23505', constraint: 'users_username_uq' }),
    );
    expect(unique).toMatchObject({ code: '23505', constraint: 'users_username_uq' });
    expect(unique.message).toBeUndefined();
  });

  it('are one JSON object per line with the request context', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    logError('POST /api/v1/hazards failed', new Error('boom'), {
      requestId: 'r-1',
      tenantId: 't-1',
      method: 'POST',
      route: '/api/v1/hazards',
    });
    expect(printed).toHaveBeenCalledTimes(1);
    const line = printed.mock.calls[0]![0] as string;
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({
      level: 'error',
      message: 'POST /api/v1/hazards failed',
      requestId: 'r-1',
      tenantId: 't-1',
      route: '/api/v1/hazards',
      error: { name: 'Error', message: 'boom' },
    });
  });
});

import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { facilities, orgUnits } from '../../src/db/schema/index.ts';
import { ApiError } from '../../src/platform/errors.ts';
import { containsText, keyset, listQuery, MAX_PAGE } from '../../src/platform/http/pagination.ts';

const dialect = new PgDialect();
const render = (s: Parameters<PgDialect['sqlToQuery']>[0]) => dialect.sqlToQuery(s);

/** `n` fetched rows, each carrying the window count (`ks.total`) a list selects beside its columns. */
const rows = (n: number, total = n) =>
  Array.from({ length: n }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `单位${i}`, total }));

describe('keyset page()', () => {
  it('gives a nextCursor only when more rows than the limit came back', () => {
    const ks = keyset(orgUnits.name, orgUnits.id, { order: 'asc', limit: 3 });
    const full = ks.page(rows(4), (r) => r.name);
    expect(full.items).toHaveLength(3);
    expect(full.nextCursor).toEqual(expect.any(String));
    const exact = ks.page(rows(3), (r) => r.name);
    expect(exact.items).toHaveLength(3);
    expect(exact.nextCursor).toBeNull();
    expect(ks.page(rows(1), (r) => r.name).nextCursor).toBeNull();
    expect(ks.page([], (r: { id: string; name: string; total: number }) => r.name)).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('reports the rows’ total on a first page, strips it from the items, and gives null on a page asked for by cursor', () => {
    const first = keyset(orgUnits.name, orgUnits.id, { order: 'asc', limit: 2 }).page(rows(3, 7), (r) => r.name);
    expect(first.total).toBe(7);
    expect(first.items).toEqual([
      { id: rows(1)[0]!.id, name: '单位0' },
      { id: rows(2)[1]!.id, name: '单位1' },
    ]);
    const next = keyset(orgUnits.name, orgUnits.id, { order: 'asc', limit: 2, cursor: first.nextCursor! }).page(rows(1, 1), (r) => r.name);
    expect(next.total).toBeNull();
    expect(next.items).toEqual([{ id: rows(1)[0]!.id, name: '单位0' }]);
  });

  it('without a cursor has no WHERE and orders by the sort column then id', () => {
    const asc = keyset(orgUnits.name, orgUnits.id, { order: 'asc', limit: 10 });
    expect(asc.where).toBeUndefined();
    expect(asc.orderBy.map((o) => render(o).sql)).toEqual(['"org_units"."name" asc', '"org_units"."id" asc']);
    const desc = keyset(orgUnits.name, orgUnits.id, { order: 'desc', limit: 10 });
    expect(desc.orderBy.map((o) => render(o).sql)).toEqual(['"org_units"."name" desc', '"org_units"."id" desc']);
  });
});

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';

describe('cursor round trip', () => {
  it('the cursor of a page resumes after its last row (value, then id as tie-break), Chinese included', () => {
    const first = keyset(orgUnits.name, orgUnits.id, { order: 'asc', limit: 2 }).page(rows(3), (r) => r.name);
    const last = first.items.at(-1)!;
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: it goes into a query string as it is
    const next = keyset(orgUnits.name, orgUnits.id, { order: 'asc', limit: 2, cursor: first.nextCursor! });
    const q = render(next.where!);
    expect(q.params).toEqual([last.name, last.name, last.id]);
    expect(q.sql).toBe('("org_units"."name" > $1 or ("org_units"."name" = $2 and "org_units"."id" > $3))');
  });

  it('goes the other way for descending order', () => {
    const first = keyset(orgUnits.name, orgUnits.id, { order: 'desc', limit: 1 }).page(rows(2), (r) => r.name);
    const next = keyset(orgUnits.name, orgUnits.id, { order: 'desc', limit: 1, cursor: first.nextCursor! });
    const q = render(next.where!);
    expect(q.sql).toBe('("org_units"."name" < $1 or ("org_units"."name" = $2 and "org_units"."id" < $3))');
    expect(q.params).toEqual(['单位0', '单位0', rows(1)[0]!.id]);
  });

  it('carries numeric sort values as numbers', () => {
    const first = keyset(orgUnits.depth, orgUnits.id, { order: 'asc', limit: 1 }).page(
      [
        { id: ID_A, depth: 3, total: 2 },
        { id: ID_B, depth: 4, total: 2 },
      ],
      (r) => r.depth,
    );
    const q = render(keyset(orgUnits.depth, orgUnits.id, { order: 'asc', limit: 1, cursor: first.nextCursor! }).where!);
    expect(q.params).toEqual([3, 3, ID_A]);
  });
});

describe('a bad cursor', () => {
  const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const query = { order: 'asc' as const, limit: 10, sort: 'name' };
  it.each([
    ['not base64', '!!!not-a-cursor!!!'],
    ['not JSON', b64('hello')],
    ['an object', b64({ a: 1 })],
    ['one element', b64(['x'])],
    ['the old shape (value, id)', b64(['单位1', ID_A])],
    ['another list', b64(['places', 'name', 'asc', '单位1', ID_A])],
    ['another sort', b64(['org_units', 'createdAt', 'asc', '单位1', ID_A])],
    ['another order', b64(['org_units', 'name', 'desc', '单位1', ID_A])],
    ['a non-string id', b64(['org_units', 'name', 'asc', '单位1', 42])],
    ['an id that is not a uuid', b64(['org_units', 'name', 'asc', '单位1', 'x'])],
    ['a number for a text column', b64(['org_units', 'name', 'asc', 7, ID_A])],
  ])('%s → ApiError cursor_invalid naming the cursor', (_label, cursor) => {
    let error: unknown;
    try {
      keyset(orgUnits.name, orgUnits.id, { ...query, cursor });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('cursor_invalid');
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).errors).toEqual([{ path: 'query.cursor', code: 'cursor_invalid', message: expect.any(Object) }]);
  });

  it.each([
    ['a string that is no instant', 'yesterday'],
    ['an instant out of range', '+275760-09-13T00:00:00.000Z'],
    ['an instant before the supported years', '1999-12-31T23:59:59.000Z'],
    ['an impossible instant JavaScript would roll over', '2026-02-30T00:00:00.000Z'],
    ['an instant not as the server writes it', '2026-02-03T00:00:00Z'],
    ['a number', 17],
    ['text with a NUL', '2026-02-03T00:00:00.000Z\u0000'],
  ])('for a timestamp column, %s → cursor_invalid', (_label, value) => {
    const cursor = b64(['org_units', 'createdAt', 'asc', value, ID_A]);
    expect(() => keyset(orgUnits.createdAt, orgUnits.id, { ...query, sort: 'createdAt', cursor })).toThrow(ApiError);
  });

  it.each([
    ['an impossible day', '2026-02-30'],
    ['a day out of range', '1999-12-31'],
    ['no day at all', 'garbage'],
  ])('for a day column, %s → cursor_invalid', (_label, value) => {
    const cursor = b64(['facilities', 'expiresOn', 'asc', value, ID_A]);
    expect(() => keyset(facilities.expiresOn, facilities.id, { ...query, sort: 'expiresOn', cursor })).toThrow(ApiError);
    const ok = b64(['facilities', 'expiresOn', 'asc', '2026-02-28', ID_A]);
    expect(() => keyset(facilities.expiresOn, facilities.id, { ...query, sort: 'expiresOn', cursor: ok })).not.toThrow();
  });

  it('takes the cursor its own list, sort and order issued', () => {
    const first = keyset(orgUnits.name, orgUnits.id, { ...query, limit: 1 }).page(
      [
        { id: ID_A, name: '单位1', total: 2 },
        { id: ID_B, name: '单位2', total: 2 },
      ],
      (r) => r.name,
    );
    expect(() => keyset(orgUnits.name, orgUnits.id, { ...query, cursor: first.nextCursor! })).not.toThrow();
  });
});

describe('listQuery', () => {
  const Q = listQuery(['name', 'createdAt'] as const, {});
  it('defaults limit, sort and order, and coerces the limit from the query string', () => {
    expect(Q.parse({})).toEqual({ limit: 50, sort: 'name', order: 'asc' });
    expect(Q.parse({ limit: '2', sort: 'createdAt', order: 'desc' })).toEqual({ limit: 2, sort: 'createdAt', order: 'desc' });
  });
  it('refuses a limit out of range, an unknown sort field and unknown keys', () => {
    expect(Q.safeParse({ limit: String(MAX_PAGE + 1) }).success).toBe(false);
    expect(Q.safeParse({ limit: '0' }).success).toBe(false);
    expect(Q.safeParse({ sort: 'password' }).success).toBe(false);
    expect(Q.safeParse({ tenantId: 'x' }).success).toBe(false);
  });
});

describe('containsText', () => {
  it('is nothing without a query, else a case-insensitive contains on every column with LIKE wildcards escaped', () => {
    expect(containsText(undefined, orgUnits.name)).toBeUndefined();
    const q = render(containsText('50%_off\\', orgUnits.name, orgUnits.code)!);
    expect(q.sql).toBe('("org_units"."name" ilike $1 or "org_units"."code" ilike $2)');
    expect(q.params).toEqual(['%50\\%\\_off\\\\%', '%50\\%\\_off\\\\%']);
  });
});

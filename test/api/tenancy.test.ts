import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld, tenantId } from '../support/harness.ts';

/** Tenancy enforced by Postgres itself, whatever the code does. */
let world: TestWorld;
let demoA: string;
let demoB: string;
beforeAll(async () => {
  world = await createWorld();
  demoA = await tenantId(world, 'demo-a');
  demoB = await tenantId(world, 'demo-b');
});
afterAll(() => world.close());

describe('the catalog', () => {
  it('has RLS enabled, forced and a policy on every table with a tenant_id', async () => {
    const tables = await world.admin(`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`);
    expect(tables.length).toBeGreaterThanOrEqual(10);
    const unprotected = tables.filter((t) => !t.enabled || !t.forced || (t.policies as number) < 1).map((t) => t.name);
    expect(unprotected).toEqual([]);
  });

  it('runs the app as a role that owns nothing and cannot bypass RLS', async () => {
    const [role] = await world.admin("select rolsuper, rolbypassrls from pg_roles where rolname = 'firegrid_app'");
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await world.admin(
      "select relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = 'firegrid_app'",
    );
    expect(owned).toEqual([]);
  });
});

describe('RLS alone', () => {
  const tenantTables = ['org_units', 'places', 'companies', 'company_compounds', 'departments', 'users', 'role_assignments'];

  it('shows the app role only the current tenant’s rows when the query has no tenant filter', async () => {
    for (const table of tenantTables) {
      const all = await world.admin(`select tenant_id from ${table}`);
      const ownCount = all.filter((r) => r.tenant_id === demoA).length;
      expect(ownCount, table).toBeGreaterThan(0);
      expect(all.length, table).toBeGreaterThan(ownCount);
      const visible = await world.asAppRole(demoA, `select tenant_id from ${table}`);
      expect(visible.length, table).toBe(ownCount);
      expect(new Set(visible.map((r) => r.tenant_id)), table).toEqual(new Set([demoA]));
    }
  });

  it('shows nothing when no tenant is set', async () => {
    for (const table of tenantTables) expect(await world.asAppRole(null, `select 1 from ${table}`), table).toEqual([]);
  });

  it('refuses to write a row into another tenant', async () => {
    await expect(
      world.asAppRole(demoA, `insert into departments (tenant_id, name, kind) values ($1, 'x', 'other')`, [demoB]),
    ).rejects.toThrow(/row-level security/);
    await expect(world.asAppRole(demoA, `update places set name = 'hijacked' where tenant_id = $1 returning id`, [demoB])).resolves.toEqual(
      [],
    );
    const [hijacked] = await world.admin("select count(*)::int as n from places where name = 'hijacked'");
    expect(hijacked!.n).toBe(0);
  });
});

describe('the audit log', () => {
  it('is append-only for the app role', async () => {
    const [before] = await world.admin('select count(*)::int as n from audit_events');
    await world.asAppRole(demoA, `insert into audit_events (tenant_id, action) values ($1, 'test.probe')`, [demoA]);
    for (const statement of [
      'update audit_events set action = $1',
      'delete from audit_events where action <> $1',
      'truncate audit_events',
    ]) {
      const params = statement.includes('$1') ? ['x'] : [];
      await expect(world.asAppRole(demoA, statement, params), statement).rejects.toThrow(/permission denied/);
    }
    const [after] = await world.admin('select count(*)::int as n from audit_events');
    expect(after!.n).toBe(before!.n); // the probe insert was rolled back with its transaction
  });
});

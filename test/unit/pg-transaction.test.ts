import { describe, expect, it } from 'vitest';
import { openingStatement } from '../../src/platform/db/pg-transaction.ts';

/**
 * The opening of a tenant's transaction is the one statement whose values are written into its
 * text (the simple protocol takes no parameters): only a UUID and a plain role name get in.
 */
describe('openingStatement', () => {
  const tenant = '0b7e3c1a-52f4-4c8e-9a41-6d2f0e9b7c15';

  it('begins and sets the tenant (and the role where one is switched to) in one statement', () => {
    expect(openingStatement(null, tenant)).toBe(`begin; select set_config('app.tenant_id', '${tenant}', true)`);
    expect(openingStatement('firegrid_app', tenant)).toBe(
      `begin; select set_config('role', 'firegrid_app', true), set_config('app.tenant_id', '${tenant}', true)`,
    );
    // Platform work (login, throttling): no tenant, so RLS hides every tenant row.
    expect(openingStatement(null, null)).toBe(`begin; select set_config('app.tenant_id', '', true)`);
  });

  it('refuses anything but a UUID and a plain role name', () => {
    for (const bad of [`${tenant}'; drop table hazards; --`, "x' or '1'='1", '', tenant.toUpperCase().replace('-', "'")]) {
      expect(() => openingStatement(null, bad)).toThrow('tenant id is not a UUID');
    }
    for (const role of ["app'; reset role; --", 'Firegrid App', '"quoted"']) {
      expect(() => openingStatement(role, tenant)).toThrow('role is not a plain role name');
    }
  });
});

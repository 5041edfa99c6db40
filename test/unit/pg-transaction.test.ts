import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { checkedRole, openingStatement, pgTenantTransaction } from '../../src/platform/db/pg-transaction.ts';
import type { Db } from '../../src/platform/db/types.ts';

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

/**
 * When a connection may go back to its pool: only after its transaction ended cleanly. A client
 * that records what it is sent and fails where told stands in for the driver's connection.
 */
describe('pgTenantTransaction', () => {
  const tenant = '0b7e3c1a-52f4-4c8e-9a41-6d2f0e9b7c15';

  function client(fail: { opening?: boolean; rollback?: boolean; commit?: boolean; commitAnswer?: string } = {}) {
    const sent: string[] = [];
    const released: (Error | boolean | undefined)[] = [];
    // An EventEmitter, as the drivers' connections are: 'error' with no listener throws.
    return Object.assign(new EventEmitter(), {
      sent,
      released,
      query: async (text: string) => {
        sent.push(text);
        if (text.startsWith('begin') && fail.opening) throw new Error('connection lost');
        if (text === 'rollback' && fail.rollback) throw new Error('connection lost');
        if (text === 'commit' && fail.commit) throw new Error('connection lost');
        return { command: text === 'commit' ? (fail.commitAnswer ?? 'COMMIT') : 'SELECT' };
      },
      release: (error?: Error | boolean) => {
        released.push(error);
      },
    });
  }
  const run = (c: ReturnType<typeof client>, work: () => Promise<string>) =>
    pgTenantTransaction(
      async () => c,
      () => ({}) as Db,
      { role: null, tenantId: tenant },
      work,
    );

  it('commits and returns the connection', async () => {
    const c = client();
    await expect(run(c, async () => 'done')).resolves.toBe('done');
    expect(c.sent).toEqual([openingStatement(null, tenant), 'commit']);
    expect(c.released).toEqual([false]);
  });

  it('rolls back when the work throws, and returns the connection once the rollback went through', async () => {
    const c = client();
    await expect(
      run(c, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(c.sent.at(-1)).toBe('rollback');
    expect(c.released).toEqual([false]);
  });

  it('discards the connection when the opening, the rollback or the commit fails', async () => {
    const opening = client({ opening: true });
    await expect(run(opening, async () => 'done')).rejects.toThrow('connection lost');
    expect(opening.released).toEqual([true]);

    const rollback = client({ rollback: true });
    await expect(
      run(rollback, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(rollback.released).toEqual([true]);

    const commit = client({ commit: true });
    await expect(run(commit, async () => 'done')).rejects.toThrow('connection lost');
    expect(commit.released).toEqual([true]);
  });

  it('hears the error event a connection emits when its server goes away, and stops listening once it is back in the pool', async () => {
    const lost = client({ rollback: true });
    await expect(
      run(lost, async () => {
        // What node-postgres does when the socket resets mid-query: the event, then the failure.
        lost.emit('error', new Error('read ECONNRESET'));
        throw new Error('Connection terminated unexpectedly');
      }),
    ).rejects.toThrow('Connection terminated unexpectedly');
    // No ROLLBACK on a lost connection (it would wait behind the outstanding statement): discarded.
    expect(lost.sent).not.toContain('rollback');
    expect(lost.released).toEqual([true]);
    // Still heard after release: it may report its end late.
    expect(lost.listenerCount('error')).toBe(1);
    expect(() => lost.emit('error', new Error('late'))).not.toThrow();

    const fine = client();
    await run(fine, async () => 'done');
    expect(fine.released).toEqual([false]);
    // Back in the pool, which listens to idle connections itself.
    expect(fine.listenerCount('error')).toBe(0);
  });

  it('fails when COMMIT ends in a rollback (a statement had aborted the transaction)', async () => {
    const c = client({ commitAnswer: 'ROLLBACK' });
    await expect(run(c, async () => 'done')).rejects.toThrow('transaction ended with ROLLBACK');
    expect(c.released).toEqual([true]);
  });

  it('checks a role to switch to once, where the provider is built; empty means none', () => {
    expect(checkedRole('')).toBeNull();
    expect(checkedRole(undefined)).toBeNull();
    expect(checkedRole('firegrid_app')).toBe('firegrid_app');
    expect(() => checkedRole("app'; --")).toThrow('not a plain role name');
  });
});

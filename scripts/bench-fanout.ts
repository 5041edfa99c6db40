import { PGlite } from '@electric-sql/pglite';
import { fanOut } from '../src/features/tasks/service.ts';
import { MIGRATIONS } from '../src/node/embedded.ts';
import type { Principal } from '../src/platform/authz/scope.ts';
import { migratePglite, pgliteProvider } from '../src/platform/db/pglite.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { seedDemo } from '../src/seed/demo.ts';

/**
 * Issue 4's must-hold: a task fanned out to 500 assignees in one transaction, well under a second
 * on PGlite. Measures the real path (fanOut inside the tenant transaction as the app role, RLS on:
 * resolve the 500 units, one assignment, 500 tasks, 500 hash-chained first events) against a
 * baseline of the same rows written by hand-made SQL in one transaction on the same database.
 * Figures are medians of several runs; compare the ratio, not the milliseconds (shared machine).
 */
const ASSIGNEES = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const client = new PGlite();
await migratePglite(client, MIGRATIONS);
const provider = pgliteProvider(client);
await seedDemo(provider, provider.db);
const {
  rows: [tenant],
} = await client.query<{ id: string }>("select id from tenants where slug = 'demo-a'");
const {
  rows: [street],
} = await client.query<{ id: string; path: string }>("select id, path from org_units where tenant_id = $1 and name = '示范东湖街道'", [
  tenant!.id,
]);
const {
  rows: [admin],
} = await client.query<{ id: string }>("select id from users where tenant_id = $1 and username = 'committee_admin'", [tenant!.id]);
// 500 communities under one street (a large district has 100-700 compounds; communities are fewer,
// so this is a generous upper bound for one fan-out).
await client.query(
  `insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
   select g.id, $1, $2, 'community', '压测社区' || g.n, $3 || g.id || '/', 2
   from (select gen_random_uuid() as id, n from generate_series(1, $4::int) n) g`,
  [tenant!.id, street!.id, street!.path, ASSIGNEES],
);
const { rows: units } = await client.query<{ id: string }>("select id from org_units where tenant_id = $1 and name like '压测社区%'", [
  tenant!.id,
]);

const principal: Principal = {
  userId: admin!.id,
  tenantId: tenant!.id,
  sessionId: 'bench',
  username: 'committee_admin',
  assignments: [{ role: 'committee_admin', orgUnitId: null, orgUnitPath: null, departmentId: null, companyId: null }],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function appRun(i: number): Promise<number> {
  const handle = provider.acquire();
  const started = performance.now();
  await inTenant(provider, handle.db, tenant!.id, async (tx) => {
    const made = await fanOut(tx, tenant!.id, principal, new Date(), {
      campaignId: null,
      phaseId: null,
      title: `压测任务 ${i}`,
      description: '500 个社区各一条',
      dueAt: new Date(Date.now() + 7 * 86_400_000),
      done: { checklist: ['自查', '上报'], target: null, evidence: ['photo'] },
      weight: 1,
      assignees: { kind: 'org_units', ids: units.map((u) => u.id) },
    });
    if (made?.tasks.length !== ASSIGNEES) throw new Error(`expected ${ASSIGNEES} tasks, got ${made?.tasks.length}`);
  });
  const ms = performance.now() - started;
  await handle.release();
  return ms;
}

/** The same rows by hand: one statement per table, hashes by SQL, no RLS, no role switch. */
async function sqlRun(i: number): Promise<number> {
  const started = performance.now();
  await client.transaction(async (tx) => {
    const {
      rows: [a],
    } = await tx.query<{ id: string }>(
      `insert into task_assignments (tenant_id, title, description, due_at, done, weight, assignees, created_by)
       values ($1, $2, '500 个社区各一条', now() + interval '7 days', '{"checklist":["自查","上报"],"target":null,"evidence":["photo"]}', 1,
               jsonb_build_object('kind', 'org_units'), $3) returning id`,
      [tenant!.id, `基线任务 ${i}`, admin!.id],
    );
    await tx.query(
      `with t as (
         insert into tasks (tenant_id, assignment_id, kind, org_unit_id, progress, due_at, chain_head)
         select $1, $2::uuid, 'org_unit', u, '{"checked":[false,false],"count":0}', now() + interval '7 days',
                encode(sha256(convert_to(u::text || $2::uuid::text, 'UTF8')), 'hex')
         from unnest($3::uuid[]) u returning id, chain_head)
       insert into timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state, note, data, evidence_ids, prev_hash, hash)
       select $1, 'task', t.id, 1, now(), $4, 'assign', null, 'assigned', '基线任务', jsonb_build_object('assignmentId', $2::text), '{}', repeat('0', 64), t.chain_head
       from t`,
      [tenant!.id, a!.id, units.map((u) => u.id), admin!.id],
    );
  });
  return performance.now() - started;
}

// Warm both paths once, then alternate so drift on the shared machine hits both alike.
await appRun(-1);
await sqlRun(-1);
const app: number[] = [];
const base: number[] = [];
for (let i = 0; i < RUNS; i++) {
  app.push(await appRun(i));
  base.push(await sqlRun(i));
}
const a = median(app);
const b = median(base);
console.log(`\nfan-out of one task to ${ASSIGNEES} assignees on PGlite, median of ${RUNS} runs`);
console.log('| path | median ms | max ms | ratio |');
console.log('|---|---|---|---|');
console.log(`| firegrid fanOut (tenant tx, app role, RLS) | ${a.toFixed(1)} | ${Math.max(...app).toFixed(1)} | ${(a / b).toFixed(2)} |`);
console.log(`| baseline: the same rows by hand-made SQL | ${b.toFixed(1)} | ${Math.max(...base).toFixed(1)} | 1.00 |`);
await client.close();

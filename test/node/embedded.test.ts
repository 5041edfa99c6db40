import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstStartLog, seedDataDir } from '../../scripts/lib/spawn-host.ts';
import { monthsUpTo, previousMonth } from '../../src/features/assessments/months.ts';
import { districtScores, rankDistricts } from '../../src/features/assessments/oversight-store.ts';
import { periodAt } from '../../src/features/duties/recurrence.ts';
import { DEFAULT_TEMPLATES } from '../../src/features/inspections/defaults.ts';
import { maintenanceDueRows } from '../../src/features/maintenance/due.ts';
import { verifyChain } from '../../src/features/timeline/chain.ts';
import { startEmbedded } from '../../src/node/embedded.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { principalOf } from '../../src/seed/support.ts';
import { storedEvent } from '../support/timeline-rows.ts';

/**
 * The embedded default behind `npm start`, and the tenant:create CLI against it: the first start
 * seeds, a second start keeps what is there, and the CLI writes to the same data folder.
 *
 * The first start is `npm start`'s host on an empty folder (seedDataDir), seeding seven months of
 * two districts: a minute of one core idle, two with the machine busy. `npm test` runs it once, in
 * the background from its first step, and hands the folder to this file and to the browser suites
 * (FIREGRID_SEEDED_DIR); this file works on a copy. Run alone, it seeds a folder of its own.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'firegrid-embedded-'));
let printedOnFirstStart = '';
beforeAll(async () => {
  const seeded = process.env.FIREGRID_SEEDED_DIR;
  if (seeded) cpSync(seeded, dataDir, { recursive: true });
  else await seedDataDir(dataDir);
  printedOnFirstStart = await firstStartLog(dataDir);
}, 660_000); // longer than spawnHost's own 10 minutes, so its error (with the host's output) is the one seen
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const quiet = () => {};
async function tenantSlugs(): Promise<string[]> {
  const embedded = await startEmbedded(dataDir, quiet);
  try {
    const { rows } = await embedded.provider.client.query<{ slug: string }>('select slug from tenants order by slug');
    return rows.map((r) => r.slug);
  } finally {
    await embedded.close();
  }
}

/** Recomputes one subject's hash chain from its stored events. */
async function chainOf(
  client: { query: <T>(sql: string, params?: unknown[]) => Promise<{ rows: T[] }> },
  subjectType: 'hazard' | 'task' | 'maintenance_record',
  id: string,
  head: string,
) {
  const { rows } = await client.query<Record<string, unknown>>(
    'select * from timeline_events where subject_type = $1 and subject_id = $2 order by seq',
    [subjectType, id],
  );
  return verifyChain(
    rows.map((e) => storedEvent(e, subjectType)),
    head,
  );
}

describe('the embedded default', () => {
  it('seeds the demo tenants on the first start and prints the logins', async () => {
    expect(printedOnFirstStart).toContain('首次启动：写入示范数据');
    expect(printedOnFirstStart).toContain('firegrid-demo');
    expect(printedOnFirstStart).toMatch(/demo-a\s+committee_admin/);
    expect(await tenantSlugs()).toEqual(['demo-a', 'demo-b', 'demo-city', 'firegrid']);
  });

  it('populates the hazard loop in every state, with photos, and every timeline verifies', async () => {
    const embedded = await startEmbedded(dataDir, quiet);
    try {
      const q = <T>(sql: string) => embedded.provider.client.query<T>(sql).then((r) => r.rows);
      const states = await q<{ state: string; n: number }>('select state, count(*)::int as n from hazards group by state');
      expect(Object.fromEntries(states.map((s) => [s.state, s.n]))).toMatchObject({
        reported: expect.any(Number),
        routed: expect.any(Number),
        rectifying: expect.any(Number),
        submitted: expect.any(Number),
        closed: expect.any(Number),
      });
      expect(states.reduce((n, s) => n + s.n, 0)).toBeGreaterThanOrEqual(200);
      const [flags] = await q<{ escalated: number; reopened: number; photos: number; spread: number }>(`
        select (select count(*)::int from hazards where escalation_level > 0) as escalated,
               (select count(*)::int from hazards where reopen_count > 0) as reopened,
               (select count(*)::int from evidence where subject_type = 'hazard' and status = 'confirmed') as photos,
               (select extract(day from max(reported_at) - min(reported_at))::int from hazards) as spread`);
      expect(flags!.escalated).toBeGreaterThan(0);
      expect(flags!.reopened).toBeGreaterThan(0);
      expect(flags!.photos).toBeGreaterThan(200);
      expect(flags!.spread).toBeGreaterThan(120);
      const sample = await q<{ id: string; chain_head: string }>('select id, chain_head from hazards order by number limit 25');
      for (const h of sample) {
        const verdict = await chainOf(embedded.provider.client, 'hazard', h.id, h.chain_head);
        expect(verdict.valid, h.id).toBe(true);
      }
    } finally {
      await embedded.close();
    }
  });

  it('runs a campaign from the Erqi template with tasks in every state, and duties with history', async () => {
    const embedded = await startEmbedded(dataDir, quiet);
    try {
      const q = <T>(sql: string) => embedded.provider.client.query<T>(sql).then((r) => r.rows);
      const campaigns = await q<{ slug: string; n: number }>(
        "select t.slug, count(*)::int as n from campaigns c join tenants t on t.id = c.tenant_id where c.template_code = 'erqi-community' group by t.slug order by t.slug",
      );
      expect(campaigns).toEqual([
        { slug: 'demo-a', n: 1 },
        { slug: 'demo-b', n: 1 },
      ]);
      const states = await q<{ state: string }>('select distinct state::text from tasks order by 1');
      expect(states.map((r) => r.state)).toEqual(['assigned', 'cancelled', 'done', 'in_progress', 'returned', 'submitted']);
      const [campaignTasks] = await q<{ streets: number; overdue: number; escalated: number; late: number }>(`
        select count(distinct t.org_unit_id) filter (where o.kind in ('street', 'town'))::int as streets,
               count(*) filter (where t.state in ('assigned', 'in_progress', 'returned') and t.due_at < now())::int as overdue,
               count(*) filter (where t.escalation_level > 0)::int as escalated,
               count(*) filter (where t.state = 'done' and t.submitted_at > t.due_at)::int as late
        from tasks t join task_assignments a on a.id = t.assignment_id left join org_units o on o.id = t.org_unit_id
        where a.campaign_id is not null`);
      expect(campaignTasks).toMatchObject({ streets: 5 });
      expect(campaignTasks!.overdue).toBeGreaterThan(0);
      expect(campaignTasks!.escalated).toBeGreaterThan(0);
      expect(campaignTasks!.late).toBeGreaterThan(0);
      const [duties] = await q<{ duties: number; periods: number; days: number; done: number; missed: number }>(`
        select count(distinct a.duty_id)::int as duties, count(distinct a.period_key)::int as periods,
               extract(day from max(a.created_at) - min(a.created_at))::int as days,
               count(*) filter (where t.state = 'done')::int as done,
               count(*) filter (where t.state = 'assigned' and t.due_at < now())::int as missed
        from task_assignments a join tasks t on t.assignment_id = a.id where a.duty_id is not null`);
      expect(duties!.duties).toBe(10); // five per district
      expect(duties!.days).toBeGreaterThanOrEqual(60);
      expect(duties!.done).toBeGreaterThan(duties!.missed);
      expect(duties!.missed).toBeGreaterThan(0);
      const sample = await q<{ id: string; chain_head: string }>('select id, chain_head from tasks order by id limit 25');
      for (const task of sample) {
        const verdict = await chainOf(embedded.provider.client, 'task', task.id, task.chain_head);
        expect(verdict.valid, task.id).toBe(true);
      }
    } finally {
      await embedded.close();
    }
  });

  it('adds templates, inspections with their hazards, patrols, facility registers and maintenance records', async () => {
    const embedded = await startEmbedded(dataDir, quiet);
    try {
      const q = <T>(sql: string) => embedded.provider.client.query<T>(sql).then((r) => r.rows);
      const perDistrict = await q<{
        slug: string;
        templates: number;
        inspections: number;
        failing: number;
        joint: number;
        days: number;
        patrols: number;
        unvisited: number;
      }>(`
        select t.slug,
               (select count(*)::int from inspection_templates x where x.tenant_id = t.id) as templates,
               (select count(*)::int from inspections i where i.tenant_id = t.id and i.status = 'completed') as inspections,
               (select count(*)::int from inspections i where i.tenant_id = t.id and i.failed_count > 0) as failing,
               (select count(*)::int from inspections i where i.tenant_id = t.id and i.joint_department_ids <> '{}') as joint,
               (select extract(day from max(i.completed_at) - min(i.completed_at))::int from inspections i where i.tenant_id = t.id) as days,
               (select count(*)::int from patrols p where p.tenant_id = t.id) as patrols,
               (select count(*)::int from places pl where pl.tenant_id = t.id and not exists (select 1 from patrols p where p.place_id = pl.id)) as unvisited
        from tenants t where t.slug in ('demo-a', 'demo-b') order by t.slug`);
      expect(perDistrict.map((d) => d.slug)).toEqual(['demo-a', 'demo-b']);
      for (const d of perDistrict) {
        expect(d.templates, d.slug).toBe(DEFAULT_TEMPLATES.length);
        expect(d.inspections, d.slug).toBeGreaterThanOrEqual(30);
        expect(d.failing, d.slug).toBeGreaterThan(0);
        expect(d.failing, d.slug).toBeLessThan(d.inspections / 2); // most pass
        expect(d.joint, d.slug).toBeGreaterThan(0);
        expect(d.days, d.slug).toBeGreaterThanOrEqual(60);
        expect(d.patrols, d.slug).toBeGreaterThanOrEqual(2000);
        expect(d.unvisited, d.slug).toBeGreaterThan(0); // coverage has gaps
      }

      // Every failed item became exactly one hazard of source inspection, with the inspector's photo.
      const [items] = await q<{
        failed: number;
        counted: number;
        linked: number;
        hazards: number;
        fromInspection: number;
        photographed: number;
        stray: number;
      }>(`
        select count(*) filter (where r.result = 'fail')::int as failed,
               (select sum(failed_count)::int from inspections) as counted,
               count(r.hazard_id) filter (where r.result = 'fail')::int as linked,
               count(distinct r.hazard_id) filter (where r.result = 'fail')::int as hazards,
               count(*) filter (where r.result = 'fail' and h.source = 'inspection')::int as "fromInspection",
               count(*) filter (where r.result = 'fail' and cardinality(r.evidence_ids) > 0)::int as photographed,
               count(r.hazard_id) filter (where r.result <> 'fail')::int as stray
        from inspection_results r left join hazards h on h.id = r.hazard_id`);
      const failed = items!.failed;
      expect(failed).toBeGreaterThan(0);
      expect(items).toEqual({
        failed,
        counted: failed,
        linked: failed,
        hazards: failed,
        fromInspection: failed,
        photographed: failed,
        stray: 0,
      });

      // Every compound has its register, with extinguishers expiring and expired, and a few faults.
      const [register] = await q<{ bare: number; expiring: number; expired: number; broken: number }>(`
        select (select count(*)::int from org_units o where o.kind = 'compound' and not exists (
                  select 1 from facilities f join org_units u on u.id = f.org_unit_id where u.path like o.path || '%')) as bare,
               count(*) filter (where f.expires_on between current_date and current_date + 30)::int as expiring,
               count(*) filter (where f.expires_on < current_date)::int as expired,
               count(*) filter (where f.status <> 'working')::int as broken
        from facilities f`);
      expect(register).toMatchObject({ bare: 0 });
      expect(register!.expiring).toBeGreaterThan(0);
      expect(register!.expired).toBeGreaterThan(0);
      expect(register!.broken).toBeGreaterThan(0);

      // Both companies of each district file records; the stations accept, return, or have yet to look.
      const records = await q<{ company: string; state: string }>(`
        select distinct r.company_id as company, r.state from maintenance_records r order by 1, 2`);
      expect(new Set(records.map((r) => r.company)).size).toBe(4);
      expect([...new Set(records.map((r) => r.state))].sort()).toEqual(['accepted', 'returned', 'submitted']);
      const [flags] = await q<{ conflicts: number; faults: number; resubmitted: number }>(`
        select (select count(*)::int from maintenance_records where conflict is not null) as conflicts,
               (select count(*)::int from maintenance_records r join hazards h on h.id = r.hazard_id
                 where r.result = 'fault' and h.source = 'maintenance') as faults,
               (select count(distinct subject_id)::int from timeline_events where subject_type = 'maintenance_record' and action = 'resubmit') as resubmitted`);
      expect(flags!.conflicts).toBeGreaterThanOrEqual(1);
      expect(flags!.faults).toBeGreaterThanOrEqual(1);
      expect(flags!.resubmitted).toBeGreaterThanOrEqual(1);
      // Some kinds were left overdue under the default policy.
      const districts = await q<{ id: string }>("select id from tenants where slug in ('demo-a', 'demo-b')");
      for (const { id } of districts) {
        const due = await inTenant(embedded.provider, embedded.provider.db, id, async (tx) =>
          maintenanceDueRows(tx, await principalOf(tx, id, 'committee_staff'), new Date(), {}),
        );
        expect(due.some((d) => d.status === 'overdue')).toBe(true);
        expect(due.some((d) => d.status === 'ok')).toBe(true);
      }
      const sample = await q<{ id: string; chain_head: string }>(
        'select id, chain_head from maintenance_records order by version desc, id limit 25',
      );
      for (const r of sample) {
        const verdict = await chainOf(embedded.provider.client, 'maintenance_record', r.id, r.chain_head);
        expect(verdict.valid, r.id).toBe(true);
      }
    } finally {
      await embedded.close();
    }
  });

  it('publishes the last six months for the oversight office, ranked and differing, and drafts the current one', async () => {
    const embedded = await startEmbedded(dataDir, quiet);
    try {
      const q = <T>(sql: string) => embedded.provider.client.query<T>(sql).then((r) => r.rows);
      const [office] = await q<{ id: string; timeZone: string }>(
        `select id, time_zone as "timeZone" from tenants where slug = 'demo-city'`,
      );
      const current = periodAt('monthly', new Date(), office!.timeZone).key;
      const months = monthsUpTo(previousMonth(current), 6);
      // What the office reads (as itself, through RLS): last month's ranking, and six scored, differing months each.
      const { ranking, scores } = await inTenant(embedded.provider, embedded.provider.db, office!.id, async (tx) => ({
        ranking: await rankDistricts(tx, office!.id, months.at(-1)!),
        scores: await districtScores(tx, office!.id, months),
      }));
      expect(ranking.unpublished).toEqual([]);
      expect(ranking.ranked.map((r) => [r.rank, r.change !== null])).toEqual([
        [1, true],
        [2, true],
      ]);
      for (const slug of ['demo-a', 'demo-b']) {
        const mine = scores.filter((s) => s.slug === slug);
        expect(
          mine.map((s) => s.month),
          slug,
        ).toEqual(months);
        expect(
          mine.every((s) => s.score !== null && s.score > 30),
          slug,
        ).toBe(true);
        expect(new Set(mine.map((s) => s.score)).size, slug).toBeGreaterThan(3);
      }
      const drafts = await q<{ slug: string; month: string }>(`
        select t.slug, a.month from assessments a join tenants t on t.id = a.tenant_id where a.status = 'draft' order by t.slug`);
      expect(drafts).toEqual([
        { slug: 'demo-a', month: current },
        { slug: 'demo-b', month: current },
      ]);
      const [adjusted] = await q<{ n: number }>('select count(*)::int as n from assessment_adjustments');
      expect(adjusted!.n).toBeGreaterThanOrEqual(2);
    } finally {
      await embedded.close();
    }
  });

  it('keeps its data on the next start and does not seed again', async () => {
    const lines: string[] = [];
    const embedded = await startEmbedded(dataDir, (l) => lines.push(l));
    const { rows } = await embedded.provider.client.query<{ n: number }>('select count(*)::int as n from users');
    await embedded.close();
    expect(lines).toEqual([]);
    // 8 roles × 2 districts + the office viewer + the operator, and one colleague for every street,
    // community, department and company without a demo account (demo-a 18 − 4 units, demo-b 15 − 4).
    expect(rows[0]!.n).toBe(18 + 14 + 11);
  });

  // Two runs of the CLI, each a Node process that opens the PGlite data folder (~10 s idle each).
  it('npm run tenant:create adds a district with its admin to the same data folder', { timeout: 180_000 }, async () => {
    const run = (args: string[], password: string) =>
      spawnSync('npx', ['tsx', 'scripts/tenant-create.ts', ...args], {
        env: { ...process.env, FIREGRID_DATA_DIR: dataDir, FIREGRID_ADMIN_PASSWORD: password, DATABASE_URL: '' },
        encoding: 'utf8',
      });
    const ok = run(
      ['--slug', 'erqi', '--name', '二七区消防安全委员会', '--admin', 'admin', '--parent', 'demo-city'],
      'a-long-initial-password',
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('二七区消防安全委员会');
    const short = run(['--slug', 'erqi-2', '--name', '二七区', '--admin', 'admin'], 'short');
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('密码至少 12 位');
    const taken = run(['--slug', 'erqi', '--name', '二七区', '--admin', 'admin'], 'a-long-initial-password');
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain('已有相同单位代码的单位');

    const embedded = await startEmbedded(dataDir, quiet);
    try {
      const { rows } = await embedded.provider.client.query<{ parent: string; role: string; username: string }>(`
        select p.slug as parent, ra.role, u.username from tenants t join tenants p on p.id = t.parent_id
        join users u on u.tenant_id = t.id join role_assignments ra on ra.user_id = u.id where t.slug = 'erqi'`);
      expect(rows).toEqual([{ parent: 'demo-city', role: 'committee_admin', username: 'admin' }]);
    } finally {
      await embedded.close();
    }
  });
});

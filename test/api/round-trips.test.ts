import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld } from '../support/harness.ts';

/**
 * Round trips per request. On Workers every statement is a network round trip to Neon, so each
 * main route has a budget of statements (BEGIN, set_config and COMMIT included), counted as the
 * driver sends them, and this file fails when a change goes over it. (`MEASURE=1` also prints each
 * route's statements; `npm run bench` runs it so on PostgreSQL.)
 */
type Route =
  | 'GET /me'
  | 'GET /hazards'
  | 'GET /hazards/{id}'
  | 'POST /hazards'
  | 'POST /hazards/{id}/transitions'
  | 'POST /tasks/{id}/transitions'
  | 'GET /my/work'
  | 'POST /auth/login';

/** The budgets (issue 13). */
const BUDGETS: Record<Route, number> = {
  'GET /me': 3,
  'GET /hazards': 4,
  'GET /hazards/{id}': 4,
  'POST /hazards': 8,
  'POST /hazards/{id}/transitions': 8,
  // The task with the policy and its last event number, its evidence kinds, the step, the answer read back.
  'POST /tasks/{id}/transitions': 8,
  'GET /my/work': 6,
  'POST /auth/login': 8,
};

let world: TestWorld;
const statements: string[] = [];
let station: Session;
let grid: Session;
let community: string;
let category: string;

beforeAll(async () => {
  // From a known address, as every request on Workers is: a login then runs the throttle's pair counter too.
  world = await createWorld({ observe: (statement) => statements.push(statement), clientIp: () => '198.51.100.7' });
  station = await login(world, 'demo-a', 'station_staff');
  grid = await login(world, 'demo-a', 'grid_member');
  community = await orgUnitId(world, 'demo-a', '东湖社区');
  const [row] = await world.admin(
    "select c.id from hazard_categories c join tenants t on t.id = c.tenant_id where t.slug = 'demo-a' and c.active limit 1",
  );
  category = row!.id as string;
});

afterAll(async () => {
  await world?.close();
});

/** The statements one request sends, and its answer. */
async function counted(...request: Parameters<typeof call> extends [unknown, ...infer R] ? R : never) {
  statements.length = 0;
  const answer = await call(world, ...request);
  return { answer, statements: [...statements] };
}

function within(route: Route, sent: string[]) {
  // PGlite runs in-process (no round trips) and sends each transaction's BEGIN apart from its
  // set_config; the pg-protocol drivers the budgets are for send the two as one (pg-transaction.ts).
  const count = world.kind === 'pglite' ? sent.filter((s) => s !== 'begin').length : sent.length;
  if (process.env.MEASURE) {
    console.log(
      `${route}: ${count} statements (budget ${BUDGETS[route]})\n  ${sent.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n  ')}`,
    );
  }
  expect(count, `${route} sent:\n${sent.join('\n')}`).toBeLessThanOrEqual(BUDGETS[route]);
}

describe('statements per request', () => {
  it('stays within each main route’s budget', async () => {
    const me = await counted(station, 'GET', '/api/v1/me');
    expect(me.answer.status).toBe(200);
    within('GET /me', me.statements);

    const report = await counted(grid, 'POST', '/api/v1/hazards', {
      categoryId: category,
      orgUnitId: community,
      description: '2号楼楼道堆放纸箱，堵塞疏散通道',
      severity: 'general',
    });
    expect(report.answer.status).toBe(201);
    within('POST /hazards', report.statements);
    const id = report.answer.body.id as string;

    const read = await counted(station, 'GET', `/api/v1/hazards/${id}`);
    expect(read.answer.status).toBe(200);
    within('GET /hazards/{id}', read.statements);

    const route = await counted(station, 'POST', `/api/v1/hazards/${id}/transitions`, {
      version: read.answer.body.version,
      action: 'route',
      lead: { kind: 'org_unit', orgUnitId: community },
    });
    expect(route.answer.status).toBe(200);
    within('POST /hazards/{id}/transitions', route.statements);

    const admin = await login(world, 'demo-a', 'committee_admin');
    const assigned = await call(world, admin, 'POST', '/api/v1/tasks', {
      title: '召开专项整治动员部署会',
      description: '统一思想，明确要求，印发会议纪要。',
      dueOn: '2099-11-30',
      done: { checklist: ['召开会议', '印发会议纪要'], target: null, evidence: [] },
      weight: 5,
      assignees: { kind: 'streets' },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    const [task] = await world.admin(
      "select t.id, t.version from tasks t join role_assignments ra on ra.org_unit_id = t.org_unit_id join users u on u.id = ra.user_id where u.username = 'station_staff' and t.tenant_id = u.tenant_id and t.id = any($1::uuid[])",
      [assigned.body.tasks.map((t: { id: string }) => t.id)],
    );
    const progress = await counted(station, 'POST', `/api/v1/tasks/${task!.id}/transitions`, {
      action: 'progress',
      version: task!.version,
      checked: [true, false],
    });
    expect(progress.answer.status).toBe(200);
    within('POST /tasks/{id}/transitions', progress.statements);

    const list = await counted(station, 'GET', '/api/v1/hazards?limit=20');
    expect(list.answer.status).toBe(200);
    // A page of hazards, each with its parties: the count covers a list that has rows.
    expect(list.answer.body.items.length).toBeGreaterThan(0);
    expect(list.answer.body.items.some((h: { parties: unknown[] }) => h.parties.length > 0)).toBe(true);
    within('GET /hazards', list.statements);

    const work = await counted(station, 'GET', '/api/v1/my/work');
    expect(work.answer.status).toBe(200);
    within('GET /my/work', work.statements);

    const signIn = await counted(null, 'POST', '/api/v1/auth/login', {
      tenant: 'demo-a',
      username: 'station_staff',
      password: DEMO_PASSWORD,
    });
    expect(signIn.answer.status).toBe(200);
    within('POST /auth/login', signIn.statements);
  });
});

describe('my work in two statements', () => {
  it('lists the first 50 of each section, soonest first, and counts every one', { timeout: 120_000 }, async () => {
    const before = await call(world, station, 'GET', '/api/v1/my/work');
    const waiting = before.body.hazardsToRoute.total as number;
    // Enough new reports that the section has more than one answer's worth.
    for (let i = waiting; i < 55; i++) {
      const res = await call(world, grid, 'POST', '/api/v1/hazards', {
        categoryId: category,
        orgUnitId: community,
        description: `楼道堆放杂物 第${i + 1}处`,
        severity: 'general',
      });
      expect(res.status).toBe(201);
    }
    const [row] = await world.admin(
      "select count(*)::int as n from hazards h join tenants t on t.id = h.tenant_id where t.slug = 'demo-a' and h.state = 'reported'",
    );
    const work = await call(world, station, 'GET', '/api/v1/my/work');
    expect(work.status).toBe(200);
    const toRoute = work.body.hazardsToRoute;
    expect(toRoute.total).toBe(row!.n);
    expect(toRoute.items).toHaveLength(50);
    const reported = toRoute.items.map((h: { reportedAt: string }) => h.reportedAt);
    expect(reported).toEqual([...reported].sort());
    for (const h of toRoute.items) expect(h.state).toBe('reported');
    // The other sections keep their own rows and counts beside the full one.
    expect(work.body.hazardsToFix.total).toBe(work.body.hazardsToFix.items.length);
    for (const h of work.body.hazardsToFix.items) expect(['routed', 'rectifying']).toContain(h.state);
  });
});

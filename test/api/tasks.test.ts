import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaskEscalationSweep } from '../../src/features/tasks/escalation.ts';
import { fanOut } from '../../src/features/tasks/service.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { expectProblem, fingerprint, pageThrough } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Task tracking end to end through the API: fan-out to every street in one transaction, the
 * assignee's progress and submission against the definition of done, review by the assigner,
 * returns, scope, separation of duties, concurrency, escalation on a controlled clock, and the
 * timeline the tasks share with hazards.
 */
let world: TestWorld;
let now = new Date('2026-11-24T02:00:00Z'); // 10:00 in Shanghai
let demoA: string;
let eastStreet: string;
let eastCommunity: string;
const s: Record<string, Session> = {};
const TASK_TABLES = ['task_assignments', 'tasks', 'timeline_events'] as const;

async function refresh() {
  for (const role of ['committee_admin', 'station_staff', 'community_staff', 'grid_member', 'property_manager', 'department_staff']) {
    s[role] = await login(world, 'demo-a', role);
  }
  s.other = await login(world, 'demo-b', 'committee_admin');
}

async function fileFor(username: string, contentType: 'image/jpeg' | 'application/pdf'): Promise<string> {
  const [user] = await world.admin(
    "select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = 'demo-a' and u.username = $1",
    [username],
  );
  const id = crypto.randomUUID();
  await world.admin(
    `insert into evidence (id, tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, confirmed_at)
     values ($1, $2, $3, $4, $5, 1000, $6, 'confirmed', $7, now())`,
    [
      id,
      demoA,
      `tenants/${demoA}/evidence/test/${id}`,
      contentType === 'application/pdf' ? '会议纪要.pdf' : 'photo.jpg',
      contentType,
      'b'.repeat(64),
      user!.id,
    ],
  );
  return id;
}

const assign = (session: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call(world, { ...session, headers: { ...session.headers, ...headers } }, 'POST', '/api/v1/tasks', {
    title: '召开专项整治动员部署会',
    description: '统一思想，明确要求，印发会议纪要。',
    dueOn: '2026-11-30',
    done: { checklist: ['召开会议', '印发会议纪要'], target: null, evidence: ['document', 'photo'] },
    weight: 5,
    assignees: { kind: 'streets' },
    ...body,
  });

const act = (session: Session, id: string, body: Record<string, unknown>) =>
  call(world, session, 'POST', `/api/v1/tasks/${id}/transitions`, body);
const get = (session: Session, id: string) => call(world, session, 'GET', `/api/v1/tasks/${id}`);

beforeAll(async () => {
  world = await createWorld({ clock: () => now });
  demoA = await tenantId(world, 'demo-a');
  eastStreet = await orgUnitId(world, 'demo-a', '示范东湖街道');
  eastCommunity = await orgUnitId(world, 'demo-a', '东湖社区');
  await refresh();
});
afterAll(() => world?.close());

describe('assigning (fan-out)', () => {
  it('fans one task out to every street, each with its own timeline', async () => {
    const res = await assign(s.committee_admin!, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.count).toBe(3);
    expect(res.body.tasks.map((t: { assignee: { name: string } }) => t.assignee.name).sort()).toEqual(
      ['示范东湖街道', '示范南溪镇', '示范西山街道'].sort(),
    );
    const events = await world.admin(
      "select count(*)::int as n from timeline_events where subject_type = 'task' and subject_id = any($1::uuid[]) and action = 'assign'",
      [res.body.tasks.map((t: { id: string }) => t.id)],
    );
    expect(events[0]!.n).toBe(3);
    const east = res.body.tasks.find((t: { assignee: { orgUnitId: string } }) => t.assignee.orgUnitId === eastStreet);
    const detail = await get(s.committee_admin!, east.id);
    expect(detail.body).toMatchObject({ state: 'assigned', progress: { checked: [false, false], count: 0 }, overdue: false, onTime: null });
    // Due at the end of 11-30 in Shanghai.
    expect(detail.body.dueAt).toBe('2026-11-30T15:59:59.999Z');
    const verdict = await call(world, s.committee_admin!, 'GET', `/api/v1/tasks/${east.id}/timeline/verify`);
    expect(verdict.body).toMatchObject({ valid: true, events: 1 });
  });

  it('fans out to the communities of one street, and a station may assign only inside its own street', async () => {
    const res = await assign(s.station_staff!, {
      assignees: { kind: 'communities', streetId: eastStreet },
      done: { checklist: [], target: { count: 12, unit: '个小区' }, evidence: [] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.tasks.map((t: { assignee: { name: string } }) => t.assignee.name).sort()).toEqual(['东湖社区', '青桐社区'].sort());

    const before = await fingerprint(world, TASK_TABLES);
    const west = await orgUnitId(world, 'demo-a', '示范西山街道');
    expectProblem(await assign(s.station_staff!, { assignees: { kind: 'communities', streetId: west } }), 404, 'not_found');
    // None of them is inside its area but its own street… which is not a street below it.
    const noStreet = expectProblem(await assign(s.station_staff!, { assignees: { kind: 'streets' } }), 400, 'assignee_selection_empty');
    expect(noStreet.params).toEqual({ kind: 'streets' });
    expect(noStreet.errors).toEqual([{ path: 'assignees', code: 'assignee_selection_empty', message: expect.stringContaining('街道') }]);
    expectProblem(await assign(s.station_staff!, { assignees: { kind: 'companies', ids: null } }), 404, 'not_found');
    expectProblem(await assign(s.community_staff!, {}), 403, 'forbidden');
    expectProblem(await assign(s.grid_member!, {}), 403, 'forbidden');
    expect(await fingerprint(world, TASK_TABLES)).toEqual(before);
  });

  it('refuses bad input with field paths, and ids of another district as not found, writing nothing', async () => {
    const before = await fingerprint(world, TASK_TABLES);
    const bad = await assign(s.committee_admin!, { title: '', dueOn: '2026-13-01', assignees: { kind: 'planets' } });
    expectProblem(bad, 400, 'validation_failed');
    const paths = (bad.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'dueOn', 'assignees.kind']));
    expect(bad.body.errors.find((e: { path: string }) => e.path === 'dueOn').code).toBe('date_format');
    // Neither a due date nor a phase; a phase without its campaign.
    const noDue = expectProblem(await assign(s.committee_admin!, { dueOn: undefined }), 400, 'validation_failed');
    expect(noDue.errors).toEqual([{ path: 'dueOn', code: 'task_due_required', message: '请填写完成期限或选择阶段' }]);
    const orphan = expectProblem(await assign(s.committee_admin!, { phaseId: crypto.randomUUID() }), 400, 'validation_failed');
    expect(orphan.errors).toEqual([{ path: 'campaignId', code: 'phase_needs_campaign', message: expect.any(String) }]);
    // Outside the supported years: a 400 naming the field, never a date library's error.
    const far = expectProblem(await assign(s.committee_admin!, { dueOn: '0392-11-30' }), 400, 'validation_failed');
    expect(far.errors!.map((e) => [e.path, e.code])).toEqual([['dueOn', 'date_format']]);
    const past = expectProblem(await assign(s.committee_admin!, { dueOn: '2026-11-01' }), 400, 'task_due_date_passed');
    expect(past.params).toEqual({ dueOn: '2026-11-01' });
    expect(past.errors).toEqual([{ path: 'dueOn', code: 'task_due_date_passed', message: expect.stringContaining('2026-11-01') }]);
    const theirs = await orgUnitId(world, 'demo-b', '示范北城街道');
    const foreign = await assign(s.committee_admin!, { assignees: { kind: 'org_units', ids: [eastStreet, theirs] } });
    expectProblem(foreign, 404, 'not_found');
    expect(foreign.body.params).toEqual({ resource: 'org_unit' });
    expect(foreign.body.errors).toEqual([{ path: 'assignees.ids.1', code: 'not_found', message: expect.stringContaining('单位不存在') }]);
    const campaign = expectProblem(await assign(s.committee_admin!, { campaignId: crypto.randomUUID() }), 404, 'not_found');
    expect(campaign.params).toEqual({ resource: 'campaign' });
    expect(campaign.errors!.map((e) => e.path)).toEqual(['campaignId']);
    expect(await fingerprint(world, TASK_TABLES)).toEqual(before);
  });

  it('makes one assignment for retries with one Idempotency-Key', async () => {
    const key = crypto.randomUUID();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => assign(s.committee_admin!, { title: '重试测试任务' }, { 'idempotency-key': key })),
    );
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThan(0);
    for (const r of results) expect([201, 409]).toContain(r.status);
    const [row] = await world.admin("select count(*)::int as n from task_assignments where title = '重试测试任务'");
    expect(row!.n).toBe(1);
  });
});

describe('working on a task', () => {
  let taskId: string;
  const version = async () => (await get(s.committee_admin!, taskId)).body.version as number;

  beforeAll(async () => {
    const res = await assign(s.committee_admin!, { title: '东湖街道部署会', assignees: { kind: 'org_units', ids: [eastStreet] } });
    taskId = res.body.tasks[0].id;
  });

  it('is seen by its street and the committee, not by other units or districts', async () => {
    expect((await get(s.station_staff!, taskId)).status).toBe(200);
    expectProblem(await get(s.community_staff!, taskId), 404, 'not_found'); // a community sees its own tasks, not its street's
    expectProblem(await get(s.property_manager!, taskId), 404, 'not_found');
    expectProblem(await get(s.other!, taskId), 404, 'not_found');
    expectProblem(await get(s.grid_member!, taskId), 403, 'forbidden');
    const mine = await call(world, s.station_staff!, 'GET', '/api/v1/tasks?assignedToMe=true&limit=200');
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(taskId);
  });

  it('offers the assignee progress and submit, the committee review actions only once submitted', async () => {
    expect((await get(s.station_staff!, taskId)).body.availableActions).toEqual(['progress', 'submit']);
    expect((await get(s.committee_admin!, taskId)).body.availableActions).toEqual(['escalate', 'cancel']);
  });

  it('records progress, and refuses a submission that does not meet the definition of done', async () => {
    const p = await act(s.station_staff!, taskId, {
      action: 'progress',
      version: await version(),
      checked: [true, false],
      note: '会议已召开',
    });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ state: 'in_progress', progress: { checked: [true, false] } });
    const wrongLength = await act(s.station_staff!, taskId, { action: 'progress', version: await version(), checked: [true] });
    expect(expectProblem(wrongLength, 400, 'task_checklist_mismatch').params).toEqual({ expected: 2, given: 1 });
    expect(wrongLength.body.errors).toEqual([{ path: 'checked', code: 'task_checklist_mismatch', message: expect.any(String) }]);
    const noTarget = await act(s.station_staff!, taskId, { action: 'progress', version: await version(), count: 3 });
    expectProblem(noTarget, 400, 'task_has_no_target');
    expect(noTarget.body.errors.map((e: { path: string }) => e.path)).toEqual(['count']);
    const early = await act(s.station_staff!, taskId, { action: 'submit', version: await version(), checked: [true, true] });
    expectProblem(early, 400, 'task_not_done');
    expect(early.body.detail).toMatch(/文件（PDF）/);
    expect(early.body.params).toEqual({ unchecked: [], count: null, target: null, evidence: ['document', 'photo'] });
    expect(early.body.errors).toEqual([
      { path: 'evidenceIds', code: 'task_evidence_missing', message: '缺少文件（PDF）' },
      { path: 'evidenceIds', code: 'task_evidence_missing', message: '缺少照片' },
    ]);
    // Each item left, in the language asked for.
    const en = { ...s.station_staff!, headers: { ...s.station_staff!.headers, 'accept-language': 'en' } };
    const unticked = await act(en, taskId, { action: 'submit', version: await version(), checked: [true, false] });
    expectProblem(unticked, 400, 'task_not_done');
    expect(unticked.headers.get('content-language')).toBe('en');
    expect(unticked.body.params.unchecked).toEqual([1]);
    expect(unticked.body.detail).toBe(
      'Not done yet: 1 checklist item(s) not ticked; missing a document (PDF), a photo. Complete it, then submit',
    );
    expect(unticked.body.errors[0]).toEqual({ path: 'checked.1', code: 'task_item_unchecked', message: 'Not done: 印发会议纪要' });
    const photo = await fileFor('station_staff', 'image/jpeg');
    const stillNoPdf = await act(s.station_staff!, taskId, {
      action: 'submit',
      version: await version(),
      checked: [true, true],
      evidenceIds: [photo],
    });
    expect(expectProblem(stillNoPdf, 400, 'task_not_done').params.evidence).toEqual(['document']);
    // The refused submission attached nothing.
    expect((await world.admin('select subject_id from evidence where id = $1', [photo]))[0]!.subject_id).toBeNull();
  });

  it('accepts a complete submission, then only the committee may accept it', async () => {
    const photo = await fileFor('station_staff', 'image/jpeg');
    const minutes = await fileFor('station_staff', 'application/pdf');
    const sub = await act(s.station_staff!, taskId, {
      action: 'submit',
      version: await version(),
      checked: [true, true],
      evidenceIds: [photo, minutes],
      note: '纪要已印发',
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body.state).toBe('submitted');
    expect(sub.body.evidence.map((e: { stage: string }) => e.stage)).toEqual(['work', 'work']);
    // The station answers for the task: it may not accept its own work.
    const own = await act(s.station_staff!, taskId, { action: 'accept', version: await version() });
    expect(expectProblem(own, 403, 'not_your_role').params).toEqual({ subject: 'task', action: 'accept' });
    const ret = await act(s.committee_admin!, taskId, { action: 'return', version: await version(), reason: '纪要缺少签字页' });
    expect(ret.body).toMatchObject({ state: 'returned', returnCount: 1 });
    const twice = await act(s.committee_admin!, taskId, { action: 'return', version: await version(), reason: '再退一次' });
    expect(expectProblem(twice, 409, 'action_not_allowed_in_state').params).toEqual({
      subject: 'task',
      action: 'return',
      state: 'returned',
    });
    const terse = await act(s.committee_admin!, taskId, { action: 'cancel', version: await version(), reason: '撤' });
    expect(expectProblem(terse, 400, 'validation_failed').errors).toEqual([
      { path: 'reason', code: 'reason_required', message: '请说明理由（至少 2 个字）' },
    ]);
    const again = await act(s.station_staff!, taskId, { action: 'submit', version: await version(), note: '已补签字页' });
    expect(again.body.state).toBe('submitted');
    const ok = await act(s.committee_admin!, taskId, { action: 'accept', version: await version(), note: '验收通过' });
    expect(ok.body).toMatchObject({ state: 'done', onTime: true, availableActions: [] });
    const tl = await call(world, s.station_staff!, 'GET', `/api/v1/tasks/${taskId}/timeline`);
    expect(tl.body.items.map((e: { action: string }) => e.action)).toEqual(['assign', 'progress', 'submit', 'return', 'submit', 'accept']);
    expect((await call(world, s.station_staff!, 'GET', `/api/v1/tasks/${taskId}/timeline/verify`)).body).toMatchObject({
      valid: true,
      events: 6,
    });
    // The files are as visible as the task.
    expect((await call(world, s.committee_admin!, 'GET', `/api/v1/evidence/${minutes}`)).status).toBe(200);
    expectProblem(await call(world, s.community_staff!, 'GET', `/api/v1/evidence/${minutes}`), 404, 'not_found');
  });

  it('lets exactly one of 20 concurrent actions win', async () => {
    const res = await assign(s.committee_admin!, {
      title: '并发测试',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
      done: { checklist: [], target: null, evidence: [] },
    });
    const id = res.body.tasks[0].id;
    const v = (await get(s.community_staff!, id)).body.version;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => act(s.community_staff!, id, { action: 'progress', version: v, note: `第${i}次` })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    for (const lost of results.filter((r) => r.status === 409)) {
      expect(expectProblem(lost, 409, 'version_conflict').params).toMatchObject({ resource: 'task' });
    }
    const [events] = await world.admin("select count(*)::int as n from timeline_events where subject_id = $1 and action = 'progress'", [
      id,
    ]);
    expect(events!.n).toBe(1);
  });
});

describe('a station and its communities', () => {
  it('the station reviews what it gave a community, and does not do the community’s work itself', async () => {
    const res = await assign(s.station_staff!, {
      title: '社区消防宣传',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
      done: { checklist: ['张贴宣传海报'], target: null, evidence: [] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.tasks[0].id;
    // It reads the task (its area) but works on none of it.
    expect((await get(s.station_staff!, id)).body.availableActions).toEqual(['escalate', 'cancel']);
    const work = await act(s.station_staff!, id, { action: 'progress', version: 1, checked: [true] });
    expect(expectProblem(work, 403, 'not_your_role').params).toEqual({ subject: 'task', action: 'progress' });
    const mine = await call(world, s.station_staff!, 'GET', '/api/v1/tasks?assignedToMe=true&limit=200');
    expect(mine.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    const v = (await get(s.community_staff!, id)).body.version;
    expect((await act(s.community_staff!, id, { action: 'submit', version: v, checked: [true] })).status).toBe(200);
    const review = await call(world, s.station_staff!, 'GET', '/api/v1/tasks?toReview=true&limit=200');
    expect(review.body.items.map((t: { id: string }) => t.id)).toContain(id);
    const ok = await act(s.station_staff!, id, { action: 'accept', version: v + 1, note: '宣传到位' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.state).toBe('done');
  });
});

describe('overdue tasks', () => {
  it('are flagged and escalate one level per interval, once, like hazards', async () => {
    const res = await assign(s.committee_admin!, {
      title: '逾期测试',
      dueOn: '2026-11-25',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
    });
    const id = res.body.tasks[0].id;
    now = new Date('2026-11-26T02:00:00Z'); // 10 hours late
    await refresh();
    expect((await get(s.community_staff!, id)).body).toMatchObject({ overdue: true, escalationLevel: 0 });
    const overdue = await call(world, s.committee_admin!, 'GET', '/api/v1/tasks?overdue=true&limit=200');
    expect(overdue.body.items.map((t: { id: string }) => t.id)).toContain(id);
    const first = await runTaskEscalationSweep(world.deps.database, now);
    expect(first.events).toBeGreaterThan(0);
    expect((await get(s.community_staff!, id)).body.escalationLevel).toBe(1);
    const again = await runTaskEscalationSweep(world.deps.database, now);
    expect(again.events).toBe(0);
    now = new Date('2026-11-28T03:00:00Z'); // 51 hours late: level 3 (24 h interval)
    await refresh();
    await runTaskEscalationSweep(world.deps.database, now);
    const escalations = await world.admin(
      "select data->>'level' as level, actor_user_id from timeline_events where subject_id = $1 and action = 'escalate' order by seq",
      [id],
    );
    expect(escalations).toEqual([
      { level: '1', actor_user_id: null },
      { level: '2', actor_user_id: null },
      { level: '3', actor_user_id: null },
    ]);
    // The top of the chain: the committee cannot push it further.
    const top = await act(s.committee_admin!, id, { action: 'escalate', version: (await get(s.committee_admin!, id)).body.version });
    expect(expectProblem(top, 400, 'task_escalation_at_top').params).toEqual({ level: 3 });
    expect(top.body.errors.map((e: { path: string }) => e.path)).toEqual(['action']);
    now = new Date('2026-11-24T02:00:00Z');
    await refresh();
  });
});

describe('tasks given after their deadline (a duty period caught up late)', () => {
  it('escalate from when they were given, not from the old deadline', async () => {
    const given = new Date('2026-11-24T02:00:00Z');
    const handle = world.deps.database.acquire();
    const made = await inTenant(world.deps.database, handle.db, demoA, (tx) =>
      fanOut(tx, demoA, null, given, {
        campaignId: null,
        phaseId: null,
        title: '补生成的周汇总',
        description: '',
        dueAt: new Date('2026-11-15T15:59:59.999Z'), // nine days before it was given
        done: { checklist: [], target: null, evidence: [] },
        weight: 1,
        assignees: { kind: 'org_units', ids: [eastCommunity] },
      }),
    ).finally(() => handle.release());
    const id = made!.tasks[0]!.id;
    now = new Date('2026-11-24T03:00:00Z'); // an hour after it was given
    await refresh();
    expect((await get(s.community_staff!, id)).body).toMatchObject({ overdue: true });
    await runTaskEscalationSweep(world.deps.database, now);
    expect((await get(s.community_staff!, id)).body.escalationLevel).toBe(1); // not straight to the top
    now = new Date('2026-11-24T02:00:00Z');
    await refresh();
  });
});

describe('task tables', () => {
  it('keep what an assigner wrote insert-only for the app', async () => {
    await expect(world.asAppRole(demoA, "update task_assignments set title = 'x'")).rejects.toThrow(/permission denied/);
    await expect(world.asAppRole(demoA, 'delete from task_assignments')).rejects.toThrow(/permission denied/);
  });
});

describe('my work', () => {
  it('lists the tasks a unit owes and the submissions its reviewer waits for, next to the hazards', async () => {
    const res = await assign(s.committee_admin!, {
      title: '我的待办测试',
      dueOn: '2026-12-20',
      assignees: { kind: 'org_units', ids: [eastCommunity] },
      done: { checklist: [], target: null, evidence: [] },
    });
    const id = res.body.tasks[0].id;
    const community = await call(world, s.community_staff!, 'GET', '/api/v1/my/work');
    expect(community.status).toBe(200);
    expect(community.body.tasksToDo.items.map((t: { id: string }) => t.id)).toContain(id);
    expect(community.body.tasksToReview).toEqual({ total: 0, items: [] });
    expect(community.body.hazardsToRoute).toEqual({ total: 0, items: [] }); // communities do not route
    const v = (await get(s.community_staff!, id)).body.version;
    await act(s.community_staff!, id, { action: 'submit', version: v });
    const committee = await call(world, s.committee_admin!, 'GET', '/api/v1/my/work');
    expect(committee.body.tasksToReview.items.map((t: { id: string }) => t.id)).toContain(id);
    expect(committee.body.tasksToDo.total).toBe(0); // the committee assigns; it owes no task work
    const grid = await call(world, s.grid_member!, 'GET', '/api/v1/my/work');
    expect(grid.status).toBe(200);
    expect(grid.body.tasksToDo).toEqual({ total: 0, items: [] });
  });
});

describe('GET /tasks: 共 N 条', () => {
  it('counts every match on the first page, null on pages asked for by cursor, 0 when nothing matches', async () => {
    const mark = '共N条任务标记';
    const streets = await assign(s.committee_admin!, { title: `${mark}：街道`, dueOn: '2026-12-20' });
    const communities = await assign(s.station_staff!, {
      title: `${mark}：社区`,
      dueOn: '2026-12-20',
      assignees: { kind: 'communities', streetId: eastStreet },
    });
    expect([streets.status, communities.status]).toEqual([201, 201]);
    const made = [...streets.body.tasks, ...communities.body.tasks].map((t: { id: string }) => t.id);
    expect(made).toHaveLength(5);
    const q = `q=${encodeURIComponent(mark)}`;

    const all = await pageThrough(world, s.committee_admin!, `/api/v1/tasks?${q}&limit=2`);
    expect(all).toMatchObject({ total: 5, firstPage: 2, laterTotals: [null, null] });
    expect(all.ids.sort()).toEqual([...made].sort());

    const oneAssignment = await pageThrough(
      world,
      s.committee_admin!,
      `/api/v1/tasks?${q}&assignmentId=${communities.body.assignmentId}&limit=1`,
    );
    expect(oneAssignment).toMatchObject({ total: 2, firstPage: 1, laterTotals: [null] });
    expect(oneAssignment.ids.sort()).toEqual(communities.body.tasks.map((t: { id: string }) => t.id).sort());

    // The caller's scope is part of the count: the station sees its street's task and its communities' two.
    const scoped = await pageThrough(world, s.station_staff!, `/api/v1/tasks?${q}&limit=2`);
    expect(scoped.total).toBe(3);
    expect(scoped.ids).toHaveLength(3);

    expect((await call(world, s.committee_admin!, 'GET', `/api/v1/tasks?${q}&state=done`)).body).toEqual({
      items: [],
      nextCursor: null,
      total: 0,
    });
    expect((await call(world, s.other!, 'GET', `/api/v1/tasks?${q}`)).body).toEqual({ items: [], nextCursor: null, total: 0 });

    const every = await call(world, s.committee_admin!, 'GET', '/api/v1/tasks?limit=1');
    const [count] = await world.admin('select count(*)::int as n from tasks where tenant_id = $1', [demoA]);
    expect(every.body.items).toHaveLength(1);
    expect(every.body.total).toBe(count!.n);
  });
});

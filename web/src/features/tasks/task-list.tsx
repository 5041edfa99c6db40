/**
 * Tasks as a list: a table on a desktop, cards on a phone (the shared .table styles), overdue rows
 * marked, soonest deadline first. `TaskTable` draws given tasks (e.g. from /my/work); `TaskList`
 * pages through GET /tasks with a query (the board, a duty's period).
 */
import type { QueryOf } from '../../api.ts';
import type { Me, Task } from '../../api-types.ts';
import type { AddressCursor } from '../../components/filter-bar.tsx';
import { ListCount, PagedStatus, usePagedList } from '../../components/paged-list.tsx';
import { label, t } from '../../i18n.ts';
import { linkClick, navigate, rowClick } from '../../router.ts';
import { taskUi } from '../../store.ts';
import { dateOnly, daysBetween, localDate, localDateOf } from '../../time.ts';
import { type DoneDefinition, OPEN_TASK_STATES, type TaskState } from '../../vocabulary.ts';

/**
 * A definition of done with every part present. The document declares the parts optional (they
 * have defaults when a task is created, and the generator describes the request's shape); the
 * server always sends them, but the SPA reads the contract, not the server.
 */
export function doneOf(done: Task['done']): DoneDefinition {
  return { checklist: done.checklist ?? [], target: done.target ?? null, evidence: done.evidence ?? [] };
}

export const isOpenTask = (state: TaskState) => (OPEN_TASK_STATES as readonly TaskState[]).includes(state);

export function TaskStateBadge(props: { task: Pick<Task, 'state' | 'onTime'> }) {
  const { state, onTime } = props.task;
  const text = state === 'done' && onTime === false ? `${label('taskState', state)} · ${t('task.late')}` : label('taskState', state);
  return <span class={`badge task-state-${state}`}>{text}</span>;
}

/** The flags beside the state: overdue, escalated, returned before. */
export function TaskFlags(props: { task: Task }) {
  const task = props.task;
  return (
    <>
      {task.overdue ? <span class="badge overdue-badge">{t('hazard.overdueBadge')}</span> : null}
      {task.escalationLevel > 0 ? <span class="badge escalated">{t('hazard.escalatedBadge', { n: task.escalationLevel })}</span> : null}
      {task.returnCount > 0 && isOpenTask(task.state) ? (
        <span class="badge returned-badge">{t('task.returnedTimes', { n: task.returnCount })}</span>
      ) : null}
    </>
  );
}

/** "检查项 2/4 · 6/10 个楼院 · 照片" — how far the assignee is against the definition of done. */
export function progressText(task: Pick<Task, 'done' | 'progress'>): string {
  const parts: string[] = [];
  const { progress } = task;
  const done = doneOf(task.done);
  if (done.checklist.length) {
    parts.push(t('task.checkedOf', { n: progress.checked.filter(Boolean).length, of: done.checklist.length }));
  }
  if (done.target) parts.push(`${progress.count}/${done.target.count} ${done.target.unit}`);
  if (done.evidence.length) parts.push(done.evidence.map((k) => label('evidenceKind', k)).join('、'));
  return parts.join(' · ') || t('task.noCriteria');
}

/** "4 项检查 · 10 个楼院 · 照片" — what a definition of done asks for. */
export function criteriaText(definition: Task['done']): string {
  const done = doneOf(definition);
  const parts: string[] = [];
  if (done.checklist.length) parts.push(t('task.checkItems', { n: done.checklist.length }));
  if (done.target) parts.push(`${done.target.count} ${done.target.unit}`);
  if (done.evidence.length) parts.push(done.evidence.map((k) => label('evidenceKind', k)).join('、'));
  return parts.join(' · ') || t('task.noCriteria');
}

/** The deadline as people think of it: the day, and how many days are left (or late) while open. */
export function dueText(task: Pick<Task, 'dueAt' | 'state'>, tz: string): { day: string; left: string | null; late: boolean } {
  const day = dateOnly(task.dueAt, tz);
  if (!isOpenTask(task.state)) return { day, left: null, late: false };
  const days = daysBetween(localDate(tz), localDateOf(task.dueAt, tz));
  if (days < 0) return { day, left: t('task.daysLate', { n: -days }), late: true };
  if (days === 0) return { day, left: t('task.dueToday'), late: false };
  return { day, left: t('task.daysLeft', { n: days }), late: false };
}

export function TaskTable(props: { me: Me; items: Task[]; label?: string; hideAssignee?: boolean }) {
  const tz = props.me.tenant.timeZone;
  const open = (id: string) => {
    taskUi.back = location.pathname + location.search;
    navigate(`/tasks/${id}`);
  };
  return (
    <table class="table compact tasks-table" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">{t('task.title')}</th>
          <th scope="col">{t('hazard.state')}</th>
          {props.hideAssignee ? null : <th scope="col">{t('task.assignee')}</th>}
          <th scope="col">{t('task.dueOn')}</th>
          <th scope="col">{t('task.progress')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((task) => {
          const due = dueText(task, tz);
          const context = [task.campaignName, task.phaseName, task.periodKey].filter(Boolean).join(' · ');
          return (
            <tr
              key={task.id}
              class={task.overdue ? 'task-row overdue' : 'task-row'}
              data-testid="task-row"
              data-state={task.state}
              onClick={rowClick(() => open(task.id))}
            >
              <td class="primary" data-label={t('task.title')}>
                <a
                  href={`/tasks/${task.id}`}
                  onClick={(e) => {
                    taskUi.back = location.pathname + location.search;
                    linkClick(e);
                  }}
                >
                  {task.title}
                </a>
                {context ? <span class="desc">{context}</span> : null}
              </td>
              <td data-label={t('hazard.state')}>
                <span class="chips">
                  <TaskStateBadge task={task} />
                  <TaskFlags task={task} />
                </span>
              </td>
              {props.hideAssignee ? null : (
                <td class="keep-label" data-label={t('task.assignee')}>
                  {task.assignee.name}
                </td>
              )}
              <td data-label={t('task.dueOn')}>
                {due.day}
                {due.left ? <span class={due.late ? 'due-left late' : 'due-left'}> {due.left}</span> : null}
              </td>
              <td class="keep-label" data-label={t('task.progress')}>
                {progressText(task)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Pages through GET /tasks with `query` (its sort defaults to the soonest deadline first). */
export function TaskList(props: {
  me: Me;
  query: QueryOf<'/tasks'>;
  emptyText?: string;
  label?: string;
  hideAssignee?: boolean;
  /** The board's cursor in the address; a list inside another page has none. */
  cursor?: AddressCursor;
}) {
  const paged = usePagedList('/tasks', { sort: 'dueAt', order: 'asc', ...props.query, limit: 30 }, { cursor: props.cursor });

  return (
    <div class="task-list">
      <ListCount paged={paged} />
      {paged.items.length > 0 ? (
        <TaskTable me={props.me} items={paged.items} label={props.label} hideAssignee={props.hideAssignee} />
      ) : null}
      <PagedStatus paged={paged} empty={props.emptyText ?? t('common.empty')} />
    </div>
  );
}

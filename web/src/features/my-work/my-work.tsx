/**
 * 我的待办: what waits for the caller, by what they do — routers see hazards to route and to
 * verify, responsible parties what is assigned to them, reporters what they reported; units that
 * work on tasks see their open tasks (任务待办), assigners the submitted ones to accept (待验收任务).
 * The counts come from GET /my/work, soonest deadline first. /tasks/{id} is one task.
 */
import { useState } from 'preact/hooks';
import { client, ok, type QueryOf } from '../../api.ts';
import type { Me, MyWork } from '../../api-types.ts';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { useData } from '../../data.ts';
import { type MessageKey, t } from '../../i18n.ts';
import { ROLE_INFO } from '../../vocabulary.ts';
import { HazardList, ReportLink } from '../hazards/hazard-list.tsx';
import { TaskList, TaskTable } from '../tasks/task-list.tsx';

interface TabBase {
  id: string;
  label: MessageKey;
  empty: MessageKey;
  /** The /my/work count shown on the tab. */
  count?: keyof MyWork;
}

/** A hazard tab: the hazards of its query. */
interface HazardTab extends TabBase {
  query: QueryOf<'/hazards'>;
  section?: undefined;
}

/** A task tab: its section of /my/work, and the query of the whole list. */
interface TaskTab extends TabBase {
  query: QueryOf<'/tasks'>;
  section: 'tasksToDo' | 'tasksToReview';
}

type Tab = HazardTab | TaskTab;

let lastTab = '';

export function tasksFor(me: Me): Tab[] {
  const tabs: Tab[] = [];
  if (me.permissions.includes('hazards.route')) {
    tabs.push({
      id: 'route',
      label: 'tasks.toRoute',
      empty: 'tasks.toRouteEmpty',
      query: { state: 'reported', sort: 'reportedAt', order: 'asc' },
      count: 'hazardsToRoute',
    });
    tabs.push({
      id: 'verify',
      label: 'tasks.toVerify',
      empty: 'tasks.toVerifyEmpty',
      query: { state: 'submitted', sort: 'reportedAt', order: 'asc' },
      count: 'hazardsToVerify',
    });
  }
  // Only scoped fixers can be a party (a committee supervises every hazard and belongs to none).
  const scoped = (permission: 'hazards.rectify' | 'tasks.work') =>
    me.roles.some((r) => ROLE_INFO[r.role].scope !== 'tenant' && ROLE_INFO[r.role].permissions.includes(permission));
  if (scoped('hazards.rectify'))
    tabs.push({
      id: 'fix',
      label: 'tasks.assigned',
      empty: 'tasks.assignedEmpty',
      query: { assignedToMe: 'true', open: 'true' },
      count: 'hazardsToFix',
    });
  if (me.permissions.includes('hazards.report')) {
    tabs.push({ id: 'mine', label: 'tasks.reported', empty: 'tasks.reportedEmpty', query: { reportedByMe: 'true' } });
  }
  // Tasks (任务督办): the units' own work, then what the caller gave out and must accept.
  if (me.permissions.includes('tasks.read')) {
    if (scoped('tasks.work')) {
      tabs.push({
        id: 'task-todo',
        label: 'work.tasksToDo',
        empty: 'work.tasksToDoEmpty',
        query: { assignedToMe: 'true', open: 'true' },
        section: 'tasksToDo',
        count: 'tasksToDo',
      });
    }
    if (me.permissions.includes('tasks.assign')) {
      tabs.push({
        id: 'task-review',
        label: 'work.tasksToReview',
        empty: 'work.tasksToReviewEmpty',
        query: { toReview: 'true' },
        section: 'tasksToReview',
        count: 'tasksToReview',
      });
    }
  }
  return tabs;
}

export function MyWorkPage(props: { me: Me }) {
  const tabs = tasksFor(props.me);
  const [tab, setTab] = useState(() => tabs.find((x) => x.id === lastTab)?.id ?? tabs[0]?.id ?? '');
  const loaded = useData(['/my/work'], (signal) => ok(client.GET('/my/work', { signal })));
  const work = loaded.data;
  const current = tabs.find((x) => x.id === tab);

  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.tasks')}</h1>
        <ReportLink me={props.me} />
      </div>
      {tabs.length > 1 ? (
        <div class="tabs" role="tablist" aria-label={t('nav.tasks')}>
          {tabs.map((x) => {
            const section = x.count && work ? work[x.count] : null;
            const overdue = section && x.section ? section.items.filter((i) => i.overdue).length : 0;
            return (
              <button
                key={x.id}
                type="button"
                role="tab"
                aria-selected={x.id === tab}
                class={x.id === tab ? 'tab active' : 'tab'}
                onClick={() => {
                  lastTab = x.id;
                  setTab(x.id);
                }}
              >
                {t(x.label)}
                {section ? <span class={overdue ? 'tab-count late' : 'tab-count'}>{section.total}</span> : null}
              </button>
            );
          })}
        </div>
      ) : null}
      {current ? (
        <div role="tabpanel">
          {current.section ? (
            <TaskSection
              me={props.me}
              tab={current}
              section={work?.[current.section] ?? null}
              error={loaded.error}
              onRetry={loaded.refresh}
              key={current.id}
            />
          ) : (
            <HazardList me={props.me} query={current.query} emptyText={t(current.empty)} label={t(current.label)} key={current.id} />
          )}
        </div>
      ) : (
        <p class="empty">{t('common.empty')}</p>
      )}
    </section>
  );
}

/** One task section of /my/work; past its first 50, the whole list pages through GET /tasks. */
function TaskSection(props: { me: Me; tab: TaskTab; section: MyWork['tasksToDo'] | null; error: unknown; onRetry: () => void }) {
  const [all, setAll] = useState(false);
  const { section, tab } = props;
  if (all)
    return (
      <TaskList me={props.me} query={tab.query} emptyText={t(tab.empty)} label={t(tab.label)} hideAssignee={tab.section === 'tasksToDo'} />
    );
  if (!section) return props.error ? <ErrorBox error={props.error} onRetry={props.onRetry} /> : <Spinner />;
  const overdue = section.items.filter((i) => i.overdue).length;
  return (
    <div class="task-list">
      {section.items.length ? (
        <>
          <p class="muted small section-note">
            {t('work.soonestFirst', { n: section.total })}
            {overdue ? <strong class="late"> · {t('work.overdueCount', { n: overdue })}</strong> : null}
          </p>
          <TaskTable me={props.me} items={section.items} label={t(tab.label)} hideAssignee={tab.section === 'tasksToDo'} />
        </>
      ) : (
        <p class="empty">{t(tab.empty)}</p>
      )}
      {section.total > section.items.length ? (
        <div class="list-foot">
          <span class="muted">{t('common.shown', { n: section.items.length })}</span>
          <button type="button" class="btn" onClick={() => setAll(true)}>
            {t('work.showAll', { n: section.total })}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/**
 * 我的待办: what waits for the caller, by what they do in the loop — routers see what to route
 * and what to verify, responsible parties what is assigned to them, reporters what they reported.
 */
import { useState } from 'preact/hooks';
import type { Query } from '../api.ts';
import { HazardList } from '../components/hazard-list.tsx';
import { type MessageKey, t } from '../i18n.ts';
import { linkClick } from '../router.ts';
import { type Me, ROLE_INFO } from '../types.ts';

interface Tab {
  id: string;
  label: MessageKey;
  empty: MessageKey;
  query: Query;
}

let lastTab = '';

export function tasksFor(me: Me): Tab[] {
  const tabs: Tab[] = [];
  if (me.permissions.includes('hazards.route')) {
    tabs.push({ id: 'route', label: 'tasks.toRoute', empty: 'tasks.toRouteEmpty', query: { state: 'reported', sort: 'reportedAt', order: 'asc' } });
    tabs.push({ id: 'verify', label: 'tasks.toVerify', empty: 'tasks.toVerifyEmpty', query: { state: 'submitted', sort: 'reportedAt', order: 'asc' } });
  }
  // Only scoped fixers can be a party (a committee supervises every hazard and belongs to none).
  const fixer = me.roles.some((r) => ROLE_INFO[r.role].scope !== 'tenant' && ROLE_INFO[r.role].permissions.includes('hazards.rectify'));
  if (fixer) tabs.push({ id: 'fix', label: 'tasks.assigned', empty: 'tasks.assignedEmpty', query: { assignedToMe: 'true', open: 'true' } });
  if (me.permissions.includes('hazards.report')) {
    tabs.push({ id: 'mine', label: 'tasks.reported', empty: 'tasks.reportedEmpty', query: { reportedByMe: 'true' } });
  }
  return tabs;
}

export function TasksPage(props: { me: Me }) {
  const tabs = tasksFor(props.me);
  const [tab, setTab] = useState(() => tabs.find((x) => x.id === lastTab)?.id ?? tabs[0]?.id ?? '');
  const current = tabs.find((x) => x.id === tab);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title">{t('nav.tasks')}</h1>
        {props.me.permissions.includes('hazards.report') ? (
          <a class="btn primary" href="/report" onClick={linkClick}>
            ＋ {t('nav.report')}
          </a>
        ) : null}
      </div>
      {tabs.length > 1 ? (
        <div class="tabs" role="tablist" aria-label={t('nav.tasks')}>
          {tabs.map((x) => (
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
            </button>
          ))}
        </div>
      ) : null}
      {current ? (
        <div role="tabpanel">
          <HazardList me={props.me} query={current.query} emptyText={t(current.empty)} label={t(current.label)} key={current.id} />
        </div>
      ) : (
        <p class="empty">{t('common.empty')}</p>
      )}
    </section>
  );
}

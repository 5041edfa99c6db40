import { useEffect, useState } from 'preact/hooks';
import { ApiError, getMe, hasStoredSession, logout, onAuthLost, refreshSession } from './api.ts';
import type { Me } from './api-types.ts';
import { LangSwitch } from './components/lang-switch.tsx';
import { ErrorBox, Spinner } from './components/ui.tsx';
import { startSession } from './data.ts';
import { LoginPage } from './features/auth/login.tsx';
import { label, type MessageKey, onLangChange, t } from './i18n.ts';
import { linkClick, navigate, usePath } from './router.ts';
import { MOVED, matchRoute } from './routes.tsx';
import { endSession } from './session.ts';
import { useNotice } from './store.ts';
import type { Permission } from './vocabulary.ts';

/** An entry of the navigation: a section of the app (routes.tsx names the section of each address). */
interface PageDef {
  path: string;
  key: MessageKey;
  /** Label in the phone's bottom bar. */
  short: MessageKey;
  icon: string;
  permission: Permission;
  /** Desk work (boards, campaigns): on a phone it waits under "more", leaving the bar to daily work. */
  desk?: boolean;
  /** A role's home (the property company's): where it lands, and always in the phone's bottom bar. */
  home?: boolean;
  /** Hidden from those who also hold this permission (the unit scorecard is not the committee's). */
  unless?: Permission;
}

const PAGES: PageDef[] = [
  // The hazard loop first: it is most people's daily work.
  { path: '/my-work', key: 'nav.tasks', short: 'nav.tasksShort', icon: '☑', permission: 'hazards.read' },
  { path: '/report', key: 'nav.report', short: 'nav.reportShort', icon: '＋', permission: 'hazards.report' },
  { path: '/hazards', key: 'nav.hazards', short: 'nav.hazardsShort', icon: '⚠', permission: 'hazards.read' },
  // The property company's home (only property managers upload maintenance records).
  {
    path: '/company',
    key: 'nav.company',
    short: 'nav.companyShort',
    icon: '▣',
    permission: 'maintenance.submit',
    home: true,
  },
  // Task tracking (任务督办): assigners' board, campaigns (everyone who works on tasks), duties.
  {
    path: '/task-board',
    key: 'nav.taskBoard',
    short: 'nav.taskBoardShort',
    icon: '▦',
    permission: 'tasks.assign',
    desk: true,
  },
  {
    path: '/campaigns',
    key: 'nav.campaigns',
    short: 'nav.campaignsShort',
    icon: '⚑',
    permission: 'tasks.read',
    desk: true,
  },
  {
    path: '/duties',
    key: 'nav.duties',
    short: 'nav.dutiesShort',
    icon: '↻',
    permission: 'tasks.assign',
    desk: true,
  },
  // Maintenance records (the stations' review queue) and patrol coverage are desk work.
  {
    path: '/maintenance',
    key: 'nav.maintenance',
    short: 'nav.maintenanceShort',
    icon: '⚙',
    permission: 'facilities.read',
    desk: true,
  },
  {
    path: '/coverage',
    key: 'nav.coverage',
    short: 'nav.coverageShort',
    icon: '◔',
    permission: 'patrols.read',
    desk: true,
  },
  // The monthly assessment (月度考核): the committee's review and everyone's rankings are desk work.
  {
    path: '/assessments',
    key: 'nav.assessments',
    short: 'nav.assessmentsShort',
    icon: '★',
    permission: 'assessments.manage',
    desk: true,
  },
  {
    path: '/rankings',
    key: 'nav.rankings',
    short: 'nav.rankingsShort',
    icon: '↗',
    permission: 'assessments.read',
    desk: true,
  },
  // The oversight office has this one page: its landing page.
  {
    path: '/oversight',
    key: 'nav.oversight',
    short: 'nav.oversightShort',
    icon: '⚖',
    permission: 'oversight.read',
  },
  { path: '/org', key: 'nav.org', short: 'nav.orgShort', icon: '⌂', permission: 'registry.read' },
  // Field work after the org tree, so the bottom bars above stay as they are: first under "more".
  { path: '/patrol', key: 'nav.patrol', short: 'nav.patrolShort', icon: '✓', permission: 'patrols.create' },
  {
    path: '/inspections',
    key: 'nav.inspections',
    short: 'nav.inspectionsShort',
    icon: '✎',
    permission: 'inspections.read',
  },
  {
    path: '/facilities',
    key: 'nav.facilities',
    short: 'nav.facilitiesShort',
    icon: '▥',
    permission: 'facilities.read',
  },
  { path: '/places', key: 'nav.places', short: 'nav.placesShort', icon: '◉', permission: 'registry.read' },
  {
    path: '/companies',
    key: 'nav.companies',
    short: 'nav.companiesShort',
    icon: '▣',
    permission: 'registry.read',
  },
  {
    path: '/departments',
    key: 'nav.departments',
    short: 'nav.departmentsShort',
    icon: '▤',
    permission: 'registry.read',
  },
  { path: '/users', key: 'nav.users', short: 'nav.usersShort', icon: '☺', permission: 'users.read' },
  // A station's, community's or company's own published scores: last, so the bottom bars stay as they are.
  {
    path: '/scorecard',
    key: 'nav.scorecard',
    short: 'nav.scorecardShort',
    icon: '★',
    permission: 'assessments.read',
    unless: 'assessments.manage',
  },
];

type Session = { state: 'boot' } | { state: 'login' } | { state: 'error'; error: unknown } | { state: 'ready'; me: Me };

export function App() {
  const [, setLangTick] = useState(0);
  const [session, setSession] = useState<Session>({ state: 'boot' });

  const loadMe = async () => {
    startSession();
    setSession({ state: 'boot' });
    try {
      setSession({ state: 'ready', me: await getMe() });
    } catch (error) {
      // a lost session already went to the login page through onAuthLost
      if (error instanceof ApiError && error.status === 401) setSession({ state: 'login' });
      else setSession({ state: 'error', error });
    }
  };

  const boot = async () => {
    if (!hasStoredSession()) {
      setSession({ state: 'login' });
      return;
    }
    setSession({ state: 'boot' });
    try {
      if (!(await refreshSession())) {
        setSession({ state: 'login' });
        return;
      }
    } catch (error) {
      setSession({ state: 'error', error });
      return;
    }
    await loadMe();
  };

  useEffect(() => {
    const off = onLangChange(() => setLangTick((n) => n + 1));
    onAuthLost(() => {
      endSession();
      setSession({ state: 'login' });
    });
    void boot();
    return off;
  }, []);

  if (session.state === 'boot') return <Spinner text={t('app.loading')} />;
  if (session.state === 'error') {
    return (
      <main class="login">
        <div class="login-card">
          <h1>{t('app.name')}</h1>
          <p>{t('app.bootError')}</p>
          <ErrorBox error={session.error} onRetry={boot} />
        </div>
      </main>
    );
  }
  if (session.state === 'login') return <LoginPage onLoggedIn={loadMe} />;
  return (
    <Shell
      me={session.me}
      onLogout={async () => {
        await logout();
        endSession();
        setSession({ state: 'login' });
      }}
    />
  );
}

function Shell(props: { me: Me; onLogout: () => Promise<void> }) {
  const { me } = props;
  const path = usePath();
  const notice = useNotice();
  const [busy, setBusy] = useState(false);
  const [moreOpen, setMoreOpen] = useState(false);
  const pages = PAGES.filter((p) => me.permissions.includes(p.permission) && !(p.unless && me.permissions.includes(p.unless)));
  // A phone's bottom bar holds five: four pages and "more" when there are more than five. Desk
  // pages give way to the others there; a desktop lists every page in PAGES order.
  const barCount = pages.length > 5 ? 4 : pages.length;
  const phoneOrder = [...pages.filter((p) => p.home), ...pages.filter((p) => !p.desk && !p.home), ...pages.filter((p) => p.desk)];
  const inBar = new Set(phoneOrder.slice(0, barCount));
  const target = matchRoute(path);
  const page = target ? PAGES.find((p) => p.path === target.route.section) : undefined;
  const allowed = page && pages.includes(page);

  // "/", "/login", unknown paths and pages this user may not see go to the user's home: the
  // company's for a property manager, else the first page they may see (my work for most).
  const landing = pages.find((p) => p.home) ?? pages[0];
  useEffect(() => {
    const moved = MOVED[path.replace(/\/+$/, '')];
    if (moved) navigate(moved + location.search, true);
    else if (!allowed && landing) navigate(landing.path, true);
    setMoreOpen(false);
  }, [path, pages.length]);

  useEffect(() => {
    document.title = `${page ? `${t(page.key)} · ` : ''}${t('app.name')} · ${me.tenant.name}`;
  });

  const roleLabels = [...new Set(me.roles.map((r) => label('role', r.role)))];
  const Page = allowed && target ? target.route.page : null;

  return (
    <div class={pages.length ? 'shell' : 'shell no-nav'}>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            火
          </span>
          <span class="tenant" title={me.tenant.slug}>
            {me.tenant.name}
          </span>
        </div>
        <div class="who">
          <span class="user-name">{me.user.displayName}</span>
          <ul class="chips" aria-label={t('header.roles')}>
            {roleLabels.map((r) => (
              <li key={r} class="chip">
                {r}
              </li>
            ))}
          </ul>
        </div>
        <div class="top-actions">
          <LangSwitch />
          <button
            type="button"
            class="btn ghost"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await props.onLogout();
            }}
          >
            {t('header.logout')}
          </button>
        </div>
      </header>
      {pages.length ? (
        <nav class="nav" aria-label={t('nav.main')}>
          {pages.map((p) => (
            <a
              key={p.path}
              href={p.path}
              onClick={linkClick}
              class={inBar.has(p) ? undefined : 'nav-overflow'}
              aria-current={p === page ? 'page' : undefined}
            >
              <span class="nav-icon" aria-hidden="true">
                {p.icon}
              </span>
              <span class="nav-long">{t(p.key)}</span>
              <span class="nav-short">{t(p.short)}</span>
            </a>
          ))}
          {barCount < pages.length ? (
            <button
              type="button"
              class={page && pages.includes(page) && !inBar.has(page) ? 'nav-more current' : 'nav-more'}
              aria-expanded={moreOpen}
              aria-controls="nav-sheet"
              onClick={() => setMoreOpen((o) => !o)}
            >
              <span class="nav-icon" aria-hidden="true">
                ⋯
              </span>
              <span class="nav-short">{t('nav.more')}</span>
            </button>
          ) : null}
          {moreOpen ? (
            <div id="nav-sheet" class="nav-sheet">
              {phoneOrder.slice(barCount).map((p) => (
                <a key={p.path} href={p.path} onClick={linkClick} aria-current={p === page ? 'page' : undefined}>
                  <span class="nav-icon" aria-hidden="true">
                    {p.icon}
                  </span>
                  {t(p.key)}
                </a>
              ))}
            </div>
          ) : null}
        </nav>
      ) : null}
      <main id="main" class="content" tabIndex={-1}>
        {Page ? <Page me={me} params={target!.params} key={path} /> : pages.length === 0 ? <p class="empty">{t('nav.none')}</p> : null}
      </main>
      <div class={notice ? 'toast show' : 'toast'} role="status" aria-live="polite">
        {notice}
      </div>
    </div>
  );
}

/**
 * Every address of the app in one table: its pattern, the page that draws it (each loaded when
 * first shown: its own chunk) and the section of the navigation it belongs to, which decides who
 * may open it and which entry of the menu is current. Pages receive the pattern's parameters,
 * already decoded; none of them reads the address to find out what to show.
 */
import type { FunctionComponent } from 'preact';
import type { Me } from './api-types.ts';
import { lazyPage } from './lazy-page.tsx';

export type Params = Record<string, string>;
export interface PageProps {
  me: Me;
  params: Params;
}

interface Route {
  /** `/hazards/:id`: a `:name` segment matches one segment of the path. */
  pattern: string;
  /** The navigation entry (app.tsx) the page belongs to: its permission guards the page. */
  section: string;
  page: FunctionComponent<PageProps>;
}

/** A page from the module `load` imports (its own chunk, loaded when first shown), drawn by `draw`. */
function lazy<M>(load: () => Promise<M>, draw: (module: M, props: PageProps) => preact.JSX.Element): FunctionComponent<PageProps> {
  return lazyPage(() => load().then((m) => (props: PageProps) => draw(m, props)));
}

const hazards = () => import('./features/hazards/hazards.tsx');
const hazardDetail = () => import('./features/hazards/hazard-detail.tsx');
const myWork = () => import('./features/my-work/my-work.tsx');
const taskDetail = () => import('./features/tasks/task-detail.tsx');
const campaigns = () => import('./features/campaigns/campaigns.tsx');
const campaignDetail = () => import('./features/campaigns/campaign-detail.tsx');
const campaignBulletin = () => import('./features/campaigns/campaign-bulletin.tsx');
const duties = () => import('./features/duties/duties.tsx');
const maintenance = () => import('./features/maintenance/maintenance.tsx');
const maintenanceDetail = () => import('./features/maintenance/maintenance-detail.tsx');
const maintenanceForm = () => import('./features/maintenance/maintenance-form.tsx');
const assessments = () => import('./features/assessments/assessments.tsx');
const assessmentBulletin = () => import('./features/assessments/assessment-bulletin.tsx');
const assessmentUnit = () => import('./features/assessments/assessment-unit.tsx');
const rubrics = () => import('./features/assessments/assessment-rubrics.tsx');
const inspections = () => import('./features/inspections/inspections.tsx');
const inspectionRun = () => import('./features/inspections/inspection-run.tsx');
const scorecard = () => import('./features/assessments/scorecard.tsx');

export const ROUTES: Route[] = [
  { pattern: '/my-work', section: '/my-work', page: lazy(myWork, (m, p) => <m.MyWorkPage me={p.me} />) },
  { pattern: '/tasks/:id', section: '/my-work', page: lazy(taskDetail, (m, p) => <m.TaskDetailPage me={p.me} id={p.params.id!} />) },
  {
    pattern: '/report',
    section: '/report',
    page: lazy(
      () => import('./features/hazards/hazard-report.tsx'),
      (m, p) => <m.ReportPage me={p.me} />,
    ),
  },
  { pattern: '/hazards', section: '/hazards', page: lazy(hazards, (m, p) => <m.HazardBoard me={p.me} />) },
  { pattern: '/hazards/:id', section: '/hazards', page: lazy(hazardDetail, (m, p) => <m.HazardDetailPage me={p.me} id={p.params.id!} />) },
  {
    pattern: '/company',
    section: '/company',
    page: lazy(
      () => import('./features/companies-overview/company.tsx'),
      (m, p) => <m.CompanyHomePage me={p.me} />,
    ),
  },
  {
    pattern: '/task-board',
    section: '/task-board',
    page: lazy(
      () => import('./features/tasks/task-board.tsx'),
      (m, p) => <m.TaskBoardPage me={p.me} />,
    ),
  },
  { pattern: '/campaigns', section: '/campaigns', page: lazy(campaigns, (m, p) => <m.CampaignList me={p.me} />) },
  {
    pattern: '/campaigns/:id',
    section: '/campaigns',
    page: lazy(campaignDetail, (m, p) => <m.CampaignDetailPage me={p.me} id={p.params.id!} />),
  },
  {
    pattern: '/campaigns/:id/bulletin',
    section: '/campaigns',
    page: lazy(campaignBulletin, (m, p) => <m.BulletinPage me={p.me} id={p.params.id!} />),
  },
  { pattern: '/duties', section: '/duties', page: lazy(duties, (m, p) => <m.DutyList me={p.me} />) },
  { pattern: '/duties/:id', section: '/duties', page: lazy(duties, (m, p) => <m.DutyPage me={p.me} id={p.params.id!} />) },
  { pattern: '/maintenance', section: '/maintenance', page: lazy(maintenance, (m, p) => <m.RecordList me={p.me} />) },
  { pattern: '/maintenance/new', section: '/maintenance', page: lazy(maintenanceForm, (m, p) => <m.MaintenanceForm me={p.me} />) },
  {
    pattern: '/maintenance/:id',
    section: '/maintenance',
    page: lazy(maintenanceDetail, (m, p) => <m.MaintenanceDetailPage me={p.me} id={p.params.id!} />),
  },
  {
    pattern: '/coverage',
    section: '/coverage',
    page: lazy(
      () => import('./features/patrols/coverage.tsx'),
      (m, p) => <m.CoveragePage me={p.me} />,
    ),
  },
  { pattern: '/assessments', section: '/assessments', page: lazy(assessments, (m, p) => <m.AssessmentReview me={p.me} />) },
  { pattern: '/assessments/rubrics', section: '/assessments', page: lazy(rubrics, (m, p) => <m.RubricsPage me={p.me} />) },
  {
    pattern: '/assessments/:month/bulletin',
    section: '/assessments',
    page: lazy(assessmentBulletin, (m, p) => <m.BulletinRoute me={p.me} month={p.params.month!} />),
  },
  {
    pattern: '/assessments/:month/units/:unitId',
    section: '/assessments',
    page: lazy(assessmentUnit, (m, p) => <m.UnitRoute me={p.me} month={p.params.month!} unitId={p.params.unitId!} base="assessments" />),
  },
  {
    pattern: '/rankings',
    section: '/rankings',
    page: lazy(
      () => import('./features/assessments/rankings.tsx'),
      (m, p) => <m.RankingsPage me={p.me} />,
    ),
  },
  {
    pattern: '/oversight',
    section: '/oversight',
    page: lazy(
      () => import('./features/oversight/oversight.tsx'),
      (m, p) => <m.OversightPage me={p.me} />,
    ),
  },
  {
    pattern: '/org',
    section: '/org',
    page: lazy(
      () => import('./features/registry/org.tsx'),
      (m, p) => <m.OrgPage me={p.me} />,
    ),
  },
  {
    pattern: '/patrol',
    section: '/patrol',
    page: lazy(
      () => import('./features/patrols/patrol.tsx'),
      (m, p) => <m.PatrolPage me={p.me} />,
    ),
  },
  { pattern: '/inspections', section: '/inspections', page: lazy(inspections, (m, p) => <m.InspectionList me={p.me} />) },
  { pattern: '/inspections/new', section: '/inspections', page: lazy(inspections, (m, p) => <m.NewInspection me={p.me} />) },
  {
    pattern: '/inspections/:id',
    section: '/inspections',
    page: lazy(inspectionRun, (m, p) => <m.InspectionRunPage me={p.me} id={p.params.id!} />),
  },
  {
    pattern: '/facilities',
    section: '/facilities',
    page: lazy(
      () => import('./features/facilities/facilities.tsx'),
      (m, p) => <m.FacilitiesPage me={p.me} />,
    ),
  },
  {
    pattern: '/places',
    section: '/places',
    page: lazy(
      () => import('./features/registry/places.tsx'),
      (m, p) => <m.PlacesPage me={p.me} />,
    ),
  },
  {
    pattern: '/companies',
    section: '/companies',
    page: lazy(
      () => import('./features/registry/companies.tsx'),
      (m, p) => <m.CompaniesPage me={p.me} />,
    ),
  },
  {
    pattern: '/departments',
    section: '/departments',
    page: lazy(
      () => import('./features/registry/departments.tsx'),
      (m, p) => <m.DepartmentsPage me={p.me} />,
    ),
  },
  {
    pattern: '/users',
    section: '/users',
    page: lazy(
      () => import('./features/users/users.tsx'),
      (m, p) => <m.UsersPage me={p.me} />,
    ),
  },
  { pattern: '/scorecard', section: '/scorecard', page: lazy(scorecard, (m, p) => <m.Scorecard me={p.me} />) },
  {
    pattern: '/scorecard/:month/units/:unitId',
    section: '/scorecard',
    page: lazy(assessmentUnit, (m, p) => <m.UnitRoute me={p.me} month={p.params.month!} unitId={p.params.unitId!} base="scorecard" />),
  },
];

/** Addresses that moved: an old bookmark still arrives ("my work" was /tasks, a name 任务督办 needs). */
export const MOVED: Record<string, string> = { '/tasks': '/my-work' };

/** The route of a path and its parameters (decoded), or null for an address the app does not have. */
export function matchRoute(path: string): { route: Route; params: Params } | null {
  const segments = path.split('/').filter(Boolean);
  for (const route of ROUTES) {
    const parts = route.pattern.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    const params: Params = {};
    const matches = parts.every((part, i) => {
      const segment = segments[i]!;
      if (!part.startsWith(':')) return part === segment;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      } catch {
        return false; // a malformed escape: not an address of the app
      }
    });
    if (matches) return { route, params };
  }
  return null;
}

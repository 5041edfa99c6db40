/**
 * Names for the shapes of the API as the SPA uses them. Every one is taken from the OpenAPI
 * document (api.generated.ts, written by `npm run generate:api-types`), never typed out by hand, so
 * a renamed or retyped field fails the SPA's typecheck instead of breaking at run time. A unit test
 * (test/unit/spa-api-types.test.ts) fails when a file in web/src declares an API shape itself.
 */
import type { components, operations } from './api.generated.ts';
import type { HazardState } from './vocabulary.ts';

type Schemas = components['schemas'];

/** The JSON body of an operation's 200 answer, for answers without a schema of their own. */
type ResponseOf<Op extends keyof operations> = operations[Op]['responses'] extends {
  200: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

// ---- sessions and the registry (基础信息) -----------------------------------------------------

export type Tokens = Schemas['TokenResponse'];
export type Me = Schemas['Me'];
export type RoleAssignment = Me['roles'][number];
export type TenantKind = Me['tenant']['kind'];
/** One page of any list: its items and the cursor of the next page (null on the last). */
export type Page<T> = Omit<Schemas['HazardPage'], 'items'> & { items: T[] };
/** What every editable record carries: its id and the version a change must name. */
export type Versioned = Pick<Schemas['OrgUnit'], 'id' | 'version'>;
export type OrgNode = Schemas['OrgTreeNode'];
export type OrgUnit = Schemas['OrgUnit'];
export type Place = Schemas['Place'];
export type Company = Schemas['Company'];
export type Department = Schemas['Department'];
export type User = Schemas['User'];

// ---- errors: RFC 9457 problem+json with a code of the API's catalog ----------------------------

/** Every problem the OpenAPI document declares (one schema per code), each with its typed `params`. */
export type ApiProblem = Schemas[Extract<keyof Schemas, `Problem${string}`>];
/** The error codes the API answers with (`problem.code`). */
export type ProblemCode = ApiProblem['code'];
/** The `params` of one code, e.g. `ProblemParams<'rate_limited'>` = `{ retryAfter: number }`. */
export type ProblemParams<C extends ProblemCode> = Extract<ApiProblem, { code: C }>['params'];

/**
 * A bad field: the server's `errors[]` entry (`code` a zod issue code or a field-level code of
 * the catalog, `message` already in the language asked for), or one a form found before sending
 * (no code).
 */
export type FieldError = Omit<Schemas['FieldError'], 'code'> & { code?: string };

/**
 * A failed call as the SPA holds it: the server's problem, or one the SPA made up (`code`
 * 'network', 'bad_response', 'form_check' for a form's own checks, or the HTTP status when the
 * body was not a problem). `title`, `detail` and field messages are in the UI's language (the SPA
 * sends Accept-Language).
 */
export type Problem = Pick<ApiProblem, 'title' | 'detail' | 'requestId'> & {
  type: string;
  status: number;
  code: ProblemCode | (string & {});
  params: Record<string, unknown>;
  errors?: FieldError[];
};

// ---- the hazard loop (隐患闭环) -----------------------------------------------------------------

export type HazardCategory = Schemas['HazardCategory'];
export type Hazard = Schemas['Hazard'];
export type HazardParty = Hazard['parties'][number];
export type HazardTransition = Schemas['HazardTransition'];
/** A party a hazard is routed to, as routing names it: its kind and the id that kind needs. */
export type PartyRef = Extract<HazardTransition, { action: 'route' }>['lead'];
export type HazardDetail = Schemas['HazardDetail'];
export type EvidenceRef = HazardDetail['evidence'][number];
/**
 * One event of a hash-chained timeline (a hazard's, a task's, a maintenance record's): one schema
 * for all three, with `S` naming the states of the one at hand.
 */
export type TimelineEvent<S extends string = HazardState> = Omit<Schemas['TimelineEvent'], 'fromState' | 'toState'> & {
  fromState: S | null;
  toState: S;
};
export type ChainVerdict = Schemas['ChainVerdict'];
export type HazardPolicy = Schemas['HazardPolicy'];
export type RoutingProposal = Schemas['RoutingProposal'];
export type UploadTicket = Schemas['EvidenceUploadTicket'];
export type EvidenceDownload = Schemas['EvidenceDownload'];
export type LookbackSummary = Schemas['LookbackSummary'];

// ---- task tracking (任务督办), campaigns (专项行动), recurring duties (常态化工作) -------------------

export type Task = Schemas['Task'];
export type TaskAssignee = Task['assignee'];
export type TaskDetail = Schemas['TaskDetail'];
export type CreateTaskBody = Schemas['CreateTask'];
export type CreatedTasks = Schemas['CreatedTasks'];
export type TaskTransition = Schemas['TaskTransition'];
export type MyWork = Schemas['MyWork'];
export type Campaign = Schemas['Campaign'];
export type CreateCampaignBody = Schemas['CreateCampaign'];
export type CampaignPhase = Schemas['CampaignPhase'];
export type CampaignUnit = Schemas['CampaignUnit'];
export type CampaignTemplate = Schemas['CampaignTemplate'];
export type SuggestedAssignees = CampaignTemplate['tasks'][number]['assignees'];
/** Task counts of a campaign, a phase or a unit. */
export type TaskCounts = Schemas['TaskCounts'];
export type CampaignDashboard = Schemas['CampaignDashboard'];
/** A unit (street, community, department, company) as the dashboard and the bulletin name it. */
export type UnitKey = Pick<CampaignDashboard['units'][number], 'kind' | 'id' | 'name'>;
export type CampaignBulletin = Schemas['CampaignBulletin'];
export type Duty = Schemas['Duty'];
export type DutyDetail = Schemas['DutyDetail'];
export type DutyInstanceSummary = Schemas['DutyInstanceSummary'];
export type CreateDutyBody = Schemas['CreateDuty'];

// ---- inspections (检查), patrols (巡查), the facility register (消防设施) and maintenance (维保) ----

export type InspectionTemplate = Schemas['InspectionTemplate'];
export type Inspection = Schemas['Inspection'];
export type InspectionDetail = Schemas['InspectionDetail'];
export type InspectionItemResult = Schemas['InspectionItemResult'];
export type NamedRef = NonNullable<Inspection['inspector']>;
export type Patrol = Schemas['Patrol'];
export type CoverageReport = Schemas['CoverageReport'];
export type CoverageCounts = CoverageReport['totals'];
export type Facility = Schemas['Facility'];
export type MaintenanceDue = Schemas['MaintenanceDue'];
export type MaintenanceRecord = Schemas['MaintenanceRecord'];
export type MaintenanceRecordDetail = Schemas['MaintenanceRecordDetail'];
export type MaintenanceTransition = Schemas['MaintenanceTransition'];
export type CreateMaintenanceBody = Schemas['CreateMaintenanceRecord'];
export type CompanyOverview = Schemas['CompanyOverview'];
export type FacilityCounts = CompanyOverview['totals'];

// ---- the monthly assessment (月度考核), rankings and the oversight comparison --------------------

export type Assessment = Schemas['Assessment'];
export type UnitScore = Schemas['UnitScore'];
export type IndicatorScore = UnitScore['indicators'][number];
export type ScoreFlag = UnitScore['flags'][number];
export type RevisionSummary = Assessment['revisions'][number];
export type UnitDetail = Schemas['UnitDetail'];
export type DetailIndicator = UnitDetail['indicators'][number];
export type CountedItem = DetailIndicator['items'][number];
export type Adjustment = Schemas['Adjustment'];
export type AdjustmentList = ResponseOf<'listAssessmentAdjustments'>;
export type NewAdjustmentBody = Schemas['NewAdjustment'];
export type ComputeBody = Schemas['ComputeAssessment'];
export type PublishBody = Schemas['PublishAssessment'];
export type WithdrawBody = Schemas['WithdrawAdjustment'];
export type NewRubricVersionBody = Schemas['NewRubricVersion'];
export type Rubric = Schemas['Rubric'];
export type RubricList = ResponseOf<'listRubrics'>;
export type Ranking = Schemas['Ranking'];
export type RankingItem = Ranking['items'][number];
export type OversightRanking = Schemas['OversightRanking'];
export type DistrictRow = OversightRanking['districts'][number];
export type DistrictTrend = Schemas['DistrictTrend'];

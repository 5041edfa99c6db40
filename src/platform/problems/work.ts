import * as z from 'zod';
import { FACILITY_KIND_LABELS, FACILITY_KINDS } from '../../features/facilities/vocabulary.ts';
import { INSPECTION_TARGET_LABELS, INSPECTION_TARGETS } from '../../features/inspections/vocabulary.ts';
import { ORG_UNIT_KIND_LABELS } from '../../features/registry/vocabulary.ts';
import { EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, type EvidenceKind } from '../../features/tasks/vocabulary.ts';
import { problem } from './define.ts';
import { fieldIssue } from './fields.ts';
import { type Localized, l } from './language.ts';

// The vocabularies below are leaf modules (no imports but types): the catalog stays free of feature logic.

/** A calendar day as the problems name it (YYYY-MM-DD). */
const Day = z.iso.date().describe('日期 YYYY-MM-DD / a calendar day');

/** How an assignment names its assignees (tasks/selector.ts). */
const SELECTOR_KINDS = ['streets', 'communities', 'org_units', 'departments', 'companies'] as const;
const SELECTION = {
  streets: l('您可以交办的范围内没有街道或镇', 'There is no street or town you can assign to'),
  communities: l('所选范围内没有您可以交办的社区或村', 'There is no community or village there you can assign to'),
  org_units: l(
    '所列单位均不能交办（不能交办给本单位自己）',
    'None of the listed units can be given the task (a unit does not assign to itself)',
  ),
  departments: l('本区没有职能部门', 'The district has no department'),
  companies: l('本区没有物业企业', 'The district has no property company'),
};

const EVIDENCE_KIND_EN: Record<EvidenceKind, string> = { photo: 'a photo', document: 'a document (PDF)' };
const FACILITY_KIND_EN: Record<(typeof FACILITY_KINDS)[number], string> = {
  hydrant: 'hydrant',
  extinguisher: 'extinguisher',
  alarm_system: 'fire alarm system',
  sprinkler: 'sprinkler system',
  emergency_light: 'emergency lighting',
  exit_sign: 'exit sign',
  smoke_alarm: 'smoke alarm',
  control_room: 'fire control room',
};
const ORG_KIND: Record<string, Localized> = { district: l('区', 'district'), ...ORG_UNIT_KIND_LABELS };
const orgKind = (kind: string) => ORG_KIND[kind as keyof typeof ORG_KIND] ?? l(kind, kind);

const joinZh = (items: readonly (string | number)[]) => items.join('、');
const joinEn = (items: readonly (string | number)[]) => items.join(', ');

/** Problems of tasks, campaigns, duties, inspections, patrols, facilities and maintenance. */
export const WORK_PROBLEMS = {
  // Assigning tasks (任务交办).
  assignee_selection_empty: problem(400, l('没有符合条件的承办单位', 'The selection names no assignee'), {
    params: { kind: z.enum(SELECTOR_KINDS) },
    detail: (p) =>
      l(
        `按所选方式找不到可交办的承办单位：${SELECTION[p.kind]['zh-CN']}，请重新选择`,
        `No assignee fits the selection: ${SELECTION[p.kind].en.charAt(0).toLowerCase()}${SELECTION[p.kind].en.slice(1)}`,
      ),
  }),
  task_due_date_passed: problem(400, l('完成期限已过', 'The due date has passed'), {
    params: { dueOn: Day },
    detail: (p) =>
      l(`完成期限 ${p.dueOn} 已经过去，请选择今天或以后的日期`, `The due date ${p.dueOn} has passed: choose today or a later day`),
  }),

  // Working on a task (任务办理).
  task_checklist_mismatch: problem(400, l('检查项数量不符', 'One flag per checklist item'), {
    params: { expected: z.int(), given: z.int() },
    detail: (p) =>
      l(
        `该任务有 ${p.expected} 个检查项，请逐项填写（收到 ${p.given} 项）`,
        `The task has ${p.expected} checklist items: send one flag for each (got ${p.given})`,
      ),
  }),
  task_has_no_target: problem(400, l('此任务没有数量目标', 'This task has no target to count'), {
    detail: () => l('此任务的完成标准没有数量目标，请不要填写数量', 'The task’s definition of done has no target: leave the count out'),
  }),
  task_not_done: problem(400, l('未达到完成标准', 'The task does not meet its definition of done yet'), {
    params: {
      unchecked: z.array(z.int()).describe('未勾选的检查项序号（从 0 起） / the checklist items not ticked, 0-based'),
      count: z.int().nullable().describe('已完成数量（有数量目标时） / the count reached, when there is a target'),
      target: z.int().nullable().describe('数量目标 / the target, when there is one'),
      evidence: z.array(z.enum(EVIDENCE_KINDS)).describe('尚缺的附件类型 / the kinds of evidence still missing'),
    },
    detail: (p) => {
      const zh: string[] = [];
      const en: string[] = [];
      if (p.unchecked.length) {
        zh.push(`${p.unchecked.length} 个检查项未完成`);
        en.push(`${p.unchecked.length} checklist item(s) not ticked`);
      }
      if (p.target !== null && (p.count ?? 0) < p.target) {
        zh.push(`数量未达标（${p.count ?? 0}/${p.target}）`);
        en.push(`the count is ${p.count ?? 0} of ${p.target}`);
      }
      if (p.evidence.length) {
        zh.push(`缺少${joinZh(p.evidence.map((k) => EVIDENCE_KIND_LABELS[k]))}`);
        en.push(`missing ${joinEn(p.evidence.map((k) => EVIDENCE_KIND_EN[k]))}`);
      }
      return l(`未达到完成标准：${zh.join('；')}。请补齐后再提交验收`, `Not done yet: ${en.join('; ')}. Complete it, then submit`);
    },
  }),
  task_escalation_at_top: problem(400, l('已升级至最高层级', 'Already at the top escalation level'), {
    params: { level: z.int() },
    detail: (p) =>
      l(`该任务已升级至最高层级（第 ${p.level} 级），不能再升级`, `The task is already at the top escalation level (${p.level})`),
  }),
  task_escalation_not_due: problem(400, l('尚未到升级时间', 'Not due for escalation'), {
    params: { level: z.int() },
    detail: (p) =>
      l(`该任务逾期时间尚未达到升级至第 ${p.level + 1} 级的条件`, `The task has not been late long enough to rise to level ${p.level + 1}`),
  }),

  // Campaigns (专项行动).
  campaign_archived: problem(409, l('该专项行动已归档', 'The campaign is archived'), {
    detail: () =>
      l('该专项行动已归档，请先恢复为进行中再调整阶段', 'The campaign is archived: set it active again before changing its phases'),
  }),
  campaign_phase_in_use: problem(409, l('阶段已有任务引用，不能删除', 'A phase that tasks use cannot be removed'), {
    params: { phases: z.array(z.object({ id: z.uuid(), name: z.string() })).min(1) },
    detail: (p) =>
      l(
        `阶段${p.phases.map((x) => `「${x.name}」`).join('、')}已有任务引用，不能删除；请保留该阶段（可修改名称和日期）或先处理相关任务`,
        `Tasks were given under ${p.phases.map((x) => `“${x.name}”`).join(', ')}: keep the phase (its name and dates may change) or deal with those tasks first`,
      ),
  }),

  // Recurring duties (常态化工作).
  duty_ends_before_start: problem(400, l('结束日期早于开始日期', 'The end is before the start'), {
    params: { startsOn: Day },
    detail: (p) => l(`结束日期不能早于开始日期 ${p.startsOn}`, `The last day must not be before the first day, ${p.startsOn}`),
  }),

  // Inspections (检查) and their templates and plans.
  checklist_category_invalid: problem(400, l('检查项的隐患类别无效', 'A checklist item names an unusable hazard category'), {
    params: { categories: z.array(z.string()).min(1) },
    detail: (p) =>
      l(
        `检查项的隐患类别 ${joinZh(p.categories)} 在本区不存在或已停用，请选择本区启用的隐患类别`,
        `The hazard categories ${joinEn(p.categories)} do not exist in the district or are inactive: use an active category`,
      ),
  }),
  compound_or_building_required: problem(400, l('请选择小区或楼栋', 'Choose a compound or a building'), {
    params: { kind: z.string().describe('所选单位的层级 / the kind of unit chosen') },
    detail: (p) =>
      l(
        `所选单位是${orgKind(p.kind)['zh-CN']}，此处只能选择小区或楼栋；街道、社区请按场所或小区逐个选择`,
        `The unit chosen is a ${orgKind(p.kind).en}: only a compound or a building fits here`,
      ),
  }),
  inspection_template_inactive: problem(400, l('该检查表模板已停用', 'The checklist template is inactive'), {
    detail: () => l('该检查表模板已停用，请选择启用中的模板', 'The checklist template is inactive: choose an active one'),
  }),
  inspection_closed: problem(409, l('检查已结束', 'The inspection is closed'), {
    params: { status: z.enum(['completed', 'cancelled']) },
    detail: (p) =>
      p.status === 'completed'
        ? l('检查已完成，结果不能再修改', 'The inspection is completed: its results can no longer change')
        : l('检查已取消，不能再记录、完成或取消', 'The inspection is cancelled: nothing more can be done with it'),
  }),
  inspection_not_conductor: problem(403, l('不是本次检查的检查人', 'Not one of this inspection’s inspectors'), {
    detail: () =>
      l(
        '只有检查负责人、参加联合检查的部门或消安委可以记录、完成或取消本次检查',
        'Only the inspector, a department taking part or the committee may record, complete or cancel this inspection',
      ),
  }),
  inspection_photo_required: problem(400, l('不合格时须附现场照片', 'A failed item needs a photo'), {
    params: { itemKey: z.string() },
    detail: () => l('该检查项不合格时须附至少一张现场照片', 'This item needs at least one photo when it fails'),
  }),
  inspection_item_photos_over_limit: problem(400, l('照片数量超过上限', 'Too many photos'), {
    params: { max: z.int() },
    detail: (p) => l(`每个检查项最多 ${p.max} 张照片`, `At most ${p.max} photos per item`),
  }),
  inspection_results_missing: problem(400, l('还有检查项没有记录结果', 'Some items have no result yet'), {
    params: { itemKeys: z.array(z.string()).min(1) },
    detail: (p) =>
      l(
        `以下 ${p.itemKeys.length} 个检查项尚未记录结果：${joinZh(p.itemKeys)}；请逐项记录后再完成检查`,
        `${p.itemKeys.length} item(s) have no result yet: ${joinEn(p.itemKeys)}. Record them, then complete`,
      ),
  }),
  checklist_category_unavailable: problem(409, l('检查项的隐患类别已不可用', 'A checklist item’s hazard category is gone'), {
    params: { categories: z.array(z.string()).min(1) },
    detail: (p) =>
      l(
        `隐患类别 ${joinZh(p.categories)} 已被删除或停用，且本区没有启用的“其他”类别，无法上报不合格项；请先在隐患类别中恢复`,
        `The hazard categories ${joinEn(p.categories)} were removed or deactivated and the district has no active “other” category: restore one, then complete`,
      ),
  }),
  inspection_photos_unusable: problem(409, l('部分照片已不可用', 'Some photos are no longer usable'), {
    params: { itemKeys: z.array(z.string()).min(1) },
    detail: (p) =>
      l(
        `检查项 ${joinZh(p.itemKeys)} 的照片已被其他记录使用或删除，请重新记录这些检查项`,
        `Photos of ${joinEn(p.itemKeys)} were used elsewhere or removed: record those items again`,
      ),
  }),
  inspection_target_not_plannable: problem(400, l('此类检查对象不能按计划检查', 'This target cannot be planned'), {
    params: { target: z.enum(INSPECTION_TARGETS) },
    detail: (p) =>
      p.target === 'ebike_charging'
        ? l(
            '场所台账中没有“电动自行车充电场所”这一类对象（既不是场所类型，也不是小区/楼栋），计划无法确定检查哪些对象；请对具体场所或小区发起临时检查',
            'The register has no e-bike charging areas (no such place type or org unit kind), so a plan could not tell what to inspect: start ad hoc inspections of the places or compounds instead',
          )
        : l(
            `“${INSPECTION_TARGET_LABELS[p.target]}”不能按计划检查，请对具体场所或小区发起临时检查`,
            `Targets of type ${p.target} cannot be planned: start ad hoc inspections instead`,
          ),
  }),

  // Patrols (巡查).
  patrol_time_in_future: problem(400, l('巡查时间晚于当前时间', 'The patrol time is in the future'), {
    detail: () => l('巡查时间不能晚于当前时间，请检查手机时间', 'The patrol time cannot be in the future: check the phone’s clock'),
  }),
  patrol_time_too_old: problem(400, l('巡查时间过早', 'The patrol time is too long ago'), {
    params: { days: z.int() },
    detail: (p) => l(`只能补录 ${p.days} 天内的巡查`, `Patrols can be recorded up to ${p.days} days late`),
  }),
  patrol_area_too_broad: problem(400, l('巡查区域过大', 'Patrol a smaller area'), {
    params: { kind: z.string().describe('所选单位的层级 / the kind of unit chosen') },
    detail: (p) =>
      l(
        `所选单位是${orgKind(p.kind)['zh-CN']}：请选择社区/村、小区或楼栋，或具体场所`,
        `The unit chosen is a ${orgKind(p.kind).en}: patrol a community, compound, building or place`,
      ),
  }),

  // Facilities (消防设施) and maintenance (维保).
  date_after_today: problem(400, l('日期晚于今天', 'The date is in the future'), {
    params: { today: Day },
    detail: (p) => l(`日期不能晚于今天（${p.today}）`, `The date cannot be after today (${p.today})`),
  }),
  facility_fields_restricted: problem(400, l('无权修改这些字段', 'Your role cannot change these fields'), {
    params: { fields: z.array(z.string()).min(1), permission: z.string() },
    detail: (p) =>
      l(
        `物业企业只能修改位置、数量和有效期；${joinZh(p.fields)} 由消防工作站或消安委修改（需要 ${p.permission}）`,
        `A property company may change location, count and expiresOn only; ${joinEn(p.fields)} need ${p.permission}`,
      ),
  }),
  facility_has_maintenance_records: problem(409, l('该设施已有维保记录，不能删除', 'Maintenance records point at this facility'), {
    detail: () =>
      l(
        '该设施已有维保记录，不能删除；设施已不存在时请将状态改为“缺失”',
        'Maintenance records point at this facility, so it cannot be deleted: set its status to missing instead',
      ),
  }),
  maintenance_date_too_old: problem(400, l('维保日期过早', 'The maintenance date is too long ago'), {
    params: { days: z.int(), earliest: Day },
    detail: (p) =>
      l(`维保日期不能早于 ${p.days} 天前（${p.earliest}）`, `The maintenance date cannot be more than ${p.days} days ago (${p.earliest})`),
  }),
  facility_kind_mismatch: problem(400, l('设施类型不符', 'The facility is of another kind'), {
    params: { kind: z.enum(FACILITY_KINDS).describe('该设施的类型 / the facility’s kind') },
    detail: (p) =>
      l(
        `所选设施是${FACILITY_KIND_LABELS[p.kind]}，与填写的设施类型不符`,
        `The facility chosen is a ${FACILITY_KIND_EN[p.kind]}, not the kind given`,
      ),
  }),
  fault_category_unavailable: problem(409, l('没有可用的隐患类别', 'No hazard category for the fault'), {
    params: { category: z.string() },
    detail: (p) =>
      l(
        `本区未启用“${p.category}”或“其他”隐患类别，无法登记故障；请先在隐患类别中启用`,
        `Neither “${p.category}” nor “other” is an active hazard category of the district, so the fault cannot be reported: activate one first`,
      ),
  }),
};

/** Field-level codes of the cross-field rules of tasks, campaigns, duties, inspections, patrols, facilities and maintenance. */
export const WORK_FIELD_ISSUES = {
  template_code_format: fieldIssue(l('代码只能包含小写字母、数字和连字符', 'Lowercase letters, digits and hyphens only')),

  // Tasks.
  task_due_required: fieldIssue(l('请填写完成期限或选择阶段', 'Give a due date or a phase')),
  phase_needs_campaign: fieldIssue(l('选择阶段时须同时选择其所属的专项行动', 'A phase needs its campaign')),
  task_item_unchecked: fieldIssue<{ item: string }>((p) => l(`未完成：${p.item}`, `Not done: ${p.item}`)),
  task_target_not_reached: fieldIssue<{ count: number; target: number; unit: string }>((p) =>
    l(`数量未达标：${p.count}/${p.target}${p.unit}`, `${p.count} of ${p.target} ${p.unit}: target not reached`),
  ),
  task_evidence_missing: fieldIssue<{ kind: string }>((p) =>
    l(`缺少${EVIDENCE_KIND_LABELS[p.kind as EvidenceKind] ?? p.kind}`, `Attach ${EVIDENCE_KIND_EN[p.kind as EvidenceKind] ?? p.kind}`),
  ),

  // Campaigns.
  phase_overlaps_previous: fieldIssue<{ previousEndsOn: string }>((p) =>
    l(
      `各阶段须按顺序排列且不能重叠：本阶段须在上一阶段结束（${p.previousEndsOn}）之后开始`,
      `Phases come in order without overlap: start after the previous phase ends (${p.previousEndsOn})`,
    ),
  ),

  // Inspections.
  checklist_item_key_format: fieldIssue(l('检查项代码只能包含小写字母、数字和下划线', 'Lowercase letters, digits and underscores only')),
  checklist_category_unknown: fieldIssue<{ code: string }>((p) =>
    l(`本区没有代码为“${p.code}”的隐患类别`, `The district has no hazard category “${p.code}”`),
  ),
  checklist_category_inactive: fieldIssue<{ code: string }>((p) =>
    l(`隐患类别“${p.code}”已停用`, `The hazard category “${p.code}” is inactive`),
  ),
  checklist_category_gone: fieldIssue<{ code: string }>((p) =>
    l(`隐患类别“${p.code}”已不可用，且本区没有“其他”类别`, `The hazard category “${p.code}” is gone and there is no “other”`),
  ),
  inspection_item_not_recorded: fieldIssue<{ text: string }>((p) => l(`尚未检查：${p.text}`, `No result yet: ${p.text}`)),
  inspection_photo_unusable: fieldIssue(l('照片已不可用，请重新记录该检查项', 'The photo is no longer usable: record the item again')),
  photos_only_for_failed_items: fieldIssue(
    l('照片用于记录不合格项，合格或不适用的检查项不附照片', 'Photos document a failed item: a pass or n/a takes none'),
  ),

  // Patrols.
  coordinates_together: fieldIssue(l('经纬度须同时填写', 'Give latitude and longitude together')),

  // Maintenance.
  maintenance_result_mismatch: fieldIssue<{ expected: string }>((p) =>
    p.expected === 'fault'
      ? l('有检查项故障，结论须为 fault（故障）', 'A check found a fault: the result must be fault')
      : l('没有故障检查项，结论须为 normal（正常）', 'No check found a fault: the result must be normal'),
  ),
};

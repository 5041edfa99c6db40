import * as z from 'zod';
import { type Localized, l } from './language.ts';

/**
 * The things a problem can be about ("… not found", "… was changed by someone else", "… is still
 * used by …"), as a closed list so a program gets a stable word and people get a noun.
 */
export const RESOURCES = {
  record: l('对象', 'record'),
  tenant: l('单位', 'organisation'),
  district: l('区', 'district'),
  org_unit: l('单位', 'org unit'),
  parent_unit: l('上级单位', 'parent unit'),
  street: l('街道', 'street'),
  compound: l('小区', 'compound'),
  managed_compound: l('本企业所管小区', 'compound your company manages'),
  inspection_target: l('小区或楼栋', 'compound or building'),
  place: l('场所', 'place'),
  company: l('物业企业', 'property company'),
  department: l('职能部门', 'department'),
  user: l('用户', 'user'),
  role_scope: l('管辖范围', 'scope of a role'),
  hazard: l('隐患', 'hazard'),
  hazard_category: l('隐患类别', 'hazard category'),
  hazard_policy: l('隐患处置策略', 'hazard policy'),
  party: l('责任方', 'responsible party'),
  routing_rule: l('分流规则', 'routing rule'),
  lookback: l('回头看', 'look-back'),
  lookback_item: l('回头看抽查项', 'look-back item'),
  evidence: l('附件', 'evidence file'),
  campaign: l('专项行动', 'campaign'),
  campaign_template: l('专项行动模板', 'campaign template'),
  phase: l('阶段', 'phase'),
  task: l('任务', 'task'),
  assignee: l('承办单位', 'assignee'),
  duty: l('常态化工作', 'recurring duty'),
  inspection_template: l('检查表模板', 'checklist template'),
  checklist_item: l('检查项', 'checklist item'),
  inspection: l('检查', 'inspection'),
  inspection_plan: l('检查计划', 'inspection plan'),
  patrol: l('巡查记录', 'patrol'),
  patrol_area: l('巡查区域', 'patrol area'),
  facility: l('设施', 'facility'),
  maintenance_record: l('维保记录', 'maintenance record'),
  maintenance_policy: l('维保要求', 'maintenance policy'),
  rubric: l('考核细则', 'rubric'),
  assessment: l('考核', 'assessment'),
  assessment_revision: l('考核修订版', 'assessment revision'),
  assessment_unit: l('考核对象', 'assessed unit'),
  adjustment: l('加减分记录', 'adjustment'),
} as const satisfies Record<string, Localized>;

export type Resource = keyof typeof RESOURCES;
export const ResourceSchema = z.enum(Object.keys(RESOURCES) as [Resource, ...Resource[]]);

/** What can still point at a record someone wants to delete (`still_referenced`). */
export const REFERENCES = {
  records: l('其他记录', 'other records'),
  child_units: l('下级单位', 'units below it'),
  places: l('场所', 'places'),
  users: l('用户', 'users'),
  compounds: l('所管小区', 'managed compounds'),
  managing_companies: l('物业企业的管理关系', 'a property company managing it'),
  facilities: l('设施', 'facilities'),
  hazards: l('隐患', 'hazards'),
  routing_rules: l('分流规则', 'routing rules'),
  maintenance_records: l('维保记录', 'maintenance records'),
  tasks: l('任务', 'tasks'),
  history: l('操作记录', 'recorded actions'),
  inspections: l('检查', 'inspections'),
  campaigns: l('专项行动', 'campaigns'),
} as const satisfies Record<string, Localized>;

export type Reference = keyof typeof REFERENCES;
export const ReferenceSchema = z.enum(Object.keys(REFERENCES) as [Reference, ...Reference[]]);

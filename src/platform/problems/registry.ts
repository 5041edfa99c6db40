import * as z from 'zod';
import { ORG_UNIT_KIND_LABELS, ORG_UNIT_KINDS, type OrgUnitKind } from '../../features/registry/vocabulary.ts';
import { problem } from './define.ts';
import { fieldIssue } from './fields.ts';
import { l } from './language.ts';

const KindSchema = z.enum(ORG_UNIT_KINDS);
const kindName = (kind: OrgUnitKind | null, lang: 'zh-CN' | 'en') =>
  kind ? ORG_UNIT_KIND_LABELS[kind][lang] : lang === 'en' ? 'district' : '区';
const OWN_ACCOUNT = {
  disable: l('不能停用自己的账号，请由其他管理员操作', 'You cannot disable your own account: ask another administrator'),
  change_roles: l('不能修改自己的角色，请由其他管理员操作', 'You cannot change your own roles: ask another administrator'),
  delete: l('不能删除自己的账号', 'You cannot delete your own account'),
};

/** Problems of the registry (org units, places, companies, departments), users, tenants, sign-in. */
export const REGISTRY_PROBLEMS = {
  key_unit_level_mismatch: problem(400, l('重点单位等级与场所类型不符', 'The key-unit level does not fit the place type'), {
    detail: () => l('重点单位必须填写等级（1–3），其他场所不能有等级', 'A key unit needs a level (1–3); other places have none'),
  }),
  org_unit_level_mismatch: problem(400, l('单位层级不符', 'Wrong level in the org tree'), {
    params: {
      kind: KindSchema.describe('the kind asked for'),
      parentKind: KindSchema.nullable().describe('the kind of the parent; null = the top level (below the district)'),
    },
    detail: (p) =>
      l(
        `${kindName(p.kind, 'zh-CN')}不能建在${kindName(p.parentKind, 'zh-CN')}之下`,
        `A ${kindName(p.kind, 'en')} cannot be placed ${p.parentKind ? `below a ${kindName(p.parentKind, 'en')}` : 'at the top level, below the district'}`,
      ),
  }),
  org_unit_top_level_district_only: problem(403, l('只有区级人员才能新建街道或镇', 'Only district-wide staff add top-level units'), {
    detail: () =>
      l(
        '直属于区的单位（街道、镇）只能由区级人员新建；请在您管辖的单位下新建',
        'Units directly below the district (streets, towns) are added by district-wide staff only: add it below a unit in your scope',
      ),
  }),
  compound_managed_by_other_company: problem(409, l('小区已由其他物业企业管理', 'Compound managed by another company'), {
    params: {
      compounds: z.array(z.object({ compoundId: z.uuid(), compoundName: z.string(), companyId: z.uuid(), companyName: z.string() })).min(1),
    },
    detail: (p) =>
      l(
        `小区已由其他物业企业管理：${p.compounds.map((c) => `${c.compoundName}（${c.companyName}）`).join('、')}，请先在该企业中解除`,
        `Already managed by another company: ${p.compounds.map((c) => `${c.compoundName} (${c.companyName})`).join(', ')}. Remove it from that company first`,
      ),
  }),
  cannot_change_own_account: problem(403, l('不能对自己的账号执行此操作', 'Not on your own account'), {
    params: { action: z.enum(['disable', 'change_roles', 'delete']) },
    detail: (p) => OWN_ACCOUNT[p.action],
  }),
  user_has_history: problem(409, l('该用户已有操作记录，只能停用', 'The user has recorded actions: disable instead'), {
    detail: () =>
      l(
        '该用户已有操作记录，为保留问责依据只能停用，不能删除',
        'This user has recorded actions: to keep them accountable, disable the account instead of deleting it',
      ),
  }),
  parent_not_oversight_office: problem(400, l('上级单位不是监管机构', 'The parent is not an oversight office'), {
    params: { parentSlug: z.string() },
    detail: (p) => l(`上级单位 ${p.parentSlug} 不存在或不是监管机构`, `There is no oversight office with the code ${p.parentSlug}`),
  }),
};

/** Field-level codes of the cross-field rules of the registry (org units, places, companies, departments), users, tenants, sign-in. */
export const REGISTRY_FIELD_ISSUES = {
  key_unit_level_required: fieldIssue(l('重点单位必须填写等级（1–3）', 'A key unit needs its level (1–3)')),
  key_unit_level_only_for_key_units: fieldIssue(l('只有重点单位才有等级，请留空', 'Only key units have a level: leave it empty')),
  phone_format: fieldIssue(l('电话号码只能包含数字、+、- 和空格，5–20 位', 'Digits, +, - and spaces only, 5–20 characters')),
  credit_code_format: fieldIssue(
    l('统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）', '18 digits or capital letters (no I, O, S, V or Z)'),
  ),
  username_format: fieldIssue(l('账号须为 3–32 位字母、数字、下划线、点或连字符', '3–32 letters, digits, _ . or -')),
  password_too_short: fieldIssue(l('密码至少 12 位', 'At least 12 characters')),
  tenant_slug_format: fieldIssue(
    l('单位代码须为 3–40 位小写字母、数字或连字符，以字母开头', '3–40 lowercase letters, digits or -, starting with a letter'),
  ),
  company_contact_fields_only: fieldIssue(
    l('物业企业只能修改联系人、联系电话和地址', 'A property company may change only its contact name, phone and address'),
  ),
  compound_managed_elsewhere: fieldIssue<{ compound: string; company: string }>((p) =>
    l(`${p.compound}已由${p.company}管理`, `${p.compound} is managed by ${p.company}`),
  ),
  role_not_for_districts: fieldIssue(l('该角色不能在区级单位中分配', 'This role cannot be given in a district')),
  role_scope_required: fieldIssue(l('该角色必须指定管辖范围', 'This role needs this scope')),
};

/**
 * What a unique-constraint violation means, in the clerk's words, by constraint name (the names
 * are declared in this folder). Unlisted constraints get a generic message.
 */
export const UNIQUE_MESSAGES: Record<string, { field: string; message: string }> = {
  org_units_sibling_name_uq: { field: 'name', message: '同一上级下已有同名单位 / a sibling unit already has this name' },
  companies_tenant_name_uq: { field: 'name', message: '已有同名物业企业 / a company with this name exists' },
  companies_tenant_credit_code_uq: { field: 'creditCode', message: '该统一社会信用代码已登记 / credit code already registered' },
  departments_tenant_name_uq: { field: 'name', message: '已有同名职能部门 / a department with this name exists' },
  users_tenant_username_uq: { field: 'username', message: '账号已存在 / username taken' },
  hazard_categories_code_uq: { field: 'code', message: '已有相同代码的隐患类别 / a category with this code exists' },
  tenants_slug_unique: { field: 'slug', message: '单位代码已被使用 / slug taken' },
  campaign_phases_ordinal_uq: {
    field: 'phases',
    message: '阶段顺序冲突，可能有人同时调整了阶段，请刷新后重试 / phase order clash: refresh and retry',
  },
};

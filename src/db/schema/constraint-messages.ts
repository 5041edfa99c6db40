import type { Resource } from '../../platform/problems/resources.ts';

/**
 * What a unique-constraint violation means, by constraint name (the names are declared in this
 * folder): a duplicate of which field of which record (`already_exists`), or a race two writers
 * ran into (`concurrent_update`). Unlisted constraints are a duplicate record in general.
 */
export const UNIQUE_CONSTRAINTS: Record<string, { field: string; resource: Resource } | 'race'> = {
  org_units_sibling_name_uq: { field: 'name', resource: 'org_unit' },
  companies_tenant_name_uq: { field: 'name', resource: 'company' },
  companies_tenant_credit_code_uq: { field: 'creditCode', resource: 'company' },
  departments_tenant_name_uq: { field: 'name', resource: 'department' },
  users_tenant_username_uq: { field: 'username', resource: 'user' },
  hazard_categories_code_uq: { field: 'code', resource: 'hazard_category' },
  tenants_slug_unique: { field: 'slug', resource: 'tenant' },
  // Two people at once: re-ordering a campaign's phases, computing or publishing the same month,
  // adding a rubric version. The code serialises these with locks; should two still meet, the
  // loser is told to retry rather than that a record "already exists".
  campaign_phases_ordinal_uq: 'race',
  assessments_revision_uq: 'race',
  assessments_one_draft_uq: 'race',
  assessments_one_published_uq: 'race',
  district_scores_one_current_uq: 'race',
  rubric_versions_number_uq: 'race',
};

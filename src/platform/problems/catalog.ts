import type * as z from 'zod';
import { ASSESSMENT_FIELD_ISSUES, ASSESSMENT_PROBLEMS } from './assessments.ts';
import { COMMON_FIELD_ISSUES, COMMON_PROBLEMS } from './common.ts';
import { ISSUE_KEY } from './fields.ts';
import { HAZARD_FIELD_ISSUES, HAZARD_PROBLEMS } from './hazards.ts';
import { REGISTRY_FIELD_ISSUES, REGISTRY_PROBLEMS } from './registry.ts';
import { WORK_FIELD_ISSUES, WORK_PROBLEMS } from './work.ts';

/**
 * The closed set of error codes the API answers with, assembled from the areas of the product.
 * A code is added in its area's file; a unit test checks that no two areas define the same code.
 */
export const PROBLEM_AREAS = {
  common: COMMON_PROBLEMS,
  registry: REGISTRY_PROBLEMS,
  hazards: HAZARD_PROBLEMS,
  work: WORK_PROBLEMS,
  assessments: ASSESSMENT_PROBLEMS,
} as const;
export const PROBLEMS = { ...COMMON_PROBLEMS, ...REGISTRY_PROBLEMS, ...HAZARD_PROBLEMS, ...WORK_PROBLEMS, ...ASSESSMENT_PROBLEMS };

export type ProblemCode = keyof typeof PROBLEMS;
export type ProblemParams<C extends ProblemCode> = z.infer<(typeof PROBLEMS)[C]['params']>;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/** Field-level codes of cross-field rules (see fields.ts), assembled the same way. */
export const FIELD_ISSUE_AREAS = {
  common: COMMON_FIELD_ISSUES,
  registry: REGISTRY_FIELD_ISSUES,
  hazards: HAZARD_FIELD_ISSUES,
  work: WORK_FIELD_ISSUES,
  assessments: ASSESSMENT_FIELD_ISSUES,
} as const;
export const FIELD_ISSUES = {
  ...COMMON_FIELD_ISSUES,
  ...REGISTRY_FIELD_ISSUES,
  ...HAZARD_FIELD_ISSUES,
  ...WORK_FIELD_ISSUES,
  ...ASSESSMENT_FIELD_ISSUES,
};

export type FieldIssueCode = keyof typeof FIELD_ISSUES;
export type FieldIssueParams<C extends FieldIssueCode> = Parameters<(typeof FIELD_ISSUES)[C]['message']>[0];

/** A built-in zod check that reports a field-level code of the catalog (see fields.ts). */
export const issueKey = (code: FieldIssueCode) => `${ISSUE_KEY}${code}`;
/** A refinement that reports a field-level code of the catalog, with its parameters (see fields.ts). */
export const issue = <C extends FieldIssueCode>(code: C, params: Record<string, string | number> = {}) => ({
  params: { issue: code, ...params },
});

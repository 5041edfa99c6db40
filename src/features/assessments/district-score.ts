import type { RubricIndicator } from './rubric.ts';

/**
 * The standard oversight rubric (上级考核口径): the same for every district of a jurisdiction, so
 * districts compare. Not editable by a district: it is the oversight office's yardstick, applied to
 * the district as one unit when its month is published.
 */
export const OVERSIGHT_RUBRIC_VERSION = 'oversight-2026.1';

export const OVERSIGHT_RUBRIC: readonly RubricIndicator[] = [
  { key: 'rectification_rate', weight: 30 },
  { key: 'on_time_rate', weight: 20 },
  { key: 'patrol_coverage', weight: 15 },
  { key: 'inspection_coverage', weight: 15 },
  { key: 'facility_integrity', weight: 10 },
  { key: 'task_completion', weight: 10 },
];

/** What an oversight office may see of a district besides its score: counts, never records. */
export interface DistrictAggregates {
  hazardsReported: number;
  hazardsFixed: number;
  hazardsOverdue: number;
  places: number;
  placesPatrolled: number;
  placesInspected: number;
  unitsAssessed: number;
  vetoes: number;
}

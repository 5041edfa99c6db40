/**
 * Which routing rule applies to a hazard: pure, so the ranking is tested without a database.
 *
 * A rule matches when its category is unset or the hazard's, and its area is unset or contains
 * the hazard's org unit (materialised paths: "/street/community/" contains "/street/community/compound/").
 * Among matches the most specific wins:
 *   1. more dimensions matched (category AND area beats either alone, which beats neither);
 *   2. then a category match beats an area match (the trade decides who fixes it);
 *   3. then the deeper area (a compound beats its street);
 *   4. then the higher priority;
 *   5. then the smaller id, so the answer never depends on row order.
 */
export interface RuleForPick {
  id: string;
  categoryId: string | null;
  /** The materialised path of the rule's area, null for the whole district. */
  orgUnitPath: string | null;
  priority: number;
}

export interface HazardForPick {
  categoryId: string | null;
  orgUnitPath: string | null;
}

const depth = (path: string) => path.split('/').filter(Boolean).length;

export function ruleMatches(rule: RuleForPick, hazard: HazardForPick): boolean {
  if (rule.categoryId !== null && rule.categoryId !== hazard.categoryId) return false;
  if (rule.orgUnitPath !== null && !(hazard.orgUnitPath?.startsWith(rule.orgUnitPath) ?? false)) return false;
  return true;
}

/** The ranking key of a matching rule: larger is better, compared element by element. */
function rank(rule: RuleForPick): number[] {
  const byCategory = rule.categoryId !== null ? 1 : 0;
  const areaDepth = rule.orgUnitPath !== null ? depth(rule.orgUnitPath) : 0;
  return [byCategory + (areaDepth > 0 ? 1 : 0), byCategory, areaDepth, rule.priority];
}

function better(a: RuleForPick, b: RuleForPick): boolean {
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! > rb[i]!;
  return a.id < b.id;
}

export function pickRule<R extends RuleForPick>(rules: readonly R[], hazard: HazardForPick): R | null {
  let best: R | null = null;
  for (const rule of rules) {
    if (!ruleMatches(rule, hazard)) continue;
    if (!best || better(rule, best)) best = rule;
  }
  return best;
}

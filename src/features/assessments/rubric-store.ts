import { and, asc, eq, sql } from 'drizzle-orm';
import { rubrics, rubricVersions } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { DEFAULT_RUBRICS, type RubricIndicator, versionInForce } from './rubric.ts';
import { UNIT_KINDS, type UnitKind } from './vocabulary.ts';

/** Before any month: the shipped default is in force until the committee adds a version. */
export const DEFAULT_EFFECTIVE_FROM = '2000-01';

/**
 * Every district has a rubric per kind of unit from the start: the shipped default, made on first
 * use (idempotent under concurrency: the unique (tenant, kind) decides, the loser inserts nothing).
 */
export async function ensureDefaultRubrics(tx: Db, tenantId: string): Promise<void> {
  const existing = await tx.select({ unitKind: rubrics.unitKind }).from(rubrics).where(eq(rubrics.tenantId, tenantId));
  if (existing.length === UNIT_KINDS.length) return;
  for (const kind of UNIT_KINDS) {
    if (existing.some((r) => r.unitKind === kind)) continue;
    const [made] = await tx
      .insert(rubrics)
      .values({ tenantId, unitKind: kind, name: DEFAULT_RUBRICS[kind].name })
      .onConflictDoNothing()
      .returning({ id: rubrics.id });
    if (!made) continue;
    await tx.insert(rubricVersions).values({
      tenantId,
      rubricId: made.id,
      number: 1,
      effectiveFrom: DEFAULT_EFFECTIVE_FROM,
      indicators: DEFAULT_RUBRICS[kind].indicators,
      note: '系统默认细则（依据二七区方案与物业企业考核细则） / shipped default',
    });
  }
}

export interface RubricVersionRow {
  id: string;
  rubricId: string;
  unitKind: UnitKind;
  number: number;
  effectiveFrom: string;
  indicators: RubricIndicator[];
  note: string;
  createdBy: string | null;
  createdAt: Date;
}

export async function loadRubricVersions(tx: Db, tenantId: string): Promise<RubricVersionRow[]> {
  return tx
    .select({
      id: rubricVersions.id,
      rubricId: rubricVersions.rubricId,
      unitKind: rubrics.unitKind,
      number: rubricVersions.number,
      effectiveFrom: rubricVersions.effectiveFrom,
      indicators: rubricVersions.indicators,
      note: rubricVersions.note,
      createdBy: rubricVersions.createdBy,
      createdAt: rubricVersions.createdAt,
    })
    .from(rubricVersions)
    .innerJoin(rubrics, eq(rubrics.id, rubricVersions.rubricId))
    .where(eq(rubricVersions.tenantId, tenantId))
    .orderBy(asc(rubrics.unitKind), asc(rubricVersions.number));
}

/**
 * The version of each kind's rubric in force for a month. The shipped default is in force from
 * DEFAULT_EFFECTIVE_FROM, the first month a request can name; a month without one is a 409 that
 * says which rubric is missing, never a failure of the server.
 */
export async function rubricsInForce(tx: Db, tenantId: string, month: string): Promise<Record<UnitKind, RubricVersionRow>> {
  await ensureDefaultRubrics(tx, tenantId);
  const versions = await loadRubricVersions(tx, tenantId);
  const pick = (kind: UnitKind) => {
    const v = versionInForce(
      versions.filter((x) => x.unitKind === kind),
      month,
    );
    if (!v) throw new ApiError('rubric_missing_for_month', { params: { month, unitKind: kind } });
    return v;
  };
  return { street: pick('street'), community: pick('community'), company: pick('company') };
}

/** Adds a version after the newest; the number is taken under the rubric's row lock. */
export async function addRubricVersion(
  tx: Db,
  tenantId: string,
  rubricId: string,
  input: { effectiveFrom: string; indicators: RubricIndicator[]; note: string },
  userId: string,
): Promise<string> {
  await tx.execute(sql`select 1 from ${rubrics} where ${rubrics.id} = ${rubricId} and ${rubrics.tenantId} = ${tenantId} for update`);
  const [last] = await tx
    .select({ number: sql<number>`coalesce(max(${rubricVersions.number}), 0)::int` })
    .from(rubricVersions)
    .where(and(eq(rubricVersions.tenantId, tenantId), eq(rubricVersions.rubricId, rubricId)));
  const [made] = await tx
    .insert(rubricVersions)
    .values({ tenantId, rubricId, number: (last?.number ?? 0) + 1, ...input, createdBy: userId })
    .returning({ id: rubricVersions.id });
  return made!.id;
}

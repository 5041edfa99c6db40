import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countedItems } from '../../src/features/assessments/snapshot.ts';
import { applyMigrations, type MigratingDb, migrationFiles, openMigratingDb } from '../support/migrating-db.ts';

/**
 * Migrations 0018–0020 reshape the drill-down (one JSON list per revision, unit and indicator →
 * one row per revision holding its subjects column-wise). A published month's lists are a frozen
 * record: they must come across as the owner moves them in production (row security FORCED, no
 * tenant set, the frozen guard in place), and read back list for list.
 */
const files = migrationFiles();
const before = files.filter((f) => f < '0018');
const after = files.filter((f) => f >= '0018');

let db: MigratingDb;
beforeAll(async () => {
  db = await openMigratingDb();
});
afterAll(() => db?.close());

const item = (subjectType: string, subjectId: string, label: string, n: number, d: number) => ({ subjectType, subjectId, label, n, d });

describe('0018–0020: the drill-down, one row per revision', () => {
  // What the old app stored for a published November: a street, its community and a company.
  const street = '00000000-0000-4000-8000-0000000000a1';
  const community = '00000000-0000-4000-8000-0000000000a2';
  const company = '00000000-0000-4000-8000-0000000000a3';
  const lists: [string, string, ReturnType<typeof item>[]][] = [
    [street, 'rectification_rate', [item('hazard', 'h1', 'YH-1', 1, 1), item('hazard', 'h2', 'YH-2', 0, 1)]],
    [street, 'avg_days_to_fix', [item('hazard', 'h1', 'YH-1', 2.5, 1)]],
    [community, 'rectification_rate', [item('hazard', 'h1', 'YH-1', 1, 1), item('hazard', 'h2', 'YH-2', 0, 1)]],
    // (Each list in label order, as the drill-down reads them: 小 U+5C0F before 超 U+8D85.)
    [community, 'patrol_coverage', [item('compound', 'c1', '幸福小区', 0, 1), item('place', 'p1', '幸福超市', 1, 1)]],
    [company, 'rectification_rate', [item('hazard', 'h1', 'YH-1', 1, 1)]],
    [company, 'maintenance_on_time', [item('maintenance_due', 'c1:extinguisher', '幸福小区 · extinguisher', 0, 1)]],
  ];
  let tenant: string;
  let published: string;
  let draft: string;

  it('moves every list of every revision across as the owner, under forced row security and the frozen guard', async () => {
    await applyMigrations(db, before);
    tenant = (
      await db.admin<{ id: string }>("insert into tenants (slug, name, kind) values ('mig', '迁移区', 'district') returning id")
    )[0]!.id;
    const [rubric] = await db.admin<{ id: string }>(
      "insert into rubrics (tenant_id, unit_kind, name) values ($1, 'community', '细则') returning id",
      [tenant],
    );
    const [version] = await db.admin<{ id: string }>(
      "insert into rubric_versions (tenant_id, rubric_id, number, effective_from, indicators) values ($1, $2, 1, '2026-01', '[]') returning id",
      [tenant, rubric!.id],
    );
    const revision = async (month: string) =>
      (
        await db.admin<{ id: string }>(
          `insert into assessments (tenant_id, month, revision, as_of, computed_at, district_indicators, district_counts)
           values ($1, $2, 1, now(), now(), '[]', '{}') returning id`,
          [tenant, month],
        )
      )[0]!.id;
    published = await revision('2026-11');
    draft = await revision('2026-12');
    for (const id of [published, draft]) {
      for (const [unit, kind] of [
        [street, 'street'],
        [community, 'community'],
        [company, 'company'],
      ]) {
        await db.admin(
          `insert into assessment_scores (tenant_id, assessment_id, unit_id, unit_kind, unit_name, rubric_version_id, indicators, totals, flags)
           values ($1, $2, $3, $4, $5, $6, '[]', '{}', '[]')`,
          [tenant, id, unit, kind, kind, version!.id],
        );
      }
      for (const [unit, indicator, items] of lists) {
        await db.admin('insert into assessment_items (tenant_id, assessment_id, unit_id, indicator, items) values ($1, $2, $3, $4, $5)', [
          tenant,
          id,
          unit,
          indicator,
          JSON.stringify(items),
        ]);
      }
    }
    await db.admin("update assessments set status = 'published', published_at = now() where id = $1", [published]);

    await applyMigrations(db, after);

    for (const id of [published, draft]) {
      for (const unit of [street, community, company]) {
        const read = await countedItems(db.drizzle, tenant, id, unit);
        for (const [listUnit, indicator, items] of lists.filter(([u]) => u === unit)) {
          expect(read.get(indicator as never), `${listUnit} ${indicator}`).toEqual(items);
        }
      }
    }
    // Each subject once, with the units that listed it.
    const [row] = await db.admin<{ ids: string[]; streets: (string | null)[]; companies: (string | null)[] }>(
      'select subject_ids as ids, street_ids as streets, company_ids as companies from assessment_items where assessment_id = $1',
      [published],
    );
    expect([...row!.ids].sort()).toEqual(['c1', 'c1:extinguisher', 'h1', 'h2', 'p1']);
    expect(row!.companies[row!.ids.indexOf('h1')]).toBe(company);
    expect(row!.streets[row!.ids.indexOf('p1')]).toBeNull();
  });

  it('leaves no list aside, row security forced again and the published drill-down frozen', async () => {
    expect(await db.admin("select to_regclass('assessment_item_lists') as t")).toEqual([{ t: null }]);
    const forced = await db.admin<{ relname: string; forced: boolean }>(
      "select relname, relforcerowsecurity as forced from pg_class where relname in ('assessment_items', 'assessment_scores') order by relname",
    );
    expect(forced).toEqual([
      { relname: 'assessment_items', forced: true },
      { relname: 'assessment_scores', forced: true },
    ]);
    await expect(db.admin("update assessment_items set labels = '{}' where assessment_id = $1", [published])).rejects.toMatchObject({
      code: 'FG001',
    });
    expect(await db.admin("update assessment_items set labels = '{}' where assessment_id = $1 returning assessment_id", [draft])).toEqual([
      { assessment_id: draft },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, type MigratingDb, migrationFiles, openMigratingDb } from '../support/migrating-db.ts';

/**
 * Migrations that move data must move it as they run in production: as the owner role (not a
 * superuser, no BYPASSRLS) on tables whose row security is FORCED, with no tenant set. The suites
 * migrate empty databases, so this one stops before 0005, writes a hazard with its timeline and
 * a photo, migrates the rest, and checks nothing was lost (0006 once copied nothing here).
 */
const files = migrationFiles();
const before = files.filter((f) => f < '0005');
const after = files.filter((f) => f >= '0005');

let db: MigratingDb;
beforeAll(async () => {
  db = await openMigratingDb();
});
afterAll(() => db?.close());

describe('0005–0007: one timeline for hazards and tasks', () => {
  it('moves every hazard event and attachment across as the owner, under forced row security', async () => {
    await applyMigrations(db, before);
    const [tenant] = await db.admin<{ id: string }>(
      "insert into tenants (slug, name, kind) values ('mig', '迁移区', 'district') returning id",
    );
    const t = tenant!.id;
    const [user] = await db.admin<{ id: string }>(
      "insert into users (tenant_id, username, display_name, password_hash) values ($1, 'u', 'u', 'x') returning id",
      [t],
    );
    const [unit] = await db.admin<{ id: string }>(
      "insert into org_units (tenant_id, kind, name, path, depth) values ($1, 'street', '街道', '/x/', 1) returning id",
      [t],
    );
    const [category] = await db.admin<{ id: string }>(
      "insert into hazard_categories (tenant_id, code, name) values ($1, 'other', '其他') returning id",
      [t],
    );
    const [hazard] = await db.admin<{ id: string }>(
      `insert into hazards (tenant_id, number, category_id, org_unit_id, description, severity, source, reporter_id, chain_head)
       values ($1, 'YH-1', $2, $3, '楼道堆物', 'general', 'grid', $4, 'h2') returning id`,
      [t, category!.id, unit!.id, user!.id],
    );
    const h = hazard!.id;
    for (const [seq, prev, hash] of [
      [1, '0'.repeat(64), 'h1'],
      [2, 'h1', 'h2'],
    ] as const) {
      await db.admin(
        `insert into hazard_events (tenant_id, hazard_id, seq, at, actor_user_id, action, from_state, to_state, note, data, evidence_ids, prev_hash, hash)
         values ($1, $2, $3, now(), $4, 'report', null, 'reported', null, '{}', '{}', $5, $6)`,
        [t, h, seq, user!.id, prev, hash],
      );
    }
    await db.admin(
      `insert into evidence (tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, hazard_id, stage)
       values ($1, 'k', 'a.png', 'image/png', 1, $2, 'confirmed', $3, $4, 'report')`,
      [t, 'a'.repeat(64), user!.id, h],
    );

    await applyMigrations(db, after);

    const events = await db.admin<{ subject_type: string; subject_id: string; seq: number; prev_hash: string; hash: string }>(
      'select subject_type, subject_id, seq, prev_hash, hash from timeline_events order by seq',
    );
    expect(events).toEqual([
      { subject_type: 'hazard', subject_id: h, seq: 1, prev_hash: '0'.repeat(64), hash: 'h1' },
      { subject_type: 'hazard', subject_id: h, seq: 2, prev_hash: 'h1', hash: 'h2' },
    ]);
    expect(await db.admin('select subject_type, subject_id from evidence')).toEqual([{ subject_type: 'hazard', subject_id: h }]);
    expect(await db.admin("select to_regclass('hazard_events') as t")).toEqual([{ t: null }]);
    // Row security is back in force on what was lifted for the copy, and on the new table.
    const forced = await db.admin<{ relname: string; forced: boolean }>(
      "select relname, relforcerowsecurity as forced from pg_class where relname in ('evidence', 'timeline_events') order by relname",
    );
    expect(forced).toEqual([
      { relname: 'evidence', forced: true },
      { relname: 'timeline_events', forced: true },
    ]);
  });
});

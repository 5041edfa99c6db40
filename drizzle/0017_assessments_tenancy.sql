-- Tenancy and grants for rubrics and the monthly assessment (see 0001_tenancy.sql), the oversight
-- offices' read policy on district scores, and the database's own guard on published months.
SELECT firegrid_protect(t) FROM unnest(ARRAY[
  'rubrics', 'rubric_versions', 'assessments', 'assessment_scores', 'assessment_items', 'assessment_adjustments', 'district_scores'
]::regclass[]) AS t;
--> statement-breakpoint
-- Rubric versions are what published months were scored with: insert-only for the app. The rubric
-- row is locked (FOR UPDATE, hence UPDATE) to number its versions.
GRANT SELECT, INSERT ON rubric_versions TO firegrid_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON rubrics TO firegrid_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON assessments, assessment_adjustments TO firegrid_app;
--> statement-breakpoint
-- A district score is written once, on publishing; only its `current` mark moves (to a correction).
GRANT SELECT, INSERT ON district_scores TO firegrid_app;
--> statement-breakpoint
GRANT UPDATE (current) ON district_scores TO firegrid_app;
--> statement-breakpoint
-- A draft's scores and counted items are replaced when it is recomputed.
GRANT SELECT, INSERT, UPDATE, DELETE ON assessment_scores, assessment_items TO firegrid_app;
--> statement-breakpoint
-- The districts under an oversight office: its children and theirs (a province over cities over
-- districts); nothing when the tenant asking is not an oversight office. Reads tenants only, which
-- the app role may read anyway to resolve login slugs.
CREATE OR REPLACE FUNCTION firegrid_jurisdiction(office uuid) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
  WITH RECURSIVE below(id) AS (
    SELECT t.id FROM tenants t JOIN tenants o ON o.id = t.parent_id WHERE o.id = office AND o.kind = 'oversight'
    UNION
    SELECT t.id FROM tenants t JOIN below b ON t.parent_id = b.id
  )
  SELECT id FROM below
$$;
--> statement-breakpoint
-- The jurisdiction is read from tenants.parent_id and kind, so no session may rewrite them: the app
-- role (which inserts tenants for operators and never updates them today) keeps UPDATE only on
-- the columns that say nothing about who oversees whom.
REVOKE UPDATE ON tenants FROM firegrid_app;
--> statement-breakpoint
GRANT UPDATE (name, status, time_zone) ON tenants TO firegrid_app;
--> statement-breakpoint
-- An oversight office (the tenant set for the transaction) may read the published scores of the
-- districts of its jurisdiction, and nothing else: every other table keeps tenant_isolation only,
-- so a hazard, place, person or photo of a district is invisible to it whatever the code asks.
-- Rows exist here only once a month is published.
CREATE POLICY oversight_read ON district_scores AS PERMISSIVE FOR SELECT TO PUBLIC
  USING (tenant_id IN (SELECT firegrid_jurisdiction((select nullif(current_setting('app.tenant_id', true), ''))::uuid)));
--> statement-breakpoint
-- A published (or superseded) revision never changes: its scores, counted items and adjustments
-- are frozen, and the revision row itself may only go from published to superseded with nothing
-- else changed; a revision is born a draft. Corrections are a new revision. The parent is read
-- FOR SHARE so a publish in flight waits for (or blocks) a write to its children. Raised as
-- SQLSTATE FG001, which the API answers with 409. Holds against any code path, not only the app's.
CREATE OR REPLACE FUNCTION firegrid_assessment_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  state text;
BEGIN
  IF TG_TABLE_NAME = 'assessments' THEN
    IF TG_OP = 'INSERT' THEN
      IF NEW.status = 'draft' THEN RETURN NEW; END IF;
    ELSIF OLD.status = 'draft' THEN
      RETURN NEW;
    ELSIF OLD.status = 'published' AND NEW.status = 'superseded'
        AND (to_jsonb(NEW) - 'status' - 'version') = (to_jsonb(OLD) - 'status' - 'version') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'assessment % is published and frozen', coalesce(OLD.id, NEW.id) USING ERRCODE = 'FG001';
  END IF;
  target := CASE WHEN TG_OP = 'INSERT' THEN NEW.assessment_id ELSE OLD.assessment_id END;
  SELECT status INTO state FROM assessments WHERE id = target FOR SHARE;
  IF state IS DISTINCT FROM 'draft' THEN
    RAISE EXCEPTION 'assessment % is published and frozen', target USING ERRCODE = 'FG001';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER assessments_frozen BEFORE INSERT OR UPDATE ON assessments FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();
--> statement-breakpoint
CREATE TRIGGER assessment_scores_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_scores FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();
--> statement-breakpoint
CREATE TRIGGER assessment_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_items FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();
--> statement-breakpoint
CREATE TRIGGER assessment_adjustments_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_adjustments FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();
--> statement-breakpoint
-- What oversight offices read is exactly what was published: a district score is inserted only for
-- a published revision of the same district, month and revision, with the figures that revision
-- holds; afterwards only `current` may go from true to false (a correction published); never deleted.
CREATE OR REPLACE FUNCTION firegrid_district_score_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a record;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT * INTO a FROM assessments WHERE id = NEW.assessment_id FOR SHARE;
    IF a.status = 'published' AND a.tenant_id = NEW.tenant_id AND a.month = NEW.month AND a.revision = NEW.revision
        AND a.district_score IS NOT DISTINCT FROM NEW.score AND a.district_indicators = NEW.indicators THEN
      RETURN NEW;
    END IF;
  ELSIF TG_OP = 'UPDATE' AND OLD.current AND NOT NEW.current
      AND (to_jsonb(NEW) - 'current') = (to_jsonb(OLD) - 'current') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'district score % is not a published revision''s, or is frozen', coalesce(NEW.assessment_id, OLD.assessment_id) USING ERRCODE = 'FG001';
END $$;
--> statement-breakpoint
CREATE TRIGGER district_scores_guard BEFORE INSERT OR UPDATE OR DELETE ON district_scores FOR EACH ROW EXECUTE FUNCTION firegrid_district_score_guard();

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
GRANT SELECT, INSERT, UPDATE ON assessments, assessment_adjustments, district_scores TO firegrid_app;
--> statement-breakpoint
-- A draft's scores and counted items are replaced when it is recomputed.
GRANT SELECT, INSERT, UPDATE, DELETE ON assessment_scores, assessment_items TO firegrid_app;
--> statement-breakpoint
-- The districts under an oversight office: its children and theirs (a province over cities over
-- districts). Reads tenants only, which the app role may read anyway to resolve login slugs.
CREATE OR REPLACE FUNCTION firegrid_jurisdiction(office uuid) RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
  WITH RECURSIVE below(id) AS (
    SELECT id FROM tenants WHERE parent_id = office
    UNION
    SELECT t.id FROM tenants t JOIN below b ON t.parent_id = b.id
  )
  SELECT id FROM below
$$;
--> statement-breakpoint
-- An oversight office (the tenant set for the transaction) may read the published scores of the
-- districts of its jurisdiction, and nothing else: every other table keeps tenant_isolation only,
-- so a hazard, place, person or photo of a district is invisible to it whatever the code asks.
-- Rows exist here only once a month is published.
CREATE POLICY oversight_read ON district_scores AS PERMISSIVE FOR SELECT TO PUBLIC
  USING (tenant_id IN (SELECT firegrid_jurisdiction((select nullif(current_setting('app.tenant_id', true), ''))::uuid)));
--> statement-breakpoint
-- A published (or superseded) revision never changes: its scores, counted items and adjustments
-- are frozen, and the revision row itself may only go from published to superseded. Corrections
-- are a new revision. Holds against any code path, not only the app's.
CREATE OR REPLACE FUNCTION firegrid_assessment_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
  state text;
BEGIN
  IF TG_TABLE_NAME = 'assessments' THEN
    IF OLD.status = 'draft' OR (OLD.status = 'published' AND NEW.status = 'superseded'
        AND NEW.month = OLD.month AND NEW.revision = OLD.revision AND NEW.as_of = OLD.as_of
        AND NEW.computed_at = OLD.computed_at AND NEW.published_at = OLD.published_at) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'assessment % is published and frozen', OLD.id USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  target := CASE WHEN TG_OP = 'INSERT' THEN NEW.assessment_id ELSE OLD.assessment_id END;
  SELECT status INTO state FROM assessments WHERE id = target;
  IF state IS DISTINCT FROM 'draft' THEN
    RAISE EXCEPTION 'assessment % is published and frozen', target USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
--> statement-breakpoint
CREATE TRIGGER assessments_frozen BEFORE UPDATE ON assessments FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();
--> statement-breakpoint
CREATE TRIGGER assessment_scores_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_scores FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();
--> statement-breakpoint
CREATE TRIGGER assessment_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_items FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();
--> statement-breakpoint
CREATE TRIGGER assessment_adjustments_frozen BEFORE INSERT OR UPDATE OR DELETE ON assessment_adjustments FOR EACH ROW EXECUTE FUNCTION firegrid_assessment_frozen();

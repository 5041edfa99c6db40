-- The lists set aside in 0018 move into the reshaped assessment_items: one row per revision, a
-- subject per array position, counted for the units (by their kind in the revision's scores) whose
-- lists held it, with its [n, d] per indicator. A subject's n and d do not depend on the unit
-- counting it, so the lists of a street, its community and a company merge without loss; a unit's
-- drill-down reads back what its rubric's indicators listed. Row security is lifted while copying
-- (the owner, with no tenant set, would see and write nothing) and the frozen guard of 0017 paused
-- (published revisions are exactly what is being carried over), both restored below.
ALTER TABLE assessment_scores NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE assessment_items NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE assessment_items DISABLE TRIGGER assessment_items_frozen;
--> statement-breakpoint
-- Every list belongs to a scored unit of its revision, or its unit's kind would be lost.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM assessment_item_lists l
             WHERE NOT EXISTS (SELECT 1 FROM assessment_scores s WHERE s.assessment_id = l.assessment_id AND s.unit_id = l.unit_id)) THEN
    RAISE EXCEPTION 'assessment_item_lists has a list of a unit without a score: its kind is unknown';
  END IF;
END $$;
--> statement-breakpoint
INSERT INTO assessment_items (tenant_id, assessment_id, subject_types, subject_ids, labels, street_ids, community_ids, company_ids, counts)
SELECT tenant_id, assessment_id, array_agg(subject_type), array_agg(subject_id), array_agg(label),
       array_agg(street_id), array_agg(community_id), array_agg(company_id), array_agg(counts)
FROM (
  SELECT l.tenant_id, l.assessment_id, e->>'subjectType' AS subject_type, e->>'subjectId' AS subject_id, min(e->>'label') AS label,
         (array_agg(l.unit_id) FILTER (WHERE s.unit_kind = 'street'))[1] AS street_id,
         (array_agg(l.unit_id) FILTER (WHERE s.unit_kind = 'community'))[1] AS community_id,
         (array_agg(l.unit_id) FILTER (WHERE s.unit_kind = 'company'))[1] AS company_id,
         jsonb_object_agg(l.indicator, jsonb_build_array(e->'n', e->'d'))::text AS counts
  FROM assessment_item_lists l
  JOIN assessment_scores s ON s.assessment_id = l.assessment_id AND s.unit_id = l.unit_id
  CROSS JOIN jsonb_array_elements(l.items) e
  GROUP BY l.tenant_id, l.assessment_id, e->>'subjectType', e->>'subjectId'
) subjects
GROUP BY tenant_id, assessment_id;
--> statement-breakpoint
-- The lists go only once every subject of every revision has arrived.
DO $$ BEGIN
  IF (SELECT count(*) FROM (SELECT DISTINCT l.assessment_id, e->>'subjectType', e->>'subjectId'
                            FROM assessment_item_lists l CROSS JOIN jsonb_array_elements(l.items) e) listed)
     <> (SELECT coalesce(sum(cardinality(subject_ids)), 0) FROM assessment_items) THEN
    RAISE EXCEPTION 'assessment_items move incomplete: the lists and the moved subjects differ';
  END IF;
END $$;
--> statement-breakpoint
DROP TABLE assessment_item_lists;
--> statement-breakpoint
ALTER TABLE assessment_items ENABLE TRIGGER assessment_items_frozen;
--> statement-breakpoint
ALTER TABLE assessment_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE assessment_scores FORCE ROW LEVEL SECURITY;

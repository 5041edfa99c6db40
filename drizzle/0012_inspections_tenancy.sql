-- Tenancy and grants for inspections, patrols, facilities and maintenance (see 0001_tenancy.sql).
SELECT firegrid_protect(t) FROM unnest(ARRAY[
  'inspection_templates', 'inspection_template_versions', 'inspection_plans', 'inspections', 'inspection_results',
  'patrols', 'facilities', 'maintenance_policies', 'maintenance_records'
]::regclass[]) AS t;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON
  inspection_templates, inspection_plans, inspections, inspection_results, facilities, maintenance_policies, maintenance_records
TO firegrid_app;
--> statement-breakpoint
-- A template version is what finished inspections were judged by, and a patrol is a record of
-- where someone was: both are insert-only for the app.
GRANT SELECT, INSERT ON inspection_template_versions, patrols TO firegrid_app;

-- Tenancy and grants for task tracking's tables (see 0001_tenancy.sql for the pattern).
SELECT firegrid_protect(t) FROM unnest(ARRAY[
  'campaigns', 'campaign_phases', 'campaign_units', 'duties', 'task_assignments', 'tasks'
]::regclass[]) AS t;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON campaigns, campaign_phases, campaign_units, duties, tasks TO firegrid_app;
--> statement-breakpoint
-- What an assigner wrote is kept as written: tasks fanned out from it point at it for good.
GRANT SELECT, INSERT ON task_assignments TO firegrid_app;

-- Tenancy and grants for the hazard loop's tables (see 0001_tenancy.sql for the pattern).
SELECT firegrid_protect(t) FROM unnest(ARRAY[
  'hazard_categories', 'hazard_policies', 'routing_rules', 'hazards', 'hazard_parties',
  'hazard_events', 'evidence', 'lookbacks', 'lookback_items', 'idempotency_keys'
]::regclass[]) AS t;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON
  hazard_categories, hazard_policies, routing_rules, hazards, hazard_parties,
  evidence, lookbacks, lookback_items, idempotency_keys
TO firegrid_app;
--> statement-breakpoint
-- The timeline is append-only for the app: no UPDATE, DELETE or TRUNCATE, ever.
GRANT SELECT, INSERT ON hazard_events TO firegrid_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON hazard_events FROM firegrid_app;

-- Tenancy enforced in Postgres (DESIGN.md): the unprivileged app role, row-level security ENABLED
-- and FORCED on every table with a tenant_id, and the grants the app role gets. Runs as the owner.
-- drizzle-kit cannot express FORCE or roles, hence this hand-written migration.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'firegrid_app') THEN
    CREATE ROLE firegrid_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO firegrid_app;
--> statement-breakpoint
-- The owner (who runs migrations and may log in as the connection role on PGlite) must be able to
-- switch to the app role for each transaction.
DO $$
BEGIN
  EXECUTE format('GRANT firegrid_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- already a member, or the owner is a superuser
END $$;
--> statement-breakpoint
-- One call per tenant-owned table, now and in every later migration that adds one.
CREATE OR REPLACE FUNCTION firegrid_protect(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s AS PERMISSIVE FOR ALL TO PUBLIC '
    'USING (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), ''''))::uuid) '
    'WITH CHECK (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), ''''))::uuid)', tbl);
END $$;
--> statement-breakpoint
SELECT firegrid_protect(t) FROM unnest(ARRAY[
  'org_units', 'departments', 'companies', 'company_compounds', 'places',
  'users', 'role_assignments', 'sessions', 'refresh_tokens'
]::regclass[]) AS t;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON
  org_units, departments, companies, company_compounds, places,
  users, role_assignments, sessions, refresh_tokens
TO firegrid_app;
--> statement-breakpoint
-- Tenants: readable to resolve a login slug; created by operators through the app.
GRANT SELECT, INSERT, UPDATE ON tenants TO firegrid_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO firegrid_app;
--> statement-breakpoint
-- Audit: append-only for the app (INSERT + SELECT, never UPDATE/DELETE/TRUNCATE). Events of no
-- known tenant (a login to an unknown slug) have tenant_id NULL and may only be written while no
-- tenant is set; nobody reads them through the app.
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_events AS PERMISSIVE FOR ALL TO PUBLIC
  USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), ''))::uuid)
  WITH CHECK (tenant_id IS NOT DISTINCT FROM (select nullif(current_setting('app.tenant_id', true), ''))::uuid);
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO firegrid_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM firegrid_app;

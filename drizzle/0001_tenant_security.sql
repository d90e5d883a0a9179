-- Hand-written: what drizzle-kit cannot express. Row-level security, the tenant role,
-- and the append-only audit tables. Runs the same on PostgreSQL and PGlite.

DO $$ BEGIN
  CREATE ROLE app_tenant NOLOGIN NOINHERIT;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
--> statement-breakpoint
-- The service's own login must be able to switch to the tenant role per transaction.
DO $$ BEGIN
  EXECUTE format('GRANT app_tenant TO %I', current_user);
EXCEPTION WHEN others THEN NULL;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO app_tenant;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_tenant;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_tenant;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_current_organization() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.organization_id', true), '')::uuid $$;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organizations TO app_tenant
  USING (id = app_current_organization()) WITH CHECK (id = app_current_organization());
--> statement-breakpoint
ALTER TABLE organization_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organization_members TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON workspaces TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE workspace_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON workspace_members TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_keys TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_logs TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE audit_log_seals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_log_seals TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE audit_log_unsealed ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_log_unsealed TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
-- Idempotency records belong to a caller, not a tenant: only the service's own role reads them.
REVOKE ALL ON idempotency_keys FROM app_tenant;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$ BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
  END $$;
--> statement-breakpoint
CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_seals_append_only BEFORE UPDATE OR DELETE ON audit_log_seals
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_seals_no_truncate BEFORE TRUNCATE ON audit_log_seals
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
-- A domain is unique across the platform, but the tenant role sees only its organization:
-- this answers the one cross-tenant question it needs, and nothing more.
CREATE OR REPLACE FUNCTION organization_domain_taken(p_domain text, p_except uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT exists(SELECT 1 FROM organizations WHERE domain = p_domain AND deleted_at IS NULL AND id IS DISTINCT FROM p_except) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION organization_domain_taken(text, uuid) FROM public;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION organization_domain_taken(text, uuid) TO app_tenant;

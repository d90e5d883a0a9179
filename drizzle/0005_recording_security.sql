-- Hand-written: row-level security for the recording tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON recordings, conversations TO app_tenant;
--> statement-breakpoint
ALTER TABLE recordings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON recordings TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON conversations TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());

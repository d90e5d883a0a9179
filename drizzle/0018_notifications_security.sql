-- Hand-written: row-level security for notifications. A user's own list (GET /v1/me/notifications)
-- is read as platform work filtered by the user; the tenant role sees its organization's rows only.
GRANT SELECT, INSERT, UPDATE, DELETE ON notifications TO app_tenant;
--> statement-breakpoint
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON notifications TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());

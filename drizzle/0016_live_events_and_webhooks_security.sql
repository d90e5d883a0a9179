-- Hand-written: row-level security for the live event store and the webhook tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON live_events, webhook_endpoints, webhook_deliveries TO app_tenant;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE live_events_position_seq TO app_tenant;
--> statement-breakpoint
ALTER TABLE live_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON live_events TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_endpoints TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON webhook_deliveries TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());

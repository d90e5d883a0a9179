-- Hand-written: row-level security for the audit subject keys, erasure requests, deletion receipts and export archives.
-- Receipts are evidence: the application may add and complete them, never delete them.
GRANT SELECT, INSERT, UPDATE ON audit_subject_keys, erasure_requests, data_deletion_receipts, organization_exports TO app_tenant;
--> statement-breakpoint
ALTER TABLE audit_subject_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_subject_keys TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE erasure_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON erasure_requests TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE data_deletion_receipts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON data_deletion_receipts TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE organization_exports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organization_exports TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());

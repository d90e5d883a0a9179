-- Hand-written: row-level security for the paused intervals of calls' recordings.
GRANT SELECT, INSERT, UPDATE ON call_recording_pauses TO app_tenant;
--> statement-breakpoint
ALTER TABLE call_recording_pauses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON call_recording_pauses TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());

-- Hand-written: row-level security for the telephony tables, and the one platform-wide
-- question the tenant role may ask about phone numbers.
GRANT SELECT, INSERT, UPDATE, DELETE ON twilio_accounts, phone_numbers, agents, agent_numbers, calls, call_participants TO app_tenant;
--> statement-breakpoint
ALTER TABLE twilio_accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON twilio_accounts TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE phone_numbers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON phone_numbers TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE agents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON agents TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE agent_numbers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON agent_numbers TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON calls TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE call_participants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON call_participants TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
-- A number belongs to one workspace across the platform; the tenant role cannot see the others.
CREATE OR REPLACE FUNCTION phone_number_taken(p_e164 text, p_except uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT exists(SELECT 1 FROM phone_numbers WHERE e164 = p_e164 AND deleted_at IS NULL AND id IS DISTINCT FROM p_except) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION phone_number_taken(text, uuid) FROM public;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION phone_number_taken(text, uuid) TO app_tenant;

-- Hand-written: row-level security for the analysis tables; scoring versions and past results are never rewritten.
GRANT SELECT, INSERT, UPDATE, DELETE ON analyses, analysis_results, scoring_configs, reviewer_loads, analytics_daily TO app_tenant;
--> statement-breakpoint
ALTER TABLE analyses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON analyses TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE analysis_results ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON analysis_results TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE scoring_configs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON scoring_configs TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE reviewer_loads ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON reviewer_loads TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE analytics_daily ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON analytics_daily TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
CREATE TRIGGER scoring_configs_append_only BEFORE UPDATE OR DELETE ON scoring_configs
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER analysis_results_append_only BEFORE UPDATE OR DELETE ON analysis_results
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Hand-written: row-level security for the domain claims and invitations, and the one
-- cross-tenant question about domains the tenant role needs, now about verified claims.
ALTER TABLE organization_domains ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organization_domains TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
ALTER TABLE organization_invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON organization_invitations TO app_tenant
  USING (organization_id = app_current_organization()) WITH CHECK (organization_id = app_current_organization());
--> statement-breakpoint
-- Many organizations may claim a domain; one live organization at most holds it verified.
-- The tenant role sees only its own claim: this answers whether another holds it, and nothing more.
CREATE OR REPLACE FUNCTION organization_domain_taken(p_domain text, p_except uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT exists(
    SELECT 1 FROM organization_domains d JOIN organizations o ON o.id = d.organization_id
    WHERE d.domain = p_domain AND d.status = 'verified' AND o.deleted_at IS NULL AND d.organization_id IS DISTINCT FROM p_except
  ) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION organization_domain_taken(text, uuid) FROM public;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION organization_domain_taken(text, uuid) TO app_tenant;

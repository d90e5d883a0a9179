ALTER TABLE "idempotency_keys" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "results" jsonb;--> statement-breakpoint
-- A command journals its result under the request's Idempotency-Key in its own transaction,
-- which runs as app_tenant: that role cannot touch idempotency_keys, so it goes through this
-- function, and only for a key of its own organization (or of no organization).
CREATE OR REPLACE FUNCTION record_idempotent_result(p_principal text, p_key text, p_result text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  UPDATE idempotency_keys
     SET results = coalesce(results, '[]'::jsonb) || jsonb_build_array(p_result)
   WHERE principal = p_principal AND key = p_key AND completed_at IS NULL
     AND (organization_id IS NULL OR organization_id::text = current_setting('app.organization_id', true));
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION record_idempotent_result(text, text, text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION record_idempotent_result(text, text, text) TO app_tenant;

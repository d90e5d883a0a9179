-- Hand-written: an analysis's result history stays append-only, except that an erasure may
-- redact the evidence it quotes. The eraser says so for its transaction (app.erasure = 'on');
-- even then only `result` may change, and rows are never deleted.
CREATE FUNCTION refuse_change_unless_erasing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND current_setting('app.erasure', true) = 'on'
     AND NEW.id = OLD.id AND NEW.organization_id = OLD.organization_id
     AND NEW.analysis_id = OLD.analysis_id AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
DROP TRIGGER analysis_results_append_only ON analysis_results;
--> statement-breakpoint
CREATE TRIGGER analysis_results_append_only BEFORE UPDATE OR DELETE ON analysis_results
  FOR EACH ROW EXECUTE FUNCTION refuse_change_unless_erasing();

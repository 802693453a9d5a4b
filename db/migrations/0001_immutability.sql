-- Evidence tables refuse rewriting. Versions and audit events can never change or disappear;
-- a signature may only be stamped as withdrawn, once.
CREATE OR REPLACE FUNCTION undersigned_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: the record is evidence', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER letter_versions_immutable BEFORE UPDATE OR DELETE ON letter_versions
  FOR EACH ROW EXECUTE FUNCTION undersigned_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION undersigned_refuse_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION undersigned_signature_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE on signatures is not allowed: the record is evidence'
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL
     AND (to_jsonb(NEW) - 'withdrawn_at') = (to_jsonb(OLD) - 'withdrawn_at') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'UPDATE on signatures is not allowed except a first withdrawal'
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER signatures_guard BEFORE UPDATE OR DELETE ON signatures
  FOR EACH ROW EXECUTE FUNCTION undersigned_signature_guard();

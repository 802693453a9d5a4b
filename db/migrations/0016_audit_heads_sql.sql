-- The head of every existing audit chain, so that deleting the newest event of a chain written before this
-- migration is detected too. Their mac stays null until `npm run db:verify -- --seal` (a migration has no APP_SECRET).
INSERT INTO audit_heads (chain, office_id, letter_id, last_id, last_hash, events)
SELECT chain, office_id, letter_id, last_id, last_hash, events FROM (
  SELECT
    CASE WHEN letter_id IS NOT NULL THEN 'letter:' || letter_id::text
         WHEN office_id IS NOT NULL THEN 'office:' || office_id::text
         ELSE 'global' END AS chain,
    office_id, letter_id, id AS last_id, hash AS last_hash,
    count(*) OVER (PARTITION BY letter_id, CASE WHEN letter_id IS NULL THEN office_id END)::int AS events,
    row_number() OVER (PARTITION BY letter_id, CASE WHEN letter_id IS NULL THEN office_id END ORDER BY id DESC) AS rn
  FROM audit_events
) heads WHERE rn = 1
ON CONFLICT (chain) DO NOTHING;
--> statement-breakpoint
-- A head only ever moves forward by one event (or gets its seal); it is never deleted.
CREATE OR REPLACE FUNCTION undersigned_audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'DELETE on audit_heads is not allowed: the record is evidence'
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.chain IS DISTINCT FROM OLD.chain OR NEW.office_id IS DISTINCT FROM OLD.office_id
     OR NEW.letter_id IS DISTINCT FROM OLD.letter_id THEN
    RAISE EXCEPTION 'an audit head cannot move to another chain' USING ERRCODE = 'restrict_violation';
  END IF;
  IF NEW.last_id = OLD.last_id AND NEW.last_hash = OLD.last_hash AND NEW.events = OLD.events THEN
    RETURN NEW; -- sealing (the mac) only
  END IF;
  IF NEW.last_id > OLD.last_id AND NEW.events = OLD.events + 1 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an audit head only moves forward by one event' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_heads_guard BEFORE UPDATE OR DELETE ON audit_heads
  FOR EACH ROW EXECUTE FUNCTION undersigned_audit_head_guard();
--> statement-breakpoint
-- Row triggers do not fire on TRUNCATE: refuse it on every evidence table as a statement.
CREATE OR REPLACE FUNCTION undersigned_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TRUNCATE on % is not allowed: the record is evidence', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION undersigned_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
  FOR EACH STATEMENT EXECUTE FUNCTION undersigned_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER letter_versions_no_truncate BEFORE TRUNCATE ON letter_versions
  FOR EACH STATEMENT EXECUTE FUNCTION undersigned_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures
  FOR EACH STATEMENT EXECUTE FUNCTION undersigned_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER reply_revisions_no_truncate BEFORE TRUNCATE ON reply_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION undersigned_refuse_truncate();

-- Replies logged before kinds were split: "reply" is a substantive reply, "holding" stays.
UPDATE replies SET kind = 'substantive' WHERE kind = 'reply';
--> statement-breakpoint
UPDATE replies SET search_text = concat_ws(' ', sender_name, sender_role, body) WHERE search_text = '';
--> statement-breakpoint
-- Until now a reply answered the whole letter: link it to every "to" addressee.
INSERT INTO reply_addressees (reply_id, addressee_id, letter_id, office_id)
  SELECT r.id, a.id, r.letter_id, r.office_id FROM replies r JOIN addressees a ON a.letter_id = r.letter_id AND a.kind = 'to'
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- A correction keeps the previous state here: that record is evidence.
CREATE TRIGGER reply_revisions_immutable BEFORE UPDATE OR DELETE ON reply_revisions
  FOR EACH ROW EXECUTE FUNCTION undersigned_refuse_change();

-- Hazards and tasks share one timeline and one evidence store. Move the hazard timeline across
-- unchanged (same seq, hashes and order: chains stay valid, see src/features/timeline/chain.ts)
-- and say which subject each attached file belongs to. The old table and column go in 0007.
-- Row security is FORCED on both tables, for their owner too, and no tenant is set here: without
-- lifting it the migrating role would see no rows, copy nothing, and 0007 would drop the record.
ALTER TABLE hazard_events NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE evidence NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state, note, data, evidence_ids, prev_hash, hash)
SELECT tenant_id, 'hazard', hazard_id, seq, at, actor_user_id, action, from_state::text, to_state::text, note, data, evidence_ids, prev_hash, hash
FROM hazard_events ORDER BY id;
--> statement-breakpoint
-- 0007 drops the old table: never unless every event made it across.
DO $$ BEGIN
  IF (SELECT count(*) FROM hazard_events) <> (SELECT count(*) FROM timeline_events WHERE subject_type = 'hazard') THEN
    RAISE EXCEPTION 'timeline copy incomplete: hazard_events and timeline_events differ';
  END IF;
END $$;
--> statement-breakpoint
UPDATE evidence SET subject_type = 'hazard', subject_id = hazard_id WHERE hazard_id IS NOT NULL;
--> statement-breakpoint
ALTER TABLE evidence FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
SELECT firegrid_protect('timeline_events'::regclass);
--> statement-breakpoint
-- Append-only for the app, as the hazard timeline was: no UPDATE, DELETE or TRUNCATE, ever.
GRANT SELECT, INSERT ON timeline_events TO firegrid_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON timeline_events FROM firegrid_app;

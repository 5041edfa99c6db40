-- Hazards and tasks share one timeline and one evidence store. Move the hazard timeline across
-- unchanged (same seq, hashes and order: chains stay valid, see src/features/timeline/chain.ts)
-- and say which subject each attached file belongs to. The old table and column go in 0007.
INSERT INTO timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state, note, data, evidence_ids, prev_hash, hash)
SELECT tenant_id, 'hazard', hazard_id, seq, at, actor_user_id, action, from_state::text, to_state::text, note, data, evidence_ids, prev_hash, hash
FROM hazard_events ORDER BY id;
--> statement-breakpoint
UPDATE evidence SET subject_type = 'hazard', subject_id = hazard_id WHERE hazard_id IS NOT NULL;
--> statement-breakpoint
SELECT firegrid_protect('timeline_events'::regclass);
--> statement-breakpoint
-- Append-only for the app, as the hazard timeline was: no UPDATE, DELETE or TRUNCATE, ever.
GRANT SELECT, INSERT ON timeline_events TO firegrid_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON timeline_events FROM firegrid_app;

ALTER TABLE "hazard_events" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "hazard_events" CASCADE;--> statement-breakpoint
ALTER TABLE "evidence" DROP CONSTRAINT "evidence_hazard_id_hazards_id_fk";
--> statement-breakpoint
DROP INDEX "evidence_hazard_id_index";--> statement-breakpoint
ALTER TABLE "evidence" DROP COLUMN "hazard_id";--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_subject" CHECK (("evidence"."subject_type" is null) = ("evidence"."subject_id" is null) and "evidence"."subject_type" in ('hazard', 'task'));
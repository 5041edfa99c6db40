ALTER TYPE "public"."evidence_stage" ADD VALUE 'work';--> statement-breakpoint
CREATE TABLE "timeline_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "timeline_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"note" text,
	"data" jsonb NOT NULL,
	"evidence_ids" uuid[] NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "timeline_events_seq_uq" UNIQUE("subject_id","seq"),
	CONSTRAINT "timeline_events_subject_type" CHECK ("timeline_events"."subject_type" in ('hazard', 'task'))
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "subject_type" text;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "subject_id" uuid;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "timeline_events_tenant_id_index" ON "timeline_events" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "evidence_subject_id_index" ON "evidence" USING btree ("subject_id");
CREATE TABLE "assessment_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"points" double precision NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp (3) with time zone,
	"withdrawn_by" uuid,
	"carried_from_id" uuid,
	CONSTRAINT "assessment_adjustments_kind" CHECK ("assessment_adjustments"."kind" in ('bonus', 'deduction', 'veto')),
	CONSTRAINT "assessment_adjustments_points" CHECK ("assessment_adjustments"."points" >= 0 and "assessment_adjustments"."points" <= 100 and ("assessment_adjustments"."kind" <> 'veto' or "assessment_adjustments"."points" = 0))
);
--> statement-breakpoint
CREATE TABLE "assessment_items" (
	"tenant_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"indicator" text NOT NULL,
	"items" jsonb NOT NULL,
	CONSTRAINT "assessment_items_assessment_id_unit_id_indicator_pk" PRIMARY KEY("assessment_id","unit_id","indicator")
);
--> statement-breakpoint
CREATE TABLE "assessment_scores" (
	"tenant_id" uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_kind" text NOT NULL,
	"unit_name" text NOT NULL,
	"parent_name" text,
	"rubric_version_id" uuid NOT NULL,
	"indicators" jsonb NOT NULL,
	"totals" jsonb NOT NULL,
	"base" double precision,
	"adjustment" double precision DEFAULT 0 NOT NULL,
	"vetoed" boolean DEFAULT false NOT NULL,
	"final" double precision,
	"rank" integer,
	"flags" jsonb NOT NULL,
	CONSTRAINT "assessment_scores_assessment_id_unit_id_pk" PRIMARY KEY("assessment_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"month" text NOT NULL,
	"revision" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"as_of" timestamp (3) with time zone NOT NULL,
	"computed_at" timestamp (3) with time zone NOT NULL,
	"computed_by" uuid,
	"published_at" timestamp (3) with time zone,
	"published_by" uuid,
	"note" text DEFAULT '' NOT NULL,
	"district_score" double precision,
	"district_indicators" jsonb NOT NULL,
	"district_counts" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessments_revision_uq" UNIQUE("tenant_id","month","revision"),
	CONSTRAINT "assessments_month" CHECK ("assessments"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "assessments_status" CHECK ("assessments"."status" in ('draft', 'published', 'superseded')),
	CONSTRAINT "assessments_published" CHECK (("assessments"."status" = 'draft') = ("assessments"."published_at" is null))
);
--> statement-breakpoint
CREATE TABLE "district_scores" (
	"tenant_id" uuid NOT NULL,
	"assessment_id" uuid PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"revision" integer NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"rubric_version" text NOT NULL,
	"score" double precision,
	"indicators" jsonb NOT NULL,
	"aggregates" jsonb NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rubric_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"rubric_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"effective_from" text NOT NULL,
	"indicators" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubric_versions_number_uq" UNIQUE("rubric_id","number"),
	CONSTRAINT "rubric_versions_month" CHECK ("rubric_versions"."effective_from" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "rubrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"unit_kind" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rubrics_kind_uq" UNIQUE("tenant_id","unit_kind"),
	CONSTRAINT "rubrics_unit_kind" CHECK ("rubrics"."unit_kind" in ('street', 'community', 'company'))
);
--> statement-breakpoint
ALTER TABLE "evidence" DROP CONSTRAINT "evidence_subject";--> statement-breakpoint
ALTER TABLE "assessment_adjustments" ADD CONSTRAINT "assessment_adjustments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_adjustments" ADD CONSTRAINT "assessment_adjustments_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_adjustments" ADD CONSTRAINT "assessment_adjustments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_adjustments" ADD CONSTRAINT "assessment_adjustments_withdrawn_by_users_id_fk" FOREIGN KEY ("withdrawn_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD CONSTRAINT "assessment_items_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_rubric_version_id_rubric_versions_id_fk" FOREIGN KEY ("rubric_version_id") REFERENCES "public"."rubric_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_computed_by_users_id_fk" FOREIGN KEY ("computed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_scores" ADD CONSTRAINT "district_scores_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "district_scores" ADD CONSTRAINT "district_scores_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_versions" ADD CONSTRAINT "rubric_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_versions" ADD CONSTRAINT "rubric_versions_rubric_id_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "public"."rubrics"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_versions" ADD CONSTRAINT "rubric_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubrics" ADD CONSTRAINT "rubrics_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_adjustments_tenant_id_index" ON "assessment_adjustments" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "assessment_adjustments_assessment_id_index" ON "assessment_adjustments" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "assessment_items_tenant_id_index" ON "assessment_items" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "assessment_scores_tenant_id_index" ON "assessment_scores" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "assessments_tenant_id_index" ON "assessments" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_one_draft_uq" ON "assessments" USING btree ("tenant_id","month") WHERE "assessments"."status" = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_one_published_uq" ON "assessments" USING btree ("tenant_id","month") WHERE "assessments"."status" = 'published';--> statement-breakpoint
CREATE INDEX "district_scores_tenant_id_index" ON "district_scores" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "district_scores_month_idx" ON "district_scores" USING btree ("month","current");--> statement-breakpoint
CREATE UNIQUE INDEX "district_scores_one_current_uq" ON "district_scores" USING btree ("tenant_id","month") WHERE "district_scores"."current";--> statement-breakpoint
CREATE INDEX "rubric_versions_tenant_id_index" ON "rubric_versions" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "rubrics_tenant_id_index" ON "rubrics" USING btree ("tenant_id");--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_subject" CHECK (("evidence"."subject_type" is null) = ("evidence"."subject_id" is null) and "evidence"."subject_type" in ('hazard', 'task', 'maintenance_record', 'patrol', 'assessment_adjustment'));
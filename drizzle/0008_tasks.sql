CREATE TYPE "public"."assignee_kind" AS ENUM('org_unit', 'department', 'company');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('active', 'archived');--> statement-breakpoint
CREATE TYPE "public"."campaign_unit_role" AS ENUM('lead', 'responsible');--> statement-breakpoint
CREATE TYPE "public"."task_state" AS ENUM('assigned', 'in_progress', 'submitted', 'returned', 'done', 'cancelled');--> statement-breakpoint
CREATE TABLE "campaign_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"name" text NOT NULL,
	"goal" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	CONSTRAINT "campaign_phases_ordinal_uq" UNIQUE("campaign_id","ordinal"),
	CONSTRAINT "campaign_phases_dates" CHECK ("campaign_phases"."starts_on" <= "campaign_phases"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "campaign_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"role" "campaign_unit_role" NOT NULL,
	"kind" "assignee_kind" NOT NULL,
	"org_unit_id" uuid,
	"department_id" uuid,
	"company_id" uuid,
	CONSTRAINT "campaign_units_one_target" CHECK (("campaign_units"."kind" = 'org_unit') = ("campaign_units"."org_unit_id" is not null) and ("campaign_units"."kind" = 'department') = ("campaign_units"."department_id" is not null)
      and ("campaign_units"."kind" = 'company') = ("campaign_units"."company_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"goal" text NOT NULL,
	"scope_org_unit_id" uuid,
	"template_code" text,
	"status" "campaign_status" DEFAULT 'active' NOT NULL,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"frequency" text NOT NULL,
	"assignees" jsonb NOT NULL,
	"done" jsonb NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"active" boolean DEFAULT true NOT NULL,
	"campaign_id" uuid,
	"created_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duties_frequency" CHECK ("duties"."frequency" in ('daily', 'weekly', 'monthly', 'quarterly'))
);
--> statement-breakpoint
CREATE TABLE "task_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid,
	"phase_id" uuid,
	"duty_id" uuid,
	"period_key" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"done" jsonb NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"assignees" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_assignments_duty_period_uq" UNIQUE("tenant_id","duty_id","period_key"),
	CONSTRAINT "task_assignments_duty_period" CHECK (("task_assignments"."duty_id" is null) = ("task_assignments"."period_key" is null))
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"kind" "assignee_kind" NOT NULL,
	"org_unit_id" uuid,
	"department_id" uuid,
	"company_id" uuid,
	"state" "task_state" DEFAULT 'assigned' NOT NULL,
	"progress" jsonb NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"submitted_at" timestamp (3) with time zone,
	"completed_at" timestamp (3) with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp (3) with time zone,
	"return_count" integer DEFAULT 0 NOT NULL,
	"chain_head" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_assignee_uq" UNIQUE NULLS NOT DISTINCT("assignment_id","org_unit_id","department_id","company_id"),
	CONSTRAINT "tasks_one_target" CHECK (("tasks"."kind" = 'org_unit') = ("tasks"."org_unit_id" is not null) and ("tasks"."kind" = 'department') = ("tasks"."department_id" is not null)
      and ("tasks"."kind" = 'company') = ("tasks"."company_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "campaign_phases" ADD CONSTRAINT "campaign_phases_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_phases" ADD CONSTRAINT "campaign_phases_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_units" ADD CONSTRAINT "campaign_units_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_units" ADD CONSTRAINT "campaign_units_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_units" ADD CONSTRAINT "campaign_units_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_units" ADD CONSTRAINT "campaign_units_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_units" ADD CONSTRAINT "campaign_units_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_scope_org_unit_id_org_units_id_fk" FOREIGN KEY ("scope_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duties" ADD CONSTRAINT "duties_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duties" ADD CONSTRAINT "duties_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duties" ADD CONSTRAINT "duties_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_phase_id_campaign_phases_id_fk" FOREIGN KEY ("phase_id") REFERENCES "public"."campaign_phases"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_duty_id_duties_id_fk" FOREIGN KEY ("duty_id") REFERENCES "public"."duties"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_assignments" ADD CONSTRAINT "task_assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignment_id_task_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."task_assignments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_phases_tenant_id_index" ON "campaign_phases" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "campaign_units_tenant_id_index" ON "campaign_units" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "campaign_units_campaign_id_index" ON "campaign_units" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "campaigns_tenant_id_index" ON "campaigns" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "duties_tenant_id_index" ON "duties" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "task_assignments_tenant_id_index" ON "task_assignments" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "task_assignments_campaign_id_index" ON "task_assignments" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "tasks_tenant_id_index" ON "tasks" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "tasks_assignment_id_index" ON "tasks" USING btree ("assignment_id");--> statement-breakpoint
CREATE INDEX "tasks_org_unit_id_index" ON "tasks" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "tasks_department_id_index" ON "tasks" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "tasks_company_id_index" ON "tasks" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "tasks_open_due_idx" ON "tasks" USING btree ("tenant_id","state","due_at");
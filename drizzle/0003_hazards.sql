CREATE TYPE "public"."evidence_stage" AS ENUM('report', 'rectification', 'verification', 'recheck');--> statement-breakpoint
CREATE TYPE "public"."evidence_status" AS ENUM('pending', 'confirmed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."hazard_outcome" AS ENUM('fixed', 'duplicate', 'not_a_hazard', 'enforcement');--> statement-breakpoint
CREATE TYPE "public"."hazard_source" AS ENUM('patrol', 'inspection', 'grid', 'citizen', 'sensor');--> statement-breakpoint
CREATE TYPE "public"."hazard_state" AS ENUM('reported', 'routed', 'rectifying', 'submitted', 'closed');--> statement-breakpoint
CREATE TYPE "public"."party_kind" AS ENUM('company', 'org_unit', 'department', 'place_owner');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('general', 'major');--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"object_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"status" "evidence_status" DEFAULT 'pending' NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp (3) with time zone,
	"hazard_id" uuid,
	"stage" "evidence_stage",
	CONSTRAINT "evidence_objectKey_unique" UNIQUE("object_key")
);
--> statement-breakpoint
CREATE TABLE "hazard_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"rectify_days" integer,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazard_categories_code_uq" UNIQUE("tenant_id","code")
);
--> statement-breakpoint
CREATE TABLE "hazard_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "hazard_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" uuid NOT NULL,
	"hazard_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"from_state" "hazard_state",
	"to_state" "hazard_state" NOT NULL,
	"note" text,
	"data" jsonb NOT NULL,
	"evidence_ids" uuid[] NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "hazard_events_seq_uq" UNIQUE("hazard_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hazard_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"hazard_id" uuid NOT NULL,
	"lead" boolean NOT NULL,
	"kind" "party_kind" NOT NULL,
	"org_unit_id" uuid,
	"company_id" uuid,
	"department_id" uuid,
	CONSTRAINT "hazard_parties_one_target" CHECK (num_nonnulls("hazard_parties"."org_unit_id", "hazard_parties"."company_id", "hazard_parties"."department_id") = case when "hazard_parties"."kind" = 'place_owner' then 0 else 1 end)
);
--> statement-breakpoint
CREATE TABLE "hazard_policies" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"respond_hours" integer NOT NULL,
	"rectify_days_general" integer NOT NULL,
	"rectify_days_major" integer NOT NULL,
	"escalation_chain" jsonb NOT NULL,
	"escalation_interval_hours" integer NOT NULL,
	"max_files_per_hazard" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"category_id" uuid NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"place_id" uuid,
	"description" text NOT NULL,
	"severity" "severity" NOT NULL,
	"source" "hazard_source" NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"state" "hazard_state" DEFAULT 'reported' NOT NULL,
	"outcome" "hazard_outcome",
	"reporter_id" uuid NOT NULL,
	"router_id" uuid,
	"reported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"routed_at" timestamp (3) with time zone,
	"respond_by" timestamp (3) with time zone,
	"due_at" timestamp (3) with time zone,
	"accepted_at" timestamp (3) with time zone,
	"submitted_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp (3) with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"reject_count" integer DEFAULT 0 NOT NULL,
	"extension_count" integer DEFAULT 0 NOT NULL,
	"pending_extension" jsonb,
	"duplicate_of_id" uuid,
	"chain_head" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hazards_number_uq" UNIQUE("tenant_id","number"),
	CONSTRAINT "hazards_outcome_iff_closed" CHECK (("hazards"."state" = 'closed') = ("hazards"."outcome" is not null))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_tenant_id_user_id_key_pk" PRIMARY KEY("tenant_id","user_id","key")
);
--> statement-breakpoint
CREATE TABLE "lookback_items" (
	"tenant_id" uuid NOT NULL,
	"lookback_id" uuid NOT NULL,
	"hazard_id" uuid NOT NULL,
	"result" text DEFAULT 'pending' NOT NULL,
	"checked_by" uuid,
	"checked_at" timestamp (3) with time zone,
	"note" text,
	CONSTRAINT "lookback_items_lookback_id_hazard_id_pk" PRIMARY KEY("lookback_id","hazard_id")
);
--> statement-breakpoint
CREATE TABLE "lookbacks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"title" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"category_id" uuid,
	"org_unit_id" uuid,
	"party_kind" "party_kind" NOT NULL,
	"party_org_unit_id" uuid,
	"party_company_id" uuid,
	"party_department_id" uuid,
	"assist_department_id" uuid,
	"rectify_days" integer,
	"priority" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_categories" ADD CONSTRAINT "hazard_categories_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_events" ADD CONSTRAINT "hazard_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_parties" ADD CONSTRAINT "hazard_parties_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_parties" ADD CONSTRAINT "hazard_parties_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_parties" ADD CONSTRAINT "hazard_parties_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_parties" ADD CONSTRAINT "hazard_parties_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_parties" ADD CONSTRAINT "hazard_parties_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazard_policies" ADD CONSTRAINT "hazard_policies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_category_id_hazard_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."hazard_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_router_id_users_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hazards" ADD CONSTRAINT "hazards_duplicate_of_id_hazards_id_fk" FOREIGN KEY ("duplicate_of_id") REFERENCES "public"."hazards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_lookback_id_lookbacks_id_fk" FOREIGN KEY ("lookback_id") REFERENCES "public"."lookbacks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookback_items" ADD CONSTRAINT "lookback_items_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookbacks" ADD CONSTRAINT "lookbacks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lookbacks" ADD CONSTRAINT "lookbacks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_category_id_hazard_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."hazard_categories"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_party_org_unit_id_org_units_id_fk" FOREIGN KEY ("party_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_party_company_id_companies_id_fk" FOREIGN KEY ("party_company_id") REFERENCES "public"."companies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_party_department_id_departments_id_fk" FOREIGN KEY ("party_department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_assist_department_id_departments_id_fk" FOREIGN KEY ("assist_department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_tenant_id_index" ON "evidence" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "evidence_hazard_id_index" ON "evidence" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "evidence_pending_idx" ON "evidence" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "evidence_sha256_index" ON "evidence" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "hazard_categories_tenant_id_index" ON "hazard_categories" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "hazard_events_tenant_id_index" ON "hazard_events" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "hazard_parties_tenant_id_index" ON "hazard_parties" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "hazard_parties_hazard_id_index" ON "hazard_parties" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "hazard_parties_company_id_index" ON "hazard_parties" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "hazard_parties_department_id_index" ON "hazard_parties" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "hazard_parties_org_unit_id_index" ON "hazard_parties" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "hazards_tenant_id_index" ON "hazards" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "hazards_tenant_state_due_idx" ON "hazards" USING btree ("tenant_id","state","due_at");--> statement-breakpoint
CREATE INDEX "hazards_tenant_reported_idx" ON "hazards" USING btree ("tenant_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "hazards_org_unit_id_index" ON "hazards" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "hazards_place_id_index" ON "hazards" USING btree ("place_id");--> statement-breakpoint
CREATE INDEX "hazards_category_id_index" ON "hazards" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_index" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "lookback_items_tenant_id_index" ON "lookback_items" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "lookback_items_hazard_id_index" ON "lookback_items" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "lookbacks_tenant_id_index" ON "lookbacks" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "routing_rules_tenant_id_index" ON "routing_rules" USING btree ("tenant_id");
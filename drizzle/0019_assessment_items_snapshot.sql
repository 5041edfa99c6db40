ALTER TABLE "assessment_items" DROP CONSTRAINT "assessment_items_assessment_id_unit_id_indicator_pk";--> statement-breakpoint
ALTER TABLE "assessment_items" ADD PRIMARY KEY ("assessment_id");--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "subject_types" text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "subject_ids" text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "labels" text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "street_ids" uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "community_ids" uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "company_ids" uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_items" ADD COLUMN "counts" text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "assessment_items" DROP COLUMN "unit_id";--> statement-breakpoint
ALTER TABLE "assessment_items" DROP COLUMN "indicator";--> statement-breakpoint
ALTER TABLE "assessment_items" DROP COLUMN "items";
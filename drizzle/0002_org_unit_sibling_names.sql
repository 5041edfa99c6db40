DROP INDEX "org_units_sibling_name_uq";--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_sibling_name_uq" UNIQUE NULLS NOT DISTINCT("tenant_id","parent_id","name");
CREATE INDEX "maintenance_records_tenant_created_idx" ON "maintenance_records" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "maintenance_records_hazard_id_index" ON "maintenance_records" USING btree ("hazard_id");--> statement-breakpoint
CREATE INDEX "patrols_tenant_by_at_idx" ON "patrols" USING btree ("tenant_id","patrolled_by","at");
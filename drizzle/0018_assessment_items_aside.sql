-- The drill-down moves from a JSON list per (revision, unit, indicator) to one row per revision
-- holding its counted subjects column-wise (0019 changes the table, 0020 moves the lists into it).
-- Published revisions' lists are frozen records: set them aside here, whole, so 0019 can reshape
-- the (then empty) table. Row security is FORCED, for the owner too, and no tenant is set: without
-- lifting it the migrating role would see no rows and set nothing aside. TRUNCATE fires no row
-- trigger, so the frozen guard of 0017 does not stand in the way (0020 checks every subject arrives).
ALTER TABLE assessment_items NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE TABLE assessment_item_lists AS SELECT * FROM assessment_items;
--> statement-breakpoint
TRUNCATE assessment_items;
--> statement-breakpoint
ALTER TABLE assessment_items FORCE ROW LEVEL SECURITY;

-- invoices.dunning_attempts becomes Chargebee's list of retries; each counted retry becomes an entry
-- (with no transaction known for retries made before this migration), so dunning keeps its place.
ALTER TABLE "invoices" ADD COLUMN "dunning_attempt_list" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
UPDATE "invoices" SET "dunning_attempt_list" = (
  SELECT coalesce(jsonb_agg(jsonb_build_object('attempt', n, 'dunning_type', 'auto_collect', 'created_at', "invoices"."updated_at", 'retry_engine', 'chargebee') ORDER BY n), '[]'::jsonb)
  FROM generate_series(1, "invoices"."dunning_attempts") AS n
) WHERE "dunning_attempts" > 0;--> statement-breakpoint
ALTER TABLE "invoices" DROP COLUMN "dunning_attempts";--> statement-breakpoint
ALTER TABLE "invoices" RENAME COLUMN "dunning_attempt_list" TO "dunning_attempts";

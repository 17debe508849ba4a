CREATE TABLE "time_machines" (
	"name" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"operation" text NOT NULL,
	"genesis_time" bigint NOT NULL,
	"destination_time" bigint NOT NULL,
	"clock_at" bigint NOT NULL,
	"failure_code" text,
	"failure_reason" text,
	"lease_owner" text,
	"lease_until" bigint,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "next_retry_at" bigint;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "dunning_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "item_prices" ADD COLUMN "trial_end_action" text;--> statement-breakpoint
ALTER TABLE "payment_sources" ADD COLUMN "expiry_reminded_for" bigint;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "trial_end_action" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "trial_reminder_at" bigint;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "renewal_reminded_for" bigint;--> statement-breakpoint
CREATE INDEX "invoices_retry_idx" ON "invoices" USING btree ("next_retry_at");
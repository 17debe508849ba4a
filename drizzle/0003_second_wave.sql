ALTER TABLE "invoices" ADD COLUMN "next_retry_at" bigint;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "dunning_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "item_prices" ADD COLUMN "trial_end_action" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "trial_end_action" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "trial_reminder_at" bigint;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
CREATE INDEX "invoices_retry_idx" ON "invoices" USING btree ("next_retry_at");
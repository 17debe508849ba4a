ALTER TABLE "item_prices" ADD COLUMN "trial_end_action" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "trial_end_action" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "trial_reminder_at" bigint;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "cancel_reason" text;
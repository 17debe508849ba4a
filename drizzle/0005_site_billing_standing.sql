ALTER TABLE "entitlements" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "trial_end" bigint;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "next_billing_at" bigint;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "currency_code" text;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "total_dues" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "due_since" bigint;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "next_retry_at" bigint;--> statement-breakpoint
ALTER TABLE "entitlements" ADD COLUMN "features" jsonb;
ALTER TABLE "invoices" ADD COLUMN "credits_applied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "credit_balance" integer DEFAULT 0 NOT NULL;
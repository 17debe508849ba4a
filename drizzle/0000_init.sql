CREATE SEQUENCE "public"."invoice_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1001 CACHE 1;--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"first_name" text,
	"last_name" text,
	"email" text,
	"phone" text,
	"company" text,
	"auto_collection" text DEFAULT 'on' NOT NULL,
	"preferred_currency_code" text,
	"billing_address" jsonb,
	"primary_payment_source_id" text,
	"backup_payment_source_id" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"resource_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entitlements" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"subscription_id" text,
	"status" text,
	"plan_id" text,
	"current_term_end" bigint,
	"cancelled_at" bigint,
	"resource_version" bigint NOT NULL,
	"synced_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"occurred_at" bigint NOT NULL,
	"source" text NOT NULL,
	"user" text,
	"event_type" text NOT NULL,
	"content" jsonb NOT NULL,
	"webhook_status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hosted_pages" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"customer_id" text,
	"request" jsonb NOT NULL,
	"content" jsonb,
	"failure_reason" text,
	"pass_thru_content" text,
	"expires_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"resource_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"subscription_id" text,
	"recurring" boolean NOT NULL,
	"status" text NOT NULL,
	"date" bigint NOT NULL,
	"due_date" bigint,
	"paid_at" bigint,
	"currency_code" text NOT NULL,
	"sub_total" integer NOT NULL,
	"tax" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"amount_paid" integer NOT NULL,
	"amount_due" integer NOT NULL,
	"first_invoice" boolean DEFAULT false NOT NULL,
	"line_items" jsonb NOT NULL,
	"linked_payments" jsonb NOT NULL,
	"billing_address" jsonb,
	"dunning_status" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"resource_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_prices" (
	"id" text PRIMARY KEY NOT NULL,
	"item_id" text NOT NULL,
	"item_family_id" text,
	"name" text NOT NULL,
	"external_name" text,
	"description" text,
	"item_type" text NOT NULL,
	"pricing_model" text NOT NULL,
	"price" integer NOT NULL,
	"currency_code" text NOT NULL,
	"period" integer NOT NULL,
	"period_unit" text NOT NULL,
	"trial_period" integer,
	"trial_period_unit" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"resource_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"sent_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"type" text NOT NULL,
	"reference_id" text NOT NULL,
	"status" text NOT NULL,
	"gateway" text NOT NULL,
	"gateway_account_id" text NOT NULL,
	"card" jsonb NOT NULL,
	"decline_code" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"resource_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_login_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"purpose" text NOT NULL,
	"customer_id" text,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" bigint NOT NULL,
	"consumed_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"token_sealed" text NOT NULL,
	"customer_id" text NOT NULL,
	"status" text NOT NULL,
	"redirect_url" text,
	"forward_url" text,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"login_at" bigint,
	"logout_at" bigint,
	"login_ipaddress" text,
	"logout_ipaddress" text,
	"updated_at" bigint NOT NULL,
	"cookie_hash" text
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" bigint NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"status" text NOT NULL,
	"currency_code" text NOT NULL,
	"billing_period" integer NOT NULL,
	"billing_period_unit" text NOT NULL,
	"items" jsonb NOT NULL,
	"current_term_start" bigint,
	"current_term_end" bigint,
	"next_billing_at" bigint,
	"trial_start" bigint,
	"trial_end" bigint,
	"start_date" bigint,
	"started_at" bigint,
	"activated_at" bigint,
	"cancelled_at" bigint,
	"cancel_schedule_created_at" bigint,
	"cancel_reason_code" text,
	"pause_date" bigint,
	"resume_date" bigint,
	"remaining_billing_cycles" integer,
	"payment_source_id" text,
	"auto_collection" text,
	"due_invoices_count" integer DEFAULT 0 NOT NULL,
	"due_since" bigint,
	"total_dues" integer DEFAULT 0 NOT NULL,
	"scheduled_changes" jsonb,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"resource_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"subscription_id" text,
	"payment_source_id" text,
	"invoice_id" text,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"currency_code" text NOT NULL,
	"date" bigint NOT NULL,
	"error_code" text,
	"error_text" text,
	"masked_card_number" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"resource_version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"event_id" text NOT NULL,
	"endpoint" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"lease_until" bigint,
	"last_error" text,
	"last_attempt_at" bigint,
	"delivered_at" bigint,
	CONSTRAINT "webhook_deliveries_event_id_endpoint_pk" PRIMARY KEY("event_id","endpoint")
);
--> statement-breakpoint
CREATE TABLE "webhook_receipts" (
	"event_id" text PRIMARY KEY NOT NULL,
	"event_type" text NOT NULL,
	"received_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_sources" ADD CONSTRAINT "payment_sources_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customers_email_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "events_seq_idx" ON "events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "events_type_idx" ON "events" USING btree ("event_type","seq");--> statement-breakpoint
CREATE INDEX "invoices_customer_idx" ON "invoices" USING btree ("customer_id","date");--> statement-breakpoint
CREATE INDEX "invoices_subscription_idx" ON "invoices" USING btree ("subscription_id","date");--> statement-breakpoint
CREATE INDEX "mail_outbox_to_idx" ON "mail_outbox" USING btree ("to","id");--> statement-breakpoint
CREATE INDEX "payment_sources_customer_idx" ON "payment_sources" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "portal_login_codes_email_idx" ON "portal_login_codes" USING btree ("email","purpose","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sessions_token_hash_idx" ON "portal_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sessions_cookie_hash_idx" ON "portal_sessions" USING btree ("cookie_hash");--> statement-breakpoint
CREATE INDEX "portal_sessions_customer_idx" ON "portal_sessions" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "subscriptions_customer_idx" ON "subscriptions" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "subscriptions_due_idx" ON "subscriptions" USING btree ("status","next_billing_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("status","next_attempt_at");
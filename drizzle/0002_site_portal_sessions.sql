CREATE TABLE "site_portal_sessions" (
	"portal_session_id" text PRIMARY KEY NOT NULL,
	"sign_in_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "site_portal_sessions_sign_in_idx" ON "site_portal_sessions" USING btree ("sign_in_id");
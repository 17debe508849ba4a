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

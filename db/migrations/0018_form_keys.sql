CREATE TABLE "form_submissions" (
	"scope" text NOT NULL,
	"form" text NOT NULL,
	"key" uuid NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "form_submissions_scope_form_key_pk" PRIMARY KEY("scope","form","key")
);
--> statement-breakpoint
CREATE INDEX "form_submissions_created_idx" ON "form_submissions" USING btree ("created_at");
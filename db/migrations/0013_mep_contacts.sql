ALTER TABLE "meps" ADD COLUMN "ep_email" text;--> statement-breakpoint
ALTER TABLE "meps" ADD COLUMN "email_changed_by" uuid;--> statement-breakpoint
ALTER TABLE "meps" ADD COLUMN "email_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meps" ADD COLUMN "office_email" text;--> statement-breakpoint
ALTER TABLE "meps" ADD COLUMN "office_email_changed_by" uuid;--> statement-breakpoint
ALTER TABLE "meps" ADD COLUMN "office_email_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meps" ADD CONSTRAINT "meps_email_changed_by_users_id_fk" FOREIGN KEY ("email_changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meps" ADD CONSTRAINT "meps_office_email_changed_by_users_id_fk" FOREIGN KEY ("office_email_changed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
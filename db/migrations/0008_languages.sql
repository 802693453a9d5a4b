ALTER TABLE "meps" ADD COLUMN "preferred_language" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" text;
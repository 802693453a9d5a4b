ALTER TABLE "offices" ADD COLUMN "default_place_line" text;--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "time_zone" text DEFAULT 'Europe/Brussels' NOT NULL;
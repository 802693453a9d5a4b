CREATE TABLE "audit_heads" (
	"chain" text PRIMARY KEY NOT NULL,
	"office_id" uuid,
	"letter_id" uuid,
	"last_id" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"events" integer NOT NULL,
	"mac" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "letter_versions" ADD COLUMN "hash_format" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_heads" ADD CONSTRAINT "audit_heads_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_heads" ADD CONSTRAINT "audit_heads_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;
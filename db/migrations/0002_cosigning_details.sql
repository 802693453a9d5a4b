CREATE TABLE "letter_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"draft_json" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signature_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"signature_id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"rejected_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "invitee_kind" text DEFAULT 'mep' NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "signing_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "reminder_days" jsonb DEFAULT '[3,0]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "targets" jsonb;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "undersigned_format" text DEFAULT 'names-group-country' NOT NULL;--> statement-breakpoint
ALTER TABLE "sends" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "letter_templates" ADD CONSTRAINT "letter_templates_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_templates" ADD CONSTRAINT "letter_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_confirmations" ADD CONSTRAINT "signature_confirmations_signature_id_signatures_id_fk" FOREIGN KEY ("signature_id") REFERENCES "public"."signatures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_confirmations" ADD CONSTRAINT "signature_confirmations_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signature_confirmations" ADD CONSTRAINT "signature_confirmations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "letter_templates_office_idx" ON "letter_templates" USING btree ("office_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signature_confirmations_token_uq" ON "signature_confirmations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "signature_confirmations_signature_idx" ON "signature_confirmations" USING btree ("signature_id");
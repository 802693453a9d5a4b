CREATE TABLE "reply_addressees" (
	"reply_id" uuid NOT NULL,
	"addressee_id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	CONSTRAINT "reply_addressees_reply_id_addressee_id_pk" PRIMARY KEY("reply_id","addressee_id")
);
--> statement-breakpoint
CREATE TABLE "reply_email_prefs" (
	"user_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reply_email_prefs_user_id_office_id_kind_pk" PRIMARY KEY("user_id","office_id","kind")
);
--> statement-breakpoint
CREATE TABLE "reply_email_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"user_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"letter_id" uuid,
	"addressee_id" uuid,
	"kind" text NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reply_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reply_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"extracted_text" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reply_not_expected" (
	"addressee_id" uuid PRIMARY KEY NOT NULL,
	"letter_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"set_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reply_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reply_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"reason" text NOT NULL,
	"edited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "test_clock" (
	"id" integer PRIMARY KEY NOT NULL,
	"offset_ms" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "replies" ALTER COLUMN "kind" SET DEFAULT 'substantive';--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "reply_due_days" integer;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "reply_very_overdue_days" integer;--> statement-breakpoint
ALTER TABLE "letters" ADD COLUMN "reply_day_kind" text;--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "reply_due_days" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "reply_very_overdue_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "reply_day_kind" text DEFAULT 'working' NOT NULL;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "on_behalf_of" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "their_reference_date" date;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "their_registration" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "our_registration" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "referred_to_name" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "referred_to_role" text;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "search_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "updated_by" uuid;--> statement-breakpoint
ALTER TABLE "replies" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reply_addressees" ADD CONSTRAINT "reply_addressees_reply_id_replies_id_fk" FOREIGN KEY ("reply_id") REFERENCES "public"."replies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_addressees" ADD CONSTRAINT "reply_addressees_addressee_id_addressees_id_fk" FOREIGN KEY ("addressee_id") REFERENCES "public"."addressees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_addressees" ADD CONSTRAINT "reply_addressees_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_addressees" ADD CONSTRAINT "reply_addressees_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_email_prefs" ADD CONSTRAINT "reply_email_prefs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_email_prefs" ADD CONSTRAINT "reply_email_prefs_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_email_tokens" ADD CONSTRAINT "reply_email_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_email_tokens" ADD CONSTRAINT "reply_email_tokens_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_email_tokens" ADD CONSTRAINT "reply_email_tokens_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_email_tokens" ADD CONSTRAINT "reply_email_tokens_addressee_id_addressees_id_fk" FOREIGN KEY ("addressee_id") REFERENCES "public"."addressees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_files" ADD CONSTRAINT "reply_files_reply_id_replies_id_fk" FOREIGN KEY ("reply_id") REFERENCES "public"."replies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_files" ADD CONSTRAINT "reply_files_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_files" ADD CONSTRAINT "reply_files_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_not_expected" ADD CONSTRAINT "reply_not_expected_addressee_id_addressees_id_fk" FOREIGN KEY ("addressee_id") REFERENCES "public"."addressees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_not_expected" ADD CONSTRAINT "reply_not_expected_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_not_expected" ADD CONSTRAINT "reply_not_expected_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_not_expected" ADD CONSTRAINT "reply_not_expected_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_revisions" ADD CONSTRAINT "reply_revisions_reply_id_replies_id_fk" FOREIGN KEY ("reply_id") REFERENCES "public"."replies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_revisions" ADD CONSTRAINT "reply_revisions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reply_revisions" ADD CONSTRAINT "reply_revisions_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reply_addressees_addressee_idx" ON "reply_addressees" USING btree ("addressee_id");--> statement-breakpoint
CREATE INDEX "reply_addressees_letter_idx" ON "reply_addressees" USING btree ("letter_id");--> statement-breakpoint
CREATE INDEX "reply_email_tokens_addressee_idx" ON "reply_email_tokens" USING btree ("addressee_id");--> statement-breakpoint
CREATE INDEX "reply_files_reply_idx" ON "reply_files" USING btree ("reply_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reply_revisions_reply_revision_uq" ON "reply_revisions" USING btree ("reply_id","revision");--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "replies_office_idx" ON "replies" USING btree ("office_id","received_on");--> statement-breakpoint
CREATE INDEX "replies_fts_idx" ON "replies" USING gin (to_tsvector('simple', "search_text"));
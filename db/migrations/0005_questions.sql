CREATE TABLE "question_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"author_mep_id" integer,
	"type" text DEFAULT 'E' NOT NULL,
	"addressee" text DEFAULT 'commission' NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"ongoing_procedure" boolean DEFAULT false NOT NULL,
	"supporter_mep_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"letter_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"question_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_follows" (
	"office_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "question_follows_office_id_question_id_pk" PRIMARY KEY("office_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "question_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"file_name" text,
	"content" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"unknown_addressees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"started_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "question_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_id" uuid NOT NULL,
	"role" text NOT NULL,
	"ep_person_id" integer,
	"mep_id" integer,
	"body_code" text,
	"name" text
);
--> statement-breakpoint
DROP INDEX "questions_reference_uq";--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "document_id" text GENERATED ALWAYS AS (type || '-' || term::text || '-' || year::text || '-' || lpad(number::text, 6, '0')) STORED;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "addressee" text;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "addressee_codes" jsonb;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "body" text;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "forwarded_on" date;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "answer_document_id" text;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "answer_text" text;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "answer_url" text;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "source" text DEFAULT 'register' NOT NULL;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "fetched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "parliamentary_questions" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "question_drafts" ADD CONSTRAINT "question_drafts_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_drafts" ADD CONSTRAINT "question_drafts_author_mep_id_meps_id_fk" FOREIGN KEY ("author_mep_id") REFERENCES "public"."meps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_drafts" ADD CONSTRAINT "question_drafts_letter_id_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."letters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_drafts" ADD CONSTRAINT "question_drafts_question_id_parliamentary_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."parliamentary_questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_drafts" ADD CONSTRAINT "question_drafts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_follows" ADD CONSTRAINT "question_follows_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_follows" ADD CONSTRAINT "question_follows_question_id_parliamentary_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."parliamentary_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_follows" ADD CONSTRAINT "question_follows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_imports" ADD CONSTRAINT "question_imports_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_participants" ADD CONSTRAINT "question_participants_question_id_parliamentary_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."parliamentary_questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_participants" ADD CONSTRAINT "question_participants_mep_id_meps_id_fk" FOREIGN KEY ("mep_id") REFERENCES "public"."meps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "question_drafts_office_idx" ON "question_drafts" USING btree ("office_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "question_participants_person_uq" ON "question_participants" USING btree ("question_id","role","ep_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "question_participants_body_uq" ON "question_participants" USING btree ("question_id","role","body_code");--> statement-breakpoint
CREATE UNIQUE INDEX "question_participants_mep_uq" ON "question_participants" USING btree ("question_id","role","mep_id");--> statement-breakpoint
CREATE INDEX "question_participants_mep_idx" ON "question_participants" USING btree ("mep_id");--> statement-breakpoint
CREATE INDEX "question_participants_person_idx" ON "question_participants" USING btree ("ep_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_document_uq" ON "parliamentary_questions" USING btree ("type","term","year","number");--> statement-breakpoint
CREATE INDEX "questions_document_idx" ON "parliamentary_questions" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "questions_reference_idx" ON "parliamentary_questions" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "questions_tabled_idx" ON "parliamentary_questions" USING btree ("tabled_on");
CREATE TABLE "conversations" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"transcript" text,
	"segments" jsonb NOT NULL,
	"summary" text,
	"language" text,
	"source" text,
	"written_by" text,
	"written_at" timestamp with time zone,
	"transcription_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recordings" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid,
	"call_id" uuid,
	"twilio_recording_sid" text,
	"twilio_account_sid" text,
	"media_url" text,
	"source" text NOT NULL,
	"channels" integer NOT NULL,
	"duration_seconds" integer,
	"started_at" timestamp with time zone,
	"status" text NOT NULL,
	"twilio_error_code" text,
	"failure_reason" text,
	"import_attempts" integer DEFAULT 0 NOT NULL,
	"storage_backend" text,
	"object_key" text,
	"content_type" text,
	"size_bytes" bigint,
	"sha256" text,
	"stored_at" timestamp with time zone,
	"twilio_deleted_at" timestamp with time zone,
	"legal_hold" boolean DEFAULT false NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_call_key" ON "conversations" USING btree ("organization_id","call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "recordings_twilio_sid_key" ON "recordings" USING btree ("twilio_recording_sid");--> statement-breakpoint
CREATE INDEX "recordings_org_id_idx" ON "recordings" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "recordings_org_call_idx" ON "recordings" USING btree ("organization_id","call_id");--> statement-breakpoint
CREATE INDEX "recordings_retention_idx" ON "recordings" USING btree ("organization_id","stored_at") WHERE "recordings"."status" = 'stored' and "recordings"."legal_hold" = false;--> statement-breakpoint
CREATE UNIQUE INDEX "recordings_org_sha_key" ON "recordings" USING btree ("organization_id","sha256") WHERE "recordings"."call_id" is null and "recordings"."sha256" is not null;
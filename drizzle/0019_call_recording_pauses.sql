CREATE TABLE "call_recording_pauses" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"recording_sid" text NOT NULL,
	"behavior" text NOT NULL,
	"paused_at" timestamp with time zone NOT NULL,
	"resumed_at" timestamp with time zone,
	"start_offset_ms" bigint,
	"end_offset_ms" bigint,
	"paused_by_user_id" uuid,
	"resumed_by_user_id" uuid
);
--> statement-breakpoint
ALTER TABLE "call_recording_pauses" ADD CONSTRAINT "call_recording_pauses_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_recording_pauses" ADD CONSTRAINT "call_recording_pauses_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_recording_pauses_call_idx" ON "call_recording_pauses" USING btree ("organization_id","call_id","paused_at");--> statement-breakpoint
CREATE UNIQUE INDEX "call_recording_pauses_open_key" ON "call_recording_pauses" USING btree ("call_id") WHERE "call_recording_pauses"."resumed_at" is null;
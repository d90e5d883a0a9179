ALTER TABLE "conversations" ALTER COLUMN "call_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "recording_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "transcribing_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_recording_id_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."recordings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_recording_key" ON "conversations" USING btree ("organization_id","recording_id") WHERE "conversations"."recording_id" is not null;
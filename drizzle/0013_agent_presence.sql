-- Softphone presence: a token makes an agent available until it expires (see docs/twilio.md).
-- Existing agents keep a NULL: their availability was set by hand and does not lapse.
ALTER TABLE "agents" ADD COLUMN "presence_expires_at" timestamp with time zone;

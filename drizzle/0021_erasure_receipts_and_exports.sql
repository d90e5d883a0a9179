CREATE TABLE "audit_subject_keys" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_ref" text NOT NULL,
	"sealed_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"shredded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "data_deletion_receipts" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"cause" text NOT NULL,
	"erasure_request_id" uuid,
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"location" text NOT NULL,
	"action" text NOT NULL,
	"detail" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "erasure_requests" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_type" text NOT NULL,
	"subject" text,
	"subject_masked" text NOT NULL,
	"subject_fingerprint" text NOT NULL,
	"status" text NOT NULL,
	"requested_by_type" text NOT NULL,
	"requested_by_id" text,
	"progress" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_exports" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"requested_by_type" text NOT NULL,
	"requested_by_id" text,
	"storage_backend" text,
	"object_key" text,
	"rows" bigint,
	"size_bytes" bigint,
	"sha256" text,
	"failure_reason" text,
	"completed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_subject_keys" ADD CONSTRAINT "audit_subject_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_deletion_receipts" ADD CONSTRAINT "data_deletion_receipts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erasure_requests" ADD CONSTRAINT "erasure_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_exports" ADD CONSTRAINT "organization_exports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_subject_keys_live_key" ON "audit_subject_keys" USING btree ("organization_id","subject_ref") WHERE "audit_subject_keys"."shredded_at" is null;--> statement-breakpoint
CREATE INDEX "audit_subject_keys_org_ref_idx" ON "audit_subject_keys" USING btree ("organization_id","subject_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "data_deletion_receipts_dedupe_key" ON "data_deletion_receipts" USING btree ("organization_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "data_deletion_receipts_request_idx" ON "data_deletion_receipts" USING btree ("organization_id","erasure_request_id","id") WHERE "data_deletion_receipts"."erasure_request_id" is not null;--> statement-breakpoint
CREATE INDEX "data_deletion_receipts_org_at_idx" ON "data_deletion_receipts" USING btree ("organization_id","at");--> statement-breakpoint
CREATE INDEX "erasure_requests_org_id_idx" ON "erasure_requests" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "organization_exports_org_id_idx" ON "organization_exports" USING btree ("organization_id","id");
CREATE TABLE "analyses" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"recording_id" uuid,
	"call_id" uuid,
	"source" text NOT NULL,
	"file_name" text,
	"file_hash" text,
	"status" text NOT NULL,
	"priority" text,
	"priority_rank" integer DEFAULT 0 NOT NULL,
	"fraud_score" double precision,
	"result" jsonb,
	"error_reason" text,
	"assigned_to" uuid,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_decision" text,
	"review_notes" text,
	"completed_at" timestamp with time zone,
	"needs_review_at" timestamp with time zone,
	"metrics" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_results" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"analysis_id" uuid NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_daily" (
	"organization_id" uuid NOT NULL,
	"day" date NOT NULL,
	"calls_total" integer NOT NULL,
	"calls_answered" integer NOT NULL,
	"analyses" integer NOT NULL,
	"high_risk_analyses" integer NOT NULL,
	"average_fraud_score" double precision,
	"active_reviewers" integer NOT NULL,
	"median_review_seconds" double precision,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_daily_organization_id_day_pk" PRIMARY KEY("organization_id","day")
);
--> statement-breakpoint
CREATE TABLE "reviewer_loads" (
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"open_assignments" integer NOT NULL,
	CONSTRAINT "reviewer_loads_organization_id_user_id_pk" PRIMARY KEY("organization_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "scoring_configs" (
	"organization_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_configs_organization_id_version_pk" PRIMARY KEY("organization_id","version")
);
--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_recording_id_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."recordings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_results" ADD CONSTRAINT "analysis_results_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_results" ADD CONSTRAINT "analysis_results_analysis_id_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."analyses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviewer_loads" ADD CONSTRAINT "reviewer_loads_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_configs" ADD CONSTRAINT "scoring_configs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "analyses_recording_key" ON "analyses" USING btree ("organization_id","recording_id");--> statement-breakpoint
CREATE INDEX "analyses_org_id_idx" ON "analyses" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "analyses_org_status_priority_idx" ON "analyses" USING btree ("organization_id","status","priority","id");--> statement-breakpoint
CREATE INDEX "analyses_queue_idx" ON "analyses" USING btree ("organization_id","priority_rank","created_at") WHERE "analyses"."status" = 'needs_review';--> statement-breakpoint
CREATE INDEX "analyses_org_assignee_idx" ON "analyses" USING btree ("organization_id","assigned_to") WHERE "analyses"."assigned_to" is not null;--> statement-breakpoint
CREATE INDEX "analyses_org_created_idx" ON "analyses" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "analysis_results_analysis_idx" ON "analysis_results" USING btree ("organization_id","analysis_id","id");--> statement-breakpoint
CREATE INDEX "calls_org_created_idx" ON "calls" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_org_from_idx" ON "calls" USING btree ("organization_id","from_number","created_at");
CREATE TABLE "agent_numbers" (
	"organization_id" uuid NOT NULL,
	"phone_number_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "agent_numbers_organization_id_phone_number_id_user_id_pk" PRIMARY KEY("organization_id","phone_number_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"organization_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"identity" text NOT NULL,
	"availability" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_organization_id_workspace_id_user_id_pk" PRIMARY KEY("organization_id","workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "call_participants" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"address" text NOT NULL,
	"call_sid" text,
	"joined_at" timestamp with time zone,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"call_sid" text NOT NULL,
	"parent_call_sid" text,
	"direction" text NOT NULL,
	"from_number" text NOT NULL,
	"to_number" text NOT NULL,
	"status" text NOT NULL,
	"last_sequence" integer NOT NULL,
	"started_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answered_at_derived" boolean DEFAULT false NOT NULL,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"answered_by_user_id" uuid,
	"phone_number_id" uuid,
	"agent_user_id" uuid,
	"stir_verstat" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phone_numbers" (
	"organization_id" uuid NOT NULL,
	"id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"e164" text NOT NULL,
	"twilio_sid" text NOT NULL,
	"friendly_name" text,
	"ring_strategy" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "twilio_accounts" (
	"organization_id" uuid NOT NULL,
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"account_sid" text NOT NULL,
	"auth_token_sealed" text NOT NULL,
	"auth_token_fingerprint" text NOT NULL,
	"previous_auth_token_sealed" text,
	"previous_auth_token_expires_at" timestamp with time zone,
	"api_key_sid" text,
	"api_key_secret_sealed" text,
	"twiml_app_sid" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_numbers" ADD CONSTRAINT "agent_numbers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_numbers" ADD CONSTRAINT "agent_numbers_phone_number_id_phone_numbers_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."phone_numbers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_numbers" ADD CONSTRAINT "agent_numbers_user_id_profiles_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_user_id_profiles_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_participants" ADD CONSTRAINT "call_participants_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_participants" ADD CONSTRAINT "call_participants_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_accounts" ADD CONSTRAINT "twilio_accounts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_accounts" ADD CONSTRAINT "twilio_accounts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_identity_key" ON "agents" USING btree ("workspace_id","identity");--> statement-breakpoint
CREATE INDEX "call_participants_call_idx" ON "call_participants" USING btree ("organization_id","call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calls_call_sid_key" ON "calls" USING btree ("call_sid");--> statement-breakpoint
CREATE INDEX "calls_org_id_idx" ON "calls" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "calls_org_ws_idx" ON "calls" USING btree ("organization_id","workspace_id","id");--> statement-breakpoint
CREATE INDEX "calls_org_status_idx" ON "calls" USING btree ("organization_id","status","id");--> statement-breakpoint
CREATE INDEX "calls_parent_idx" ON "calls" USING btree ("parent_call_sid");--> statement-breakpoint
CREATE INDEX "calls_open_idx" ON "calls" USING btree ("updated_at") WHERE "calls"."status" not in ('completed','busy','no_answer','failed','canceled');--> statement-breakpoint
CREATE UNIQUE INDEX "phone_numbers_e164_key" ON "phone_numbers" USING btree ("e164") WHERE "phone_numbers"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "phone_numbers_org_ws_idx" ON "phone_numbers" USING btree ("organization_id","workspace_id","id");--> statement-breakpoint
CREATE INDEX "twilio_accounts_account_sid_idx" ON "twilio_accounts" USING btree ("account_sid");--> statement-breakpoint
CREATE INDEX "twilio_accounts_org_idx" ON "twilio_accounts" USING btree ("organization_id","workspace_id");
CREATE TYPE "public"."risk_acceptance_status" AS ENUM('pending', 'approved', 'rejected', 'withdrawn', 'expired');--> statement-breakpoint
CREATE TYPE "public"."risk_action_status" AS ENUM('todo', 'in_progress', 'done', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."risk_kri_kind" AS ENUM('kpi', 'key_result', 'campaign');--> statement-breakpoint
CREATE TYPE "public"."risk_kri_state" AS ENUM('ok', 'breached');--> statement-breakpoint
CREATE TYPE "public"."risk_status" AS ENUM('identified', 'assessed', 'treating', 'monitoring', 'closed', 'accepted');--> statement-breakpoint
CREATE TYPE "public"."risk_strategy" AS ENUM('mitigate', 'accept', 'transfer', 'avoid');--> statement-breakpoint
CREATE TABLE "risk_acceptances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"approval_request_id" uuid,
	"justification" text NOT NULL,
	"expires_on" date NOT NULL,
	"status" "risk_acceptance_status" DEFAULT 'pending' NOT NULL,
	"decision_snapshot" jsonb,
	"requested_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid,
	"due_on" date,
	"cost_minor" bigint,
	"currency" text,
	"status" "risk_action_status" DEFAULT 'todo' NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "risk_actions_progress_ck" CHECK ("risk_actions"."progress" between 0 and 100),
	CONSTRAINT "risk_actions_cost_ck" CHECK ("risk_actions"."cost_minor" is null or "risk_actions"."cost_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "risk_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"inherent_likelihood" smallint NOT NULL,
	"inherent_impact" smallint NOT NULL,
	"residual_likelihood" smallint NOT NULL,
	"residual_impact" smallint NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"assessor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_kri_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kri_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"state" "risk_kri_state" NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_kris" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"kind" "risk_kri_kind" NOT NULL,
	"kpi_id" uuid,
	"key_result_id" uuid,
	"campaign_id" uuid,
	"margin_pct" smallint DEFAULT 10 NOT NULL,
	"state" "risk_kri_state" DEFAULT 'ok' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"changed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "risk_kris_target_ck" CHECK (num_nonnulls("risk_kris"."kpi_id", "risk_kris"."key_result_id", "risk_kris"."campaign_id") = 1),
	CONSTRAINT "risk_kris_margin_ck" CHECK ("risk_kris"."margin_pct" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "risk_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"objective_id" uuid,
	"campaign_id" uuid,
	"product_id" uuid,
	CONSTRAINT "risk_links_one_ck" CHECK (num_nonnulls("risk_links"."objective_id", "risk_links"."campaign_id", "risk_links"."product_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "risk_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"categories" text[] NOT NULL,
	"appetite" smallint NOT NULL,
	"category_appetite" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"likelihood_scale" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"impact_scale" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"matrix" jsonb NOT NULL,
	"review_days" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"department_id" uuid,
	"causes" text DEFAULT '' NOT NULL,
	"consequences" text DEFAULT '' NOT NULL,
	"status" "risk_status" DEFAULT 'identified' NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"inherent_likelihood" smallint,
	"inherent_impact" smallint,
	"residual_likelihood" smallint,
	"residual_impact" smallint,
	"inherent_score" smallint,
	"residual_score" smallint,
	"strategy" "risk_strategy",
	"target_likelihood" smallint,
	"target_impact" smallint,
	"last_assessed_at" timestamp with time zone,
	"next_review_on" date,
	"review_notice_for" date,
	"warning_at" timestamp with time zone,
	"accepted_until" date,
	"closed_reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "risks_scores_ck" CHECK (coalesce("risks"."inherent_likelihood", 1) between 1 and 5 and coalesce("risks"."inherent_impact", 1) between 1 and 5
      and coalesce("risks"."residual_likelihood", 1) between 1 and 5 and coalesce("risks"."residual_impact", 1) between 1 and 5
      and coalesce("risks"."target_likelihood", 1) between 1 and 5 and coalesce("risks"."target_impact", 1) between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_actions" ADD CONSTRAINT "risk_actions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_actions" ADD CONSTRAINT "risk_actions_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_actions" ADD CONSTRAINT "risk_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_assessments" ADD CONSTRAINT "risk_assessments_assessor_id_users_id_fk" FOREIGN KEY ("assessor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kri_events" ADD CONSTRAINT "risk_kri_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kri_events" ADD CONSTRAINT "risk_kri_events_kri_id_risk_kris_id_fk" FOREIGN KEY ("kri_id") REFERENCES "public"."risk_kris"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kri_events" ADD CONSTRAINT "risk_kri_events_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kris" ADD CONSTRAINT "risk_kris_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kris" ADD CONSTRAINT "risk_kris_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kris" ADD CONSTRAINT "risk_kris_kpi_id_kpis_id_fk" FOREIGN KEY ("kpi_id") REFERENCES "public"."kpis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kris" ADD CONSTRAINT "risk_kris_key_result_id_key_results_id_fk" FOREIGN KEY ("key_result_id") REFERENCES "public"."key_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_kris" ADD CONSTRAINT "risk_kris_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_objective_id_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."objectives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_settings" ADD CONSTRAINT "risk_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_acceptances_risk_idx" ON "risk_acceptances" USING btree ("risk_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_actions_risk_idx" ON "risk_actions" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "risk_assessments_risk_idx" ON "risk_assessments" USING btree ("risk_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_kri_events_risk_idx" ON "risk_kri_events" USING btree ("risk_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_kris_risk_idx" ON "risk_kris" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "risk_kris_kpi_idx" ON "risk_kris" USING btree ("kpi_id");--> statement-breakpoint
CREATE INDEX "risk_kris_kr_idx" ON "risk_kris" USING btree ("key_result_id");--> statement-breakpoint
CREATE INDEX "risk_kris_campaign_idx" ON "risk_kris" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "risk_links_risk_idx" ON "risk_links" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "risk_links_product_idx" ON "risk_links" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "risks_org_status_idx" ON "risks" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "risks_org_owner_idx" ON "risks" USING btree ("org_id","owner_id");--> statement-breakpoint
CREATE INDEX "risks_org_review_idx" ON "risks" USING btree ("org_id","next_review_on");--> statement-breakpoint
CREATE INDEX "risks_org_residual_idx" ON "risks" USING btree ("org_id","residual_score");
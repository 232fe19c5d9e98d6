CREATE TYPE "public"."feedback_source" AS ENUM('customer', 'support', 'sales', 'internal');--> statement-breakpoint
CREATE TYPE "public"."feedback_status" AS ENUM('new', 'planned', 'done', 'declined');--> statement-breakpoint
CREATE TYPE "public"."stage_criterion_kind" AS ENUM('manual', 'launch_campaign_approved', 'objective_baselines');--> statement-breakpoint
CREATE TYPE "public"."stage_visit_kind" AS ENUM('created', 'advanced', 'override', 'moved_back', 'stage_removed');--> statement-breakpoint
CREATE TABLE "product_checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"criterion_id" uuid,
	"key" text,
	"label" text DEFAULT '' NOT NULL,
	"kind" "stage_criterion_kind" DEFAULT 'manual' NOT NULL,
	"requires_evidence" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"checked_at" timestamp with time zone,
	"checked_by" uuid,
	"evidence_url" text DEFAULT '' NOT NULL,
	"evidence_note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"source" "feedback_source" NOT NULL,
	"account" text DEFAULT '' NOT NULL,
	"importance" smallint DEFAULT 2 NOT NULL,
	"status" "feedback_status" DEFAULT 'new' NOT NULL,
	"initiative_id" uuid,
	"key_result_id" uuid,
	"author_id" uuid,
	"vote_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "product_feedback_importance_ck" CHECK ("product_feedback"."importance" between 1 and 3),
	CONSTRAINT "product_feedback_votes_ck" CHECK ("product_feedback"."vote_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "product_feedback_votes" (
	"org_id" uuid NOT NULL,
	"feedback_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_feedback_votes_feedback_id_user_id_pk" PRIMARY KEY("feedback_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "product_objectives" (
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"objective_id" uuid NOT NULL,
	CONSTRAINT "product_objectives_product_id_objective_id_pk" PRIMARY KEY("product_id","objective_id")
);
--> statement-breakpoint
CREATE TABLE "product_stage_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"key" text,
	"label" text DEFAULT '' NOT NULL,
	"kind" "stage_criterion_kind" DEFAULT 'manual' NOT NULL,
	"requires_evidence" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "product_stage_plans" (
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"planned_start_on" date,
	"planned_end_on" date,
	CONSTRAINT "product_stage_plans_product_id_stage_id_pk" PRIMARY KEY("product_id","stage_id"),
	CONSTRAINT "product_stage_plans_dates_ck" CHECK ("product_stage_plans"."planned_start_on" is null or "product_stage_plans"."planned_end_on" is null or "product_stage_plans"."planned_end_on" >= "product_stage_plans"."planned_start_on")
);
--> statement-breakpoint
CREATE TABLE "product_stage_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"from_stage_id" uuid,
	"kind" "stage_visit_kind" NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"actor_id" uuid,
	"approval_request_id" uuid
);
--> statement-breakpoint
CREATE TABLE "product_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"key" text,
	"name" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_id" uuid NOT NULL,
	"department_id" uuid,
	"stage_id" uuid NOT NULL,
	"stage_entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "product_id" uuid;--> statement-breakpoint
ALTER TABLE "product_checklist_items" ADD CONSTRAINT "product_checklist_items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_checklist_items" ADD CONSTRAINT "product_checklist_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_checklist_items" ADD CONSTRAINT "product_checklist_items_visit_id_product_stage_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."product_stage_visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_checklist_items" ADD CONSTRAINT "product_checklist_items_criterion_id_product_stage_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."product_stage_criteria"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_checklist_items" ADD CONSTRAINT "product_checklist_items_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback" ADD CONSTRAINT "product_feedback_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback" ADD CONSTRAINT "product_feedback_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback" ADD CONSTRAINT "product_feedback_initiative_id_initiatives_id_fk" FOREIGN KEY ("initiative_id") REFERENCES "public"."initiatives"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback" ADD CONSTRAINT "product_feedback_key_result_id_key_results_id_fk" FOREIGN KEY ("key_result_id") REFERENCES "public"."key_results"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback" ADD CONSTRAINT "product_feedback_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback_votes" ADD CONSTRAINT "product_feedback_votes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback_votes" ADD CONSTRAINT "product_feedback_votes_feedback_id_product_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."product_feedback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_feedback_votes" ADD CONSTRAINT "product_feedback_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_objectives" ADD CONSTRAINT "product_objectives_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_objectives" ADD CONSTRAINT "product_objectives_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_objectives" ADD CONSTRAINT "product_objectives_objective_id_objectives_id_fk" FOREIGN KEY ("objective_id") REFERENCES "public"."objectives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_criteria" ADD CONSTRAINT "product_stage_criteria_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_criteria" ADD CONSTRAINT "product_stage_criteria_stage_id_product_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."product_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_plans" ADD CONSTRAINT "product_stage_plans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_plans" ADD CONSTRAINT "product_stage_plans_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_plans" ADD CONSTRAINT "product_stage_plans_stage_id_product_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."product_stages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_visits" ADD CONSTRAINT "product_stage_visits_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_visits" ADD CONSTRAINT "product_stage_visits_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_visits" ADD CONSTRAINT "product_stage_visits_stage_id_product_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."product_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_visits" ADD CONSTRAINT "product_stage_visits_from_stage_id_product_stages_id_fk" FOREIGN KEY ("from_stage_id") REFERENCES "public"."product_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stage_visits" ADD CONSTRAINT "product_stage_visits_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_stages" ADD CONSTRAINT "product_stages_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_stage_id_product_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."product_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_checklist_items_visit_idx" ON "product_checklist_items" USING btree ("visit_id","position");--> statement-breakpoint
CREATE INDEX "product_feedback_product_idx" ON "product_feedback" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "product_objectives_objective_idx" ON "product_objectives" USING btree ("objective_id");--> statement-breakpoint
CREATE INDEX "product_stage_criteria_stage_idx" ON "product_stage_criteria" USING btree ("stage_id","position");--> statement-breakpoint
CREATE INDEX "product_stage_visits_product_idx" ON "product_stage_visits" USING btree ("product_id","entered_at");--> statement-breakpoint
CREATE INDEX "product_stage_visits_org_stage_idx" ON "product_stage_visits" USING btree ("org_id","stage_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_stages_org_key_uq" ON "product_stages" USING btree ("org_id","key");--> statement-breakpoint
CREATE INDEX "product_stages_org_position_idx" ON "product_stages" USING btree ("org_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "products_org_name_uq" ON "products" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "products_org_stage_idx" ON "products" USING btree ("org_id","stage_id");--> statement-breakpoint
CREATE INDEX "products_org_owner_idx" ON "products" USING btree ("org_id","owner_id");--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_product_idx" ON "campaigns" USING btree ("product_id");
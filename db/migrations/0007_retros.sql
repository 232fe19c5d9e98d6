CREATE TYPE "public"."retro_action_status" AS ENUM('open', 'in_progress', 'done', 'dropped');--> statement-breakpoint
CREATE TYPE "public"."retro_phase" AS ENUM('prepare', 'collect', 'group', 'vote', 'discuss', 'actions', 'closed');--> statement-breakpoint
CREATE TABLE "retro_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"retro_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid,
	"due_on" date,
	"status" "retro_action_status" DEFAULT 'open' NOT NULL,
	"group_id" uuid,
	"converted_to" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retro_cards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"retro_id" uuid NOT NULL,
	"column_key" text NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"group_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retro_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"retro_id" uuid NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retro_participants" (
	"org_id" uuid NOT NULL,
	"retro_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"votes_used" integer DEFAULT 0 NOT NULL,
	"last_seen_at" timestamp with time zone,
	CONSTRAINT "retro_participants_retro_id_user_id_pk" PRIMARY KEY("retro_id","user_id"),
	CONSTRAINT "retro_participants_votes_ck" CHECK ("retro_participants"."votes_used" >= 0)
);
--> statement-breakpoint
CREATE TABLE "retro_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"columns" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retro_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"retro_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "retros" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"period_id" uuid,
	"department_ids" uuid[] DEFAULT '{}' NOT NULL,
	"facilitator_id" uuid NOT NULL,
	"template" text NOT NULL,
	"columns" jsonb NOT NULL,
	"phase" "retro_phase" DEFAULT 'prepare' NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"votes_per_person" integer DEFAULT 5 NOT NULL,
	"hide_until_reveal" boolean DEFAULT true NOT NULL,
	"revealed" boolean DEFAULT false NOT NULL,
	"timer_ends_at" timestamp with time zone,
	"seq" bigint DEFAULT 1 NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "retros_votes_ck" CHECK ("retros"."votes_per_person" between 1 and 20)
);
--> statement-breakpoint
ALTER TABLE "retro_actions" ADD CONSTRAINT "retro_actions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_actions" ADD CONSTRAINT "retro_actions_retro_id_retros_id_fk" FOREIGN KEY ("retro_id") REFERENCES "public"."retros"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_actions" ADD CONSTRAINT "retro_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_actions" ADD CONSTRAINT "retro_actions_group_id_retro_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."retro_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_cards" ADD CONSTRAINT "retro_cards_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_cards" ADD CONSTRAINT "retro_cards_retro_id_retros_id_fk" FOREIGN KEY ("retro_id") REFERENCES "public"."retros"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_cards" ADD CONSTRAINT "retro_cards_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_cards" ADD CONSTRAINT "retro_cards_group_id_retro_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."retro_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_groups" ADD CONSTRAINT "retro_groups_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_groups" ADD CONSTRAINT "retro_groups_retro_id_retros_id_fk" FOREIGN KEY ("retro_id") REFERENCES "public"."retros"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_participants" ADD CONSTRAINT "retro_participants_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_participants" ADD CONSTRAINT "retro_participants_retro_id_retros_id_fk" FOREIGN KEY ("retro_id") REFERENCES "public"."retros"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_participants" ADD CONSTRAINT "retro_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_templates" ADD CONSTRAINT "retro_templates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_templates" ADD CONSTRAINT "retro_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_votes" ADD CONSTRAINT "retro_votes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_votes" ADD CONSTRAINT "retro_votes_retro_id_retros_id_fk" FOREIGN KEY ("retro_id") REFERENCES "public"."retros"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_votes" ADD CONSTRAINT "retro_votes_group_id_retro_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."retro_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retro_votes" ADD CONSTRAINT "retro_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retros" ADD CONSTRAINT "retros_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retros" ADD CONSTRAINT "retros_period_id_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."periods"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retros" ADD CONSTRAINT "retros_facilitator_id_users_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "retro_actions_retro_idx" ON "retro_actions" USING btree ("retro_id");--> statement-breakpoint
CREATE INDEX "retro_actions_org_status_idx" ON "retro_actions" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "retro_cards_retro_idx" ON "retro_cards" USING btree ("retro_id");--> statement-breakpoint
CREATE INDEX "retro_cards_group_idx" ON "retro_cards" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "retro_groups_retro_idx" ON "retro_groups" USING btree ("retro_id");--> statement-breakpoint
CREATE UNIQUE INDEX "retro_templates_org_name_uq" ON "retro_templates" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "retro_votes_group_idx" ON "retro_votes" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "retro_votes_user_idx" ON "retro_votes" USING btree ("retro_id","user_id");--> statement-breakpoint
CREATE INDEX "retros_org_created_idx" ON "retros" USING btree ("org_id","created_at");
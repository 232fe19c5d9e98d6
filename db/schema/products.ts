import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./_columns";
import { users } from "./auth";
import { initiatives, keyResults, objectives } from "./okrs";
import { departments, organizations } from "./org";

/**
 * Product lifecycle. An organisation's stages are rows (renamable, reorderable, archivable); each
 * product sits in one stage. Entering a stage opens a "visit" in the stage history and copies the
 * stage's exit criteria into that visit's checklist, so later template edits never rewrite what a
 * product was asked to do. Advancing is a stage-gate approval through the approvals engine.
 */
export const DEFAULT_PRODUCT_STAGES = ["ideation", "discovery", "development", "launch", "growth", "maturity", "decline", "retired"] as const;

/** manual: ticked by a person. The others are evaluated over other domains when shown and when a gate is requested. */
export const stageCriterionKind = pgEnum("stage_criterion_kind", ["manual", "launch_campaign_approved", "objective_baselines", "risks_within_appetite"]);
export const stageVisitKind = pgEnum("stage_visit_kind", ["created", "advanced", "override", "moved_back", "stage_removed"]);
export const feedbackSource = pgEnum("feedback_source", ["customer", "support", "sales", "internal"]);
export const feedbackStatus = pgEnum("feedback_status", ["new", "planned", "done", "declined"]);

const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

export const productStages = pgTable(
  "product_stages",
  {
    id: id(),
    orgId: orgRef(),
    /** A default stage's key (its name is translated while `name` is empty); null for stages the org added. */
    key: text("key"),
    name: text("name").notNull().default(""),
    position: integer("position").notNull(),
    /** Removed from the lifecycle; kept so stage history still names it. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("product_stages_org_key_uq").on(t.orgId, t.key), index("product_stages_org_position_idx").on(t.orgId, t.position)],
);

export const productStageCriteria = pgTable(
  "product_stage_criteria",
  {
    id: id(),
    orgId: orgRef(),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => productStages.id, { onDelete: "cascade" }),
    /** A default criterion's key (translated while `label` is empty). */
    key: text("key"),
    label: text("label").notNull().default(""),
    kind: stageCriterionKind("kind").notNull().default("manual"),
    /** Ticking it needs a link or a note as evidence. */
    requiresEvidence: boolean("requires_evidence").notNull().default(false),
    position: integer("position").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("product_stage_criteria_stage_idx").on(t.stageId, t.position)],
);

export const products = pgTable(
  "products",
  {
    id: id(),
    orgId: orgRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => productStages.id),
    stageEnteredAt: timestamp("stage_entered_at", { withTimezone: true }).notNull().defaultNow(),
    tags: text("tags").array().notNull().default([]),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    uniqueIndex("products_org_name_uq").on(t.orgId, sql`lower(${t.name})`),
    index("products_org_stage_idx").on(t.orgId, t.stageId),
    index("products_org_owner_idx").on(t.orgId, t.ownerId),
  ],
);

export const productObjectives = pgTable(
  "product_objectives",
  {
    orgId: orgRef(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.productId, t.objectiveId] }), index("product_objectives_objective_idx").on(t.objectiveId)],
);

/** Planned dates of a product's stages (the roadmap's "planned" bars). */
export const productStagePlans = pgTable(
  "product_stage_plans",
  {
    orgId: orgRef(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => productStages.id, { onDelete: "cascade" }),
    plannedStartOn: date("planned_start_on", { mode: "string" }),
    plannedEndOn: date("planned_end_on", { mode: "string" }),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.stageId] }),
    check("product_stage_plans_dates_ck", sql`${t.plannedStartOn} is null or ${t.plannedEndOn} is null or ${t.plannedEndOn} >= ${t.plannedStartOn}`),
  ],
);

/** One row per stay in a stage: entered, left (null while current), how and why. */
export const productStageVisits = pgTable(
  "product_stage_visits",
  {
    id: id(),
    orgId: orgRef(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    stageId: uuid("stage_id")
      .notNull()
      .references(() => productStages.id),
    fromStageId: uuid("from_stage_id").references(() => productStages.id),
    kind: stageVisitKind("kind").notNull(),
    reason: text("reason").notNull().default(""),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    approvalRequestId: uuid("approval_request_id"),
  },
  (t) => [index("product_stage_visits_product_idx").on(t.productId, t.enteredAt), index("product_stage_visits_org_stage_idx").on(t.orgId, t.stageId)],
);

export const productChecklistItems = pgTable(
  "product_checklist_items",
  {
    id: id(),
    orgId: orgRef(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    visitId: uuid("visit_id")
      .notNull()
      .references(() => productStageVisits.id, { onDelete: "cascade" }),
    criterionId: uuid("criterion_id").references(() => productStageCriteria.id, { onDelete: "set null" }),
    key: text("key"),
    label: text("label").notNull().default(""),
    kind: stageCriterionKind("kind").notNull().default("manual"),
    requiresEvidence: boolean("requires_evidence").notNull().default(false),
    position: integer("position").notNull().default(0),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    checkedBy: uuid("checked_by").references(() => users.id, { onDelete: "set null" }),
    evidenceUrl: text("evidence_url").notNull().default(""),
    evidenceNote: text("evidence_note").notNull().default(""),
    version: version(),
  },
  (t) => [index("product_checklist_items_visit_idx").on(t.visitId, t.position)],
);

export const productFeedback = pgTable(
  "product_feedback",
  {
    id: id(),
    orgId: orgRef(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    detail: text("detail").notNull().default(""),
    source: feedbackSource("source").notNull(),
    account: text("account").notNull().default(""),
    importance: smallint("importance").notNull().default(2),
    status: feedbackStatus("status").notNull().default("new"),
    initiativeId: uuid("initiative_id").references(() => initiatives.id, { onDelete: "set null" }),
    keyResultId: uuid("key_result_id").references(() => keyResults.id, { onDelete: "set null" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    voteCount: integer("vote_count").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("product_feedback_product_idx").on(t.productId),
    check("product_feedback_importance_ck", sql`${t.importance} between 1 and 3`),
    check("product_feedback_votes_ck", sql`${t.voteCount} >= 0`),
  ],
);

export const productFeedbackVotes = pgTable(
  "product_feedback_votes",
  {
    orgId: orgRef(),
    feedbackId: uuid("feedback_id")
      .notNull()
      .references(() => productFeedback.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.feedbackId, t.userId] })],
);

import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./_columns";
import { users } from "./auth";
import { campaigns } from "./campaigns";
import { keyResults, kpis, objectives } from "./okrs";
import { departments, organizations } from "./org";
import { products } from "./products";

/**
 * Risk register. Scores are likelihood × impact on 1–5 scales; the level of a score pair comes from
 * the organisation's 5×5 matrix (risk_settings). Every assessment is kept (risk_assessments) so a
 * risk's trend can be charted; the risk row carries the latest one.
 */
export const DEFAULT_RISK_CATEGORIES = ["strategic", "financial", "operational", "market", "compliance", "technology", "reputational", "people"] as const;
export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const riskStatus = pgEnum("risk_status", ["identified", "assessed", "treating", "monitoring", "closed", "accepted"]);
export const riskStrategy = pgEnum("risk_strategy", ["mitigate", "accept", "transfer", "avoid"]);
export const riskActionStatus = pgEnum("risk_action_status", ["todo", "in_progress", "done", "cancelled"]);
export const riskKriKind = pgEnum("risk_kri_kind", ["kpi", "key_result", "campaign"]);
export const riskKriState = pgEnum("risk_kri_state", ["ok", "breached"]);
export const riskAcceptanceStatus = pgEnum("risk_acceptance_status", ["pending", "approved", "rejected", "withdrawn", "expired"]);

const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/** One label and description per level of a 1–5 scale (index 0 is level 1); empty strings mean "the translated default". */
export interface ScaleLevel {
  label: string;
  description: string;
}

/** The organisation's risk settings; a missing row means the defaults (see server/risks/scoring.ts). */
export const riskSettings = pgTable("risk_settings", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  categories: text("categories").array().notNull(),
  /** A residual score above this needs treatment or an approved acceptance. */
  appetite: smallint("appetite").notNull(),
  /** Per-category appetite overriding `appetite`. */
  categoryAppetite: jsonb("category_appetite").$type<Record<string, number>>().notNull().default({}),
  likelihoodScale: jsonb("likelihood_scale").$type<ScaleLevel[]>().notNull().default([]),
  impactScale: jsonb("impact_scale").$type<ScaleLevel[]>().notNull().default([]),
  /** matrix[likelihood-1][impact-1] = level. */
  matrix: jsonb("matrix").$type<RiskLevel[][]>().notNull(),
  /** Days between reviews per level. */
  reviewDays: jsonb("review_days").$type<Record<RiskLevel, number>>().notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});

const score = (name: string) => smallint(name);

export const risks = pgTable(
  "risks",
  {
    id: id(),
    orgId: orgRef(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    category: text("category").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    causes: text("causes").notNull().default(""),
    consequences: text("consequences").notNull().default(""),
    status: riskStatus("status").notNull().default("identified"),
    tags: text("tags").array().notNull().default([]),
    /** The latest assessment (null until the first). */
    inherentLikelihood: score("inherent_likelihood"),
    inherentImpact: score("inherent_impact"),
    residualLikelihood: score("residual_likelihood"),
    residualImpact: score("residual_impact"),
    /** Denormalised for sorting and filtering: L × I. */
    inherentScore: score("inherent_score"),
    residualScore: score("residual_score"),
    strategy: riskStrategy("strategy"),
    /** The residual expected once the treatment is done. */
    targetLikelihood: score("target_likelihood"),
    targetImpact: score("target_impact"),
    lastAssessedAt: timestamp("last_assessed_at", { withTimezone: true }),
    nextReviewOn: date("next_review_on", { mode: "string" }),
    /** The overdue-review notice already sent for this review date (keeps the job idempotent). */
    reviewNoticeFor: date("review_notice_for", { mode: "string" }),
    /** Set while a key risk indicator is breached. */
    warningAt: timestamp("warning_at", { withTimezone: true }),
    acceptedUntil: date("accepted_until", { mode: "string" }),
    closedReason: text("closed_reason").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("risks_org_status_idx").on(t.orgId, t.status),
    index("risks_org_owner_idx").on(t.orgId, t.ownerId),
    index("risks_org_review_idx").on(t.orgId, t.nextReviewOn),
    index("risks_org_residual_idx").on(t.orgId, t.residualScore),
    // The register's order (server/risks/queries.ts listRisks): highest current score first, then title.
    index("risks_org_rank_idx").on(t.orgId, sql`(coalesce(${t.residualScore}, ${t.inherentScore}, 0)) desc`, t.title),
    check("risks_scores_ck", sql`coalesce(${t.inherentLikelihood}, 1) between 1 and 5 and coalesce(${t.inherentImpact}, 1) between 1 and 5
      and coalesce(${t.residualLikelihood}, 1) between 1 and 5 and coalesce(${t.residualImpact}, 1) between 1 and 5
      and coalesce(${t.targetLikelihood}, 1) between 1 and 5 and coalesce(${t.targetImpact}, 1) between 1 and 5`),
  ],
);

export const riskAssessments = pgTable(
  "risk_assessments",
  {
    id: id(),
    orgId: orgRef(),
    riskId: uuid("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    inherentLikelihood: score("inherent_likelihood").notNull(),
    inherentImpact: score("inherent_impact").notNull(),
    residualLikelihood: score("residual_likelihood").notNull(),
    residualImpact: score("residual_impact").notNull(),
    rationale: text("rationale").notNull().default(""),
    assessorId: uuid("assessor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("risk_assessments_risk_idx").on(t.riskId, t.createdAt)],
);

/** What a risk threatens or comes from: objectives, campaigns, products (exactly one per row). */
export const riskLinks = pgTable(
  "risk_links",
  {
    id: id(),
    orgId: orgRef(),
    riskId: uuid("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    objectiveId: uuid("objective_id").references(() => objectives.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "cascade" }),
    productId: uuid("product_id").references(() => products.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("risk_links_risk_idx").on(t.riskId),
    index("risk_links_product_idx").on(t.productId),
    check("risk_links_one_ck", sql`num_nonnulls(${t.objectiveId}, ${t.campaignId}, ${t.productId}) = 1`),
  ],
);

/** Treatment: controls and actions with an owner, a due date, a cost and progress. */
export const riskActions = pgTable(
  "risk_actions",
  {
    id: id(),
    orgId: orgRef(),
    riskId: uuid("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    dueOn: date("due_on", { mode: "string" }),
    costMinor: bigint("cost_minor", { mode: "number" }),
    currency: text("currency"),
    status: riskActionStatus("status").notNull().default("todo"),
    progress: smallint("progress").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("risk_actions_risk_idx").on(t.riskId),
    check("risk_actions_progress_ck", sql`${t.progress} between 0 and 100`),
    check("risk_actions_cost_ck", sql`${t.costMinor} is null or ${t.costMinor} >= 0`),
  ],
);

/** An acceptance: asked through the approvals engine, with a justification and an expiry. */
export const riskAcceptances = pgTable(
  "risk_acceptances",
  {
    id: id(),
    orgId: orgRef(),
    riskId: uuid("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    approvalRequestId: uuid("approval_request_id"),
    justification: text("justification").notNull(),
    expiresOn: date("expires_on", { mode: "string" }).notNull(),
    status: riskAcceptanceStatus("status").notNull().default("pending"),
    /** The risk as it stood when the decision was made. */
    decisionSnapshot: jsonb("decision_snapshot"),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("risk_acceptances_risk_idx").on(t.riskId, t.createdAt)],
);

/** Key risk indicators: a KPI leaving green, a KR losing confidence or falling behind, a campaign overspending. */
export const riskKris = pgTable(
  "risk_kris",
  {
    id: id(),
    orgId: orgRef(),
    riskId: uuid("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    kind: riskKriKind("kind").notNull(),
    kpiId: uuid("kpi_id").references(() => kpis.id, { onDelete: "cascade" }),
    keyResultId: uuid("key_result_id").references(() => keyResults.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id").references(() => campaigns.id, { onDelete: "cascade" }),
    /** Key results: percentage points behind the ideal line that count as a breach. */
    marginPct: smallint("margin_pct").notNull().default(10),
    state: riskKriState("state").notNull().default("ok"),
    /** Why it is breached (a catalog key with parameters). */
    reason: text("reason").notNull().default(""),
    changedAt: timestamp("changed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: version(),
  },
  (t) => [
    index("risk_kris_risk_idx").on(t.riskId),
    index("risk_kris_kpi_idx").on(t.kpiId),
    index("risk_kris_kr_idx").on(t.keyResultId),
    index("risk_kris_campaign_idx").on(t.campaignId),
    check("risk_kris_target_ck", sql`num_nonnulls(${t.kpiId}, ${t.keyResultId}, ${t.campaignId}) = 1`),
    check("risk_kris_margin_ck", sql`${t.marginPct} between 0 and 100`),
  ],
);

/** Every breach and clearance of an indicator. */
export const riskKriEvents = pgTable(
  "risk_kri_events",
  {
    id: id(),
    orgId: orgRef(),
    kriId: uuid("kri_id")
      .notNull()
      .references(() => riskKris.id, { onDelete: "cascade" }),
    riskId: uuid("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    state: riskKriState("state").notNull(),
    reason: text("reason").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("risk_kri_events_risk_idx").on(t.riskId, t.createdAt)],
);

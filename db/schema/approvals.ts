import { boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { id, timestamps, version } from "./_columns";
import { users } from "./auth";
import { departments, organizations } from "./org";

export const approvalStatus = pgEnum("approval_status", [
  "pending",
  "approved",
  "rejected",
  "changes_requested",
  "cancelled",
  "expired",
]);
export const approvalStepStatus = pgEnum("approval_step_status", [
  "waiting",
  "pending",
  "approved",
  "rejected",
  "changes_requested",
  "cancelled",
]);
export const approvalDecision = pgEnum("approval_decision", ["approve", "reject", "request_changes"]);

/** Who may decide a step. */
export type ApproverRule =
  | { kind: "department_managers"; departmentId: string }
  | { kind: "role"; roles: ("owner" | "admin")[] }
  | { kind: "users"; userIds: string[] };

const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: id(),
    orgId: orgRef(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    requesterId: uuid("requester_id").references(() => users.id, { onDelete: "set null" }),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** What was asked for, frozen at request time, so the decision stays auditable. */
    snapshot: jsonb("snapshot").notNull(),
    status: approvalStatus("status").notNull().default("pending"),
    currentStep: integer("current_step").notNull().default(0),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("approval_requests_org_status_idx").on(t.orgId, t.status, t.createdAt),
    // Keyset pages of every request of an organisation, newest first.
    // Ascending: a backward scan serves the lists' `order by created_at desc, id desc` (DESC NULLS FIRST); a "desc" index here
    // would be written DESC NULLS LAST by drizzle-kit, which that order cannot use.
    index("approval_requests_org_created_idx").on(t.orgId, t.createdAt, t.id),
    index("approval_requests_subject_idx").on(t.orgId, t.subjectType, t.subjectId),
    // A subject has at most one pending request.
    uniqueIndex("approval_requests_one_pending_uq").on(t.orgId, t.subjectType, t.subjectId).where(sql`status = 'pending'`),
  ],
);

export const approvalSteps = pgTable(
  "approval_steps",
  {
    id: id(),
    orgId: orgRef(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => approvalRequests.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    rule: jsonb("rule").$type<ApproverRule>().notNull(),
    /** "any": one approver decides; "all": every approver must approve. */
    mode: text("mode").$type<"any" | "all">().notNull().default("any"),
    status: approvalStepStatus("status").notNull().default("waiting"),
    escalated: boolean("escalated").notNull().default(false),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("approval_steps_request_pos_uq").on(t.requestId, t.position)],
);

export const approvalDecisions = pgTable(
  "approval_decisions",
  {
    id: id(),
    orgId: orgRef(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => approvalRequests.id, { onDelete: "cascade" }),
    stepId: uuid("step_id")
      .notNull()
      .references(() => approvalSteps.id, { onDelete: "cascade" }),
    deciderId: uuid("decider_id").references(() => users.id, { onDelete: "set null" }),
    /** Set when a delegate decided for this approver. */
    onBehalfOfId: uuid("on_behalf_of_id").references(() => users.id, { onDelete: "set null" }),
    decision: approvalDecision("decision").notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("approval_decisions_step_decider_uq").on(t.stepId, t.deciderId),
    index("approval_decisions_request_idx").on(t.requestId),
  ],
);

export const approvalComments = pgTable(
  "approval_comments",
  {
    id: id(),
    orgId: orgRef(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => approvalRequests.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("approval_comments_request_idx").on(t.requestId, t.createdAt)],
);

/** Out of office: the delegate may decide for the delegator between the two dates (inclusive). */
export const approvalDelegations = pgTable(
  "approval_delegations",
  {
    id: id(),
    orgId: orgRef(),
    delegatorId: uuid("delegator_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    delegateId: uuid("delegate_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("approval_delegations_org_delegate_idx").on(t.orgId, t.delegateId)],
);

/** Per-organisation approval settings, edited by owners. */
export const approvalSettings = pgTable("approval_settings", {
  orgId: uuid("org_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** Days (working days, Mon–Fri) until a request is overdue and escalates. */
  slaDays: integer("sla_days").notNull().default(3),
  /** OKR sets need an admin after the department manager. */
  okrTwoStep: boolean("okr_two_step").notNull().default(false),
  /** Admins may decide any step (never their own request). */
  adminsMayOverride: boolean("admins_may_override").notNull().default(false),
  ...timestamps(),
  version: version(),
});

export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    orgId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Catalog key of the message, with its parameters. */
    kind: text("kind").notNull(),
    params: jsonb("params").$type<Record<string, string>>().notNull().default({}),
    link: text("link").notNull().default(""),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.orgId, t.createdAt)],
);

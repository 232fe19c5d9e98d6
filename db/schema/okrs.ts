import {
  boolean,
  date,
  doublePrecision,
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
import { departments, organizations } from "./org";

export const periodKind = pgEnum("period_kind", ["quarter", "year"]);
export const periodStatus = pgEnum("period_status", ["planning", "active", "closed"]);
export const objectiveLevel = pgEnum("objective_level", ["company", "department", "team", "individual"]);
export const objectiveStatus = pgEnum("objective_status", [
  "draft",
  "pending_approval",
  "approved",
  "active",
  "closed",
  "cancelled",
]);
export const commitment = pgEnum("objective_commitment", ["committed", "aspirational"]);
export const krType = pgEnum("kr_type", ["number", "percentage", "currency", "milestone"]);
export const krDirection = pgEnum("kr_direction", ["increase", "decrease", "band"]);
export const initiativeStatus = pgEnum("initiative_status", ["todo", "doing", "done", "blocked"]);
export const dependencyStatus = pgEnum("dependency_status", ["requested", "accepted", "declined", "done"]);
export const kpiDirection = pgEnum("kpi_direction", ["higher_is_better", "lower_is_better"]);

const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

export const periods = pgTable(
  "periods",
  {
    id: id(),
    orgId: orgRef(),
    /** e.g. "2026-Q4" or "2026". */
    name: text("name").notNull(),
    kind: periodKind("kind").notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    status: periodStatus("status").notNull().default("planning"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("periods_org_name_uq").on(t.orgId, t.name), index("periods_org_start_idx").on(t.orgId, t.startsOn)],
);

export const objectives = pgTable(
  "objectives",
  {
    id: id(),
    orgId: orgRef(),
    periodId: uuid("period_id")
      .notNull()
      .references(() => periods.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    level: objectiveLevel("level").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    status: objectiveStatus("status").notNull().default("draft"),
    commitment: commitment("commitment").notNull().default("committed"),
    tags: text("tags").array().notNull().default([]),
    /** Final grade 0–1 (weighted mean of KR grades), set at period close. */
    score: doublePrecision("score"),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("objectives_org_period_idx").on(t.orgId, t.periodId, t.departmentId),
    index("objectives_org_owner_idx").on(t.orgId, t.ownerId),
  ],
);

/** Alignment: a child objective supports one or more parents (also across departments). */
export const objectiveAlignments = pgTable(
  "objective_alignments",
  {
    orgId: orgRef(),
    childId: uuid("child_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.childId, t.parentId] }), index("objective_alignments_parent_idx").on(t.parentId)],
);

export const kpis = pgTable(
  "kpis",
  {
    id: id(),
    orgId: orgRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    unit: text("unit").notNull().default(""),
    departmentId: uuid("department_id").references(() => departments.id, { onDelete: "set null" }),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    direction: kpiDirection("direction").notNull().default("higher_is_better"),
    /** At or beyond green → green; between amber and green → amber; beyond amber → red. */
    greenThreshold: doublePrecision("green_threshold").notNull(),
    amberThreshold: doublePrecision("amber_threshold").notNull(),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("kpis_org_name_uq").on(t.orgId, t.name)],
);

export const kpiValues = pgTable(
  "kpi_values",
  {
    id: id(),
    orgId: orgRef(),
    kpiId: uuid("kpi_id")
      .notNull()
      .references(() => kpis.id, { onDelete: "cascade" }),
    observedOn: date("observed_on", { mode: "string" }).notNull(),
    value: doublePrecision("value").notNull(),
    note: text("note").notNull().default(""),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("kpi_values_kpi_idx").on(t.kpiId, t.observedOn)],
);

export const keyResults = pgTable(
  "key_results",
  {
    id: id(),
    orgId: orgRef(),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id),
    type: krType("type").notNull(),
    unit: text("unit").notNull().default(""),
    direction: krDirection("direction").notNull().default("increase"),
    startValue: doublePrecision("start_value").notNull().default(0),
    targetValue: doublePrecision("target_value").notNull(),
    /** Band limits when direction = band. */
    bandMin: doublePrecision("band_min"),
    bandMax: doublePrecision("band_max"),
    weight: doublePrecision("weight").notNull().default(1),
    /** Latest check-in value and confidence (denormalised from check_ins; null before the first). */
    currentValue: doublePrecision("current_value"),
    confidence: smallint("confidence"),
    lastCheckInAt: timestamp("last_check_in_at", { withTimezone: true }),
    kpiId: uuid("kpi_id").references(() => kpis.id, { onDelete: "set null" }),
    /** Grade 0–1 at period close, or skipped with a reason. */
    grade: doublePrecision("grade"),
    gradeReason: text("grade_reason"),
    skipped: boolean("skipped").notNull().default(false),
    position: integer("position").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("key_results_objective_idx").on(t.objectiveId, t.position),
    index("key_results_org_owner_idx").on(t.orgId, t.ownerId),
    index("key_results_kpi_idx").on(t.kpiId),
  ],
);

/** Append-only: corrections are new check-ins, never edits. */
export const checkIns = pgTable(
  "check_ins",
  {
    id: id(),
    orgId: orgRef(),
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    value: doublePrecision("value").notNull(),
    confidence: smallint("confidence").notNull(),
    note: text("note").notNull().default(""),
    /** manual, kpi, import, … */
    source: text("source").notNull().default("manual"),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("check_ins_kr_idx").on(t.keyResultId, t.createdAt)],
);

export const initiatives = pgTable(
  "initiatives",
  {
    id: id(),
    orgId: orgRef(),
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    dueOn: date("due_on", { mode: "string" }),
    status: initiativeStatus("status").notNull().default("todo"),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("initiatives_kr_idx").on(t.keyResultId)],
);

/** A KR (or one of its initiatives) depends on something another department must deliver. */
export const dependencies = pgTable(
  "dependencies",
  {
    id: id(),
    orgId: orgRef(),
    keyResultId: uuid("key_result_id")
      .notNull()
      .references(() => keyResults.id, { onDelete: "cascade" }),
    initiativeId: uuid("initiative_id").references(() => initiatives.id, { onDelete: "cascade" }),
    fromDepartmentId: uuid("from_department_id").references(() => departments.id, { onDelete: "set null" }),
    toDepartmentId: uuid("to_department_id")
      .notNull()
      .references(() => departments.id, { onDelete: "cascade" }),
    what: text("what").notNull(),
    neededBy: date("needed_by", { mode: "string" }).notNull(),
    status: dependencyStatus("status").notNull().default("requested"),
    comment: text("comment").notNull().default(""),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    ...timestamps(),
    version: version(),
  },
  (t) => [
    index("dependencies_org_to_idx").on(t.orgId, t.toDepartmentId),
    index("dependencies_org_from_idx").on(t.orgId, t.fromDepartmentId),
  ],
);

import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./_columns";
import { users } from "./auth";
import { periods } from "./okrs";
import { organizations } from "./org";

/**
 * Improvement retrospectives. Every change to a retro bumps its `seq`, the change cursor clients
 * poll (through Postgres, so any instance of a serverless host sees it). Anonymous cards keep their
 * author for the author's own edits, but queries never send it to anyone else.
 */
export const retroPhase = pgEnum("retro_phase", ["prepare", "collect", "group", "vote", "discuss", "actions", "closed"]);
export const retroActionStatus = pgEnum("retro_action_status", ["open", "in_progress", "done", "dropped"]);

export interface RetroColumn {
  key: string;
  /** Empty for a built-in template's column: the UI translates the key. */
  label: string;
}

const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/** An organisation's own templates (the built-in ones live in code). */
export const retroTemplates = pgTable(
  "retro_templates",
  {
    id: id(),
    orgId: orgRef(),
    name: text("name").notNull(),
    columns: jsonb("columns").$type<RetroColumn[]>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
    version: version(),
  },
  (t) => [uniqueIndex("retro_templates_org_name_uq").on(t.orgId, sql`lower(${t.name})`)],
);

export const retros = pgTable(
  "retros",
  {
    id: id(),
    orgId: orgRef(),
    title: text("title").notNull(),
    periodId: uuid("period_id").references(() => periods.id, { onDelete: "set null" }),
    departmentIds: uuid("department_ids").array().notNull().default([]),
    facilitatorId: uuid("facilitator_id")
      .notNull()
      .references(() => users.id),
    /** "builtin:<key>" or a retro_templates id. */
    template: text("template").notNull(),
    columns: jsonb("columns").$type<RetroColumn[]>().notNull(),
    phase: retroPhase("phase").notNull().default("prepare"),
    anonymous: boolean("anonymous").notNull().default(false),
    votesPerPerson: integer("votes_per_person").notNull().default(5),
    hideUntilReveal: boolean("hide_until_reveal").notNull().default(true),
    revealed: boolean("revealed").notNull().default(false),
    timerEndsAt: timestamp("timer_ends_at", { withTimezone: true }),
    /** The change cursor: bumped by every change to the retro, its cards, groups, votes and actions. */
    seq: bigint("seq", { mode: "number" }).notNull().default(1),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("retros_org_created_idx").on(t.orgId, t.createdAt), check("retros_votes_ck", sql`${t.votesPerPerson} between 1 and 20`)],
);

export const retroParticipants = pgTable(
  "retro_participants",
  {
    orgId: orgRef(),
    retroId: uuid("retro_id")
      .notNull()
      .references(() => retros.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Votes cast, kept next to the limit so a vote is one conditional update (never past the limit). */
    votesUsed: integer("votes_used").notNull().default(0),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.retroId, t.userId] }), check("retro_participants_votes_ck", sql`${t.votesUsed} >= 0`)],
);

export const retroGroups = pgTable(
  "retro_groups",
  {
    id: id(),
    orgId: orgRef(),
    retroId: uuid("retro_id")
      .notNull()
      .references(() => retros.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    notes: text("notes").notNull().default(""),
    position: integer("position").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("retro_groups_retro_idx").on(t.retroId)],
);

export const retroCards = pgTable(
  "retro_cards",
  {
    id: id(),
    orgId: orgRef(),
    retroId: uuid("retro_id")
      .notNull()
      .references(() => retros.id, { onDelete: "cascade" }),
    columnKey: text("column_key").notNull(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    groupId: uuid("group_id").references(() => retroGroups.id, { onDelete: "set null" }),
    position: integer("position").notNull().default(0),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("retro_cards_retro_idx").on(t.retroId), index("retro_cards_group_idx").on(t.groupId)],
);

/** One row per vote: a person may put several of their votes on the same group. */
export const retroVotes = pgTable(
  "retro_votes",
  {
    id: id(),
    orgId: orgRef(),
    retroId: uuid("retro_id")
      .notNull()
      .references(() => retros.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => retroGroups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("retro_votes_group_idx").on(t.groupId), index("retro_votes_user_idx").on(t.retroId, t.userId)],
);

export const retroActions = pgTable(
  "retro_actions",
  {
    id: id(),
    orgId: orgRef(),
    retroId: uuid("retro_id")
      .notNull()
      .references(() => retros.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    dueOn: date("due_on", { mode: "string" }),
    status: retroActionStatus("status").notNull().default("open"),
    groupId: uuid("group_id").references(() => retroGroups.id, { onDelete: "set null" }),
    /** What it became: a draft objective or key result, a KPI or a risk. */
    /** For a key result, also its objective (the page to link to). */
    convertedTo: jsonb("converted_to").$type<{ type: "objective" | "key_result" | "kpi" | "risk"; id: string; objectiveId?: string } | null>(),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("retro_actions_retro_idx").on(t.retroId), index("retro_actions_org_status_idx").on(t.orgId, t.status)],
);

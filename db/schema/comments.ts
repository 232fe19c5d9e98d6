import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./_columns";
import { users } from "./auth";
import { organizations } from "./org";

/** One comment table for every kind of thing people discuss; mentions notify the people named. */
export const commentEntity = pgEnum("comment_entity", ["objective", "campaign", "product", "risk"]);

export const comments = pgTable(
  "comments",
  {
    id: id(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    entityType: commentEntity("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    mentionIds: uuid("mention_ids").array().notNull().default([]),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("comments_entity_idx").on(t.orgId, t.entityType, t.entityId, t.createdAt)],
);

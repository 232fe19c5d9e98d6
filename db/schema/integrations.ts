import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./_columns";
import { users } from "./auth";
import { orgRole, organizations } from "./org";

const orgRef = () =>
  uuid("org_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/**
 * A user's choice, per notification kind, of where it reaches them (in the app, by email). A kind
 * without a row uses the defaults (in-app on; email on for the kinds that default to it).
 */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    orgId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** A notification kind (e.g. "approvalRequested"), or "weeklyDigest". */
    kind: text("kind").notNull(),
    inApp: boolean("in_app").notNull(),
    email: boolean("email").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId, t.kind] })],
);

/** Email waiting to be sent (or sent): an outbox, so a failed SMTP call never loses or repeats a message. */
export const emailStatus = pgEnum("email_status", ["pending", "sent", "failed"]);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id(),
    orgId: uuid("org_id").references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    /** What produced it (a notification kind, "weeklyDigest"); with dedupeKey, makes a second run send nothing twice. */
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key"),
    status: emailStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_uq").on(t.dedupeKey).where(sql`${t.dedupeKey} is not null`),
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const webhookFormat = pgEnum("webhook_format", ["json", "slack"]);

/** An organisation's outgoing webhook: where to POST which events, signed with its secret. */
export const webhooks = pgTable(
  "webhooks",
  {
    id: id(),
    orgId: orgRef(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Event types delivered (e.g. "approval.decided"); "*" for all. */
    events: text("events").array().notNull(),
    format: webhookFormat("format").notNull().default("json"),
    /** HMAC-SHA256 signing secret (needed in clear to sign; shown to admins once, at creation). */
    secret: text("secret").notNull(),
    active: boolean("active").notNull().default(true),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
    version: version(),
  },
  (t) => [index("webhooks_org_idx").on(t.orgId)],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);

/** One event to one webhook, with its attempts: the delivery log, and the retry queue. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    orgId: orgRef(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: webhookDeliveryStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    /** Milliseconds the last attempt took. */
    lastDurationMs: integer("last_duration_ms"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("webhook_deliveries_hook_idx").on(t.webhookId, t.createdAt),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** Per-organisation keys for the public REST API: only a hash is stored; the key acts with its role. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    orgId: orgRef(),
    name: text("name").notNull(),
    /** The first characters of the key, shown so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 (hex) of the whole key. */
    hash: text("hash").notNull(),
    role: orgRole("role").notNull(),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.hash), index("api_keys_org_idx").on(t.orgId)],
);

/** Fixed-window request counters (shared by every instance): the API rate limit. */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    /** What is limited, e.g. "api:<keyId>". */
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

import { index, json, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./org";

/**
 * Idempotency keys of mutations (the `Idempotency-Key` header of the REST API and the app's tRPC
 * client). The row is written in the same transaction as the mutation it guards, so a committed key
 * always has its write, and a rolled-back write leaves no key. A retry with the same key and the same
 * request gets `response` back without writing again. Rows older than 24 hours are swept by the
 * scheduled jobs.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Whose key: `user:<id>` for a signed-in session, `apikey:<id>` for an API key. */
    actor: text("actor").notNull(),
    key: text("key").notNull(),
    /** The tRPC procedure the key was used for. */
    procedure: text("procedure").notNull(),
    /** SHA-256 of the procedure and its canonical JSON input. */
    requestHash: text("request_hash").notNull(),
    /**
     * `in_progress` inside the guarded transaction, `completed` when it commits; `completed_secret` when
     * the result held a secret shown once (not stored; a retry is refused).
     */
    status: text("status").notNull().default("in_progress"),
    /** The procedure's result (superjson-serialised), returned to retries; `json`, not `jsonb`, so it comes back byte for byte (key order included). */
    response: json("response"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_org_actor_key_uq").on(t.orgId, t.actor, t.key),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);

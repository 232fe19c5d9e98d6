import { sql } from "drizzle-orm";
import { bigserial, boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * A record of every scheduled job run. Jobs that must happen once per window (a weekly reminder)
 * claim their window here first: a second run in the same window finds it taken and sends nothing.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    job: text("job").notNull(),
    /** The window a once-per-window job claimed (e.g. "2026-W48"); null for jobs that are idempotent by themselves. */
    window: text("window"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    ok: boolean("ok"),
    result: jsonb("result"),
  },
  (t) => [
    uniqueIndex("job_runs_job_window_uq").on(t.job, t.window).where(sql`${t.window} is not null`),
    index("job_runs_started_idx").on(t.startedAt),
  ],
);

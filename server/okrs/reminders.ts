import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobRuns, keyResults, objectives, organizations, periods } from "@/db/schema";
import { notify } from "../notifications/service";

const WEEK = 7 * 86_400_000;

/** The ISO week of a date, as "2026-W48" (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/**
 * Once a week, everyone who owns key results without a check-in for a week (in open periods, on
 * objectives still running) is reminded, once, with how many are due. The week is claimed in
 * job_runs in the same transaction as the notifications, so a second run that week sends nothing.
 */
export async function checkInReminders(db: Database, now = new Date()) {
  const window = isoWeek(now);
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .insert(jobRuns)
      .values({ job: "checkin_reminders", window, startedAt: now })
      .onConflictDoNothing()
      .returning({ id: jobRuns.id });
    if (!claimed) return { window, skipped: true, reminded: 0 };
    const due = await tx
      .select({ orgId: keyResults.orgId, slug: organizations.slug, ownerId: keyResults.ownerId, n: sql<number>`count(*)::int` })
      .from(keyResults)
      .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
      .innerJoin(periods, eq(periods.id, objectives.periodId))
      .innerJoin(organizations, eq(organizations.id, keyResults.orgId))
      .where(
        and(
          eq(periods.status, "active"),
          inArray(objectives.status, ["approved", "active"]),
          eq(keyResults.skipped, false),
          or(isNull(keyResults.lastCheckInAt), lt(keyResults.lastCheckInAt, new Date(now.getTime() - WEEK))),
        ),
      )
      .groupBy(keyResults.orgId, organizations.slug, keyResults.ownerId);
    for (const d of due) {
      await notify(tx, d.orgId, [d.ownerId], { kind: "checkInReminder", params: { count: String(d.n) }, link: `/${d.slug}/okrs/mine` });
    }
    await tx.update(jobRuns).set({ finishedAt: new Date(), ok: true, result: { reminded: due.length } }).where(eq(jobRuns.id, claimed.id));
    return { window, skipped: false, reminded: due.length };
  });
}

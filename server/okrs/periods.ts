import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { keyResults, objectives, periods } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";

/** "2026-Q4" → Oct 1 – Dec 31, 2026; "2026" → the whole year. */
export function periodDates(name: string): { kind: "quarter" | "year"; startsOn: string; endsOn: string } {
  const m = /^([1-9]\d{3})(?:-Q([1-4]))?$/.exec(name);
  if (!m) throw fieldError("name", "v.periodName");
  const year = Number(m[1]);
  if (!m[2]) return { kind: "year", startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
  const q = Number(m[2]);
  const startMonth = (q - 1) * 3 + 1;
  const end = new Date(Date.UTC(year, startMonth - 1 + 3, 0));
  return {
    kind: "quarter",
    startsOn: `${year}-${String(startMonth).padStart(2, "0")}-01`,
    endsOn: end.toISOString().slice(0, 10),
  };
}

export async function createPeriod(db: Database, actor: Actor, name: string) {
  const dates = periodDates(name);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(periods)
      .values({ orgId: actor.orgId, name, ...dates })
      .onConflictDoNothing()
      .returning();
    if (!row) throw fieldError("name", "e.periodExists");
    await recordAudit(tx, actor, { entityType: "period", entityId: row.id, action: "create", after: row });
    return row;
  });
}

const PERIOD_NEXT: Record<string, string[]> = { planning: ["active"], active: ["closed"], closed: [] };

/**
 * Moves a period planning → active → closed. Closing needs every key result of the period's live
 * objectives graded or skipped with a reason; it closes those objectives too.
 */
export async function setPeriodStatus(
  db: Database,
  actor: Actor,
  input: { periodId: string; status: "planning" | "active" | "closed"; version: number },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(periods)
      .where(and(eq(periods.id, input.periodId), eq(periods.orgId, actor.orgId)))
      .limit(1);
    if (!before) throw notFound("period");
    if (before.version !== input.version) throw conflict("period");
    if (!PERIOD_NEXT[before.status]!.includes(input.status)) {
      throw new AppError("BAD_REQUEST", `e.badTransition|from=${before.status}|to=${input.status}`);
    }
    if (input.status === "closed") {
      const [open] = await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(keyResults)
        .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
        .where(
          and(
            eq(objectives.periodId, before.id),
            eq(objectives.orgId, actor.orgId),
            sql`${objectives.status} <> 'cancelled'`,
            sql`${keyResults.grade} is null`,
            eq(keyResults.skipped, false),
          ),
        );
      if ((open?.n ?? 0) > 0) {
        throw new AppError("PRECONDITION_FAILED", `e.ungradedKeyResults|count=${open!.n}`, { ungraded: open!.n });
      }
      await tx
        .update(objectives)
        .set({ status: "closed", updatedAt: new Date(), version: sql`${objectives.version} + 1` })
        .where(
          and(
            eq(objectives.periodId, before.id),
            eq(objectives.orgId, actor.orgId),
            inArray(objectives.status, ["draft", "pending_approval", "approved", "active"]),
          ),
        );
    }
    const [after] = await tx
      .update(periods)
      .set({
        status: input.status,
        closedAt: input.status === "closed" ? new Date() : null,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(periods.id, before.id), eq(periods.version, input.version)))
      .returning();
    if (!after) throw conflict("period");
    await recordAudit(tx, actor, { entityType: "period", entityId: after.id, action: `status_${input.status}`, before, after });
    return after;
  });
}

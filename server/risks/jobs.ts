import { and, eq, isNotNull, lt, ne, or, sql, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { organizations, riskAcceptances, riskKris, risks } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { notify } from "../notifications/service";
import { evaluateKris } from "./kri";

const todayOf = (now: Date) => now.toISOString().slice(0, 10);

/**
 * Scheduled risk jobs, each idempotent:
 * - overdue reviews: the owner is told once per missed review date;
 * - expired acceptances: the risk reopens (back to "assessed"), the owner is told;
 * - indicators: every indicator is judged again (a KR falls behind its ideal line as time passes).
 */
export async function runRiskJobs(db: Database, now = new Date()) {
  const today = todayOf(now);
  const overdue = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: risks.id, orgId: risks.orgId, title: risks.title, ownerId: risks.ownerId, nextReviewOn: risks.nextReviewOn, slug: organizations.slug })
      .from(risks)
      .innerJoin(organizations, eq(organizations.id, risks.orgId))
      .where(
        and(
          ne(risks.status, "closed"),
          isNotNull(risks.nextReviewOn),
          lt(risks.nextReviewOn, today),
          or(isNull(risks.reviewNoticeFor), sql`${risks.reviewNoticeFor} <> ${risks.nextReviewOn}`),
        ),
      )
      .for("update", { of: risks, skipLocked: true });
    for (const r of due) {
      await tx.update(risks).set({ reviewNoticeFor: r.nextReviewOn }).where(eq(risks.id, r.id));
      await notify(tx, r.orgId, [r.ownerId], { kind: "riskReviewOverdue", params: { title: r.title, date: r.nextReviewOn! }, link: `/${r.slug}/risks/${r.id}` });
    }
    return due.length;
  });
  const expired = await db.transaction(async (tx) => {
    const rows = await tx
      .select({ risk: risks, slug: organizations.slug })
      .from(risks)
      .innerJoin(organizations, eq(organizations.id, risks.orgId))
      .where(and(eq(risks.status, "accepted"), isNotNull(risks.acceptedUntil), lt(risks.acceptedUntil, today)))
      .for("update", { of: risks, skipLocked: true });
    for (const { risk: r, slug } of rows) {
      await tx
        .update(risks)
        .set({ status: "assessed", acceptedUntil: null, nextReviewOn: today, updatedAt: now, version: r.version + 1 })
        .where(eq(risks.id, r.id));
      await tx.update(riskAcceptances).set({ status: "expired" }).where(and(eq(riskAcceptances.riskId, r.id), eq(riskAcceptances.status, "approved")));
      await notify(tx, r.orgId, [r.ownerId], { kind: "riskAcceptanceExpired", params: { title: r.title }, link: `/${slug}/risks/${r.id}` });
      await recordAudit(tx, { userId: null, orgId: r.orgId }, {
        entityType: "risk",
        entityId: r.id,
        action: "acceptance_expired",
        before: { status: r.status, acceptedUntil: r.acceptedUntil },
        after: { status: "assessed" },
      });
    }
    return rows.length;
  });
  const indicators = await db.transaction(async (tx) => {
    const { breached, cleared } = await evaluateKris(tx, null, "all", now);
    // A watched KPI, KR or campaign deleted takes its indicator with it (cascade): lift the warning
    // it left on a risk that has no breached indicator any more.
    const lifted = await tx
      .update(risks)
      .set({ warningAt: null, updatedAt: now, version: sql`${risks.version} + 1` })
      .where(
        and(
          isNotNull(risks.warningAt),
          sql`not exists (select 1 from ${riskKris} where ${riskKris.riskId} = ${risks.id} and ${riskKris.state} = 'breached')`,
        ),
      )
      .returning({ id: risks.id });
    return { breached: breached.length, cleared: cleared.length, warningsLifted: lifted.length };
  });
  return { reviewsOverdue: overdue, acceptancesExpired: expired, indicators };
}

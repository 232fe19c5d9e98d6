import { and, asc, eq, inArray, isNotNull, lte, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { campaigns, retroActions, retros, risks } from "@/db/schema";
import { inbox } from "../approvals/queries";
import { myKeyResults } from "../okrs/queries";
import type { Actor } from "../org/actor";

const DAY = 86_400_000;

/**
 * "My work": what is on the signed-in person's plate across the organisation — key results to check
 * in, approvals waiting for them, their open retro action items, their risks due for review (within a
 * week, overdue, or with an early warning) and the campaigns they run or work on that are live now.
 */
export async function myWork(db: DbOrTx, actor: Actor, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const soon = new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10);
  const [krs, approvals, actions, riskRows, live] = await Promise.all([
    myKeyResults(db, actor, now),
    inbox(db, actor, { box: "waiting", limit: 10 }, now),
    db
      .select({ id: retroActions.id, title: retroActions.title, dueOn: retroActions.dueOn, status: retroActions.status, retroId: retros.id, retroTitle: retros.title })
      .from(retroActions)
      .innerJoin(retros, eq(retros.id, retroActions.retroId))
      .where(and(eq(retroActions.orgId, actor.orgId), eq(retroActions.ownerId, actor.userId), inArray(retroActions.status, ["open", "in_progress"])))
      .orderBy(sql`${retroActions.dueOn} asc nulls last`, asc(retroActions.createdAt))
      .limit(50),
    db
      .select({ id: risks.id, title: risks.title, nextReviewOn: risks.nextReviewOn, warningAt: risks.warningAt, residualScore: risks.residualScore, inherentScore: risks.inherentScore, status: risks.status })
      .from(risks)
      .where(
        and(
          eq(risks.orgId, actor.orgId),
          eq(risks.ownerId, actor.userId),
          ne(risks.status, "closed"),
          or(isNotNull(risks.warningAt), and(isNotNull(risks.nextReviewOn), lte(risks.nextReviewOn, soon))),
        ),
      )
      .orderBy(sql`${risks.nextReviewOn} asc nulls last`)
      .limit(50),
    db
      .select({ id: campaigns.id, name: campaigns.name, startsOn: campaigns.startsOn, endsOn: campaigns.endsOn, overBudget: sql<boolean>`${campaigns.overBudgetAt} is not null` })
      .from(campaigns)
      .where(
        and(
          eq(campaigns.orgId, actor.orgId),
          eq(campaigns.status, "live"),
          or(eq(campaigns.ownerId, actor.userId), sql`${actor.userId}::uuid = any(${campaigns.teamMemberIds})`),
        ),
      )
      .orderBy(asc(campaigns.endsOn))
      .limit(50),
  ]);
  return {
    keyResults: krs.map((k) => ({ id: k.id, title: k.title, objectiveId: k.objectiveId, objectiveTitle: k.objectiveTitle, progress: k.progress, confidence: k.confidence, due: k.due })),
    approvals: { items: approvals.items.map((r) => ({ id: r.id, title: r.title, subjectType: r.subjectType, overdue: r.overdue })), more: !!approvals.nextCursor },
    actions: actions.map((a) => ({ ...a, overdue: !!a.dueOn && a.dueOn < today })),
    risks: riskRows.map((r) => ({ ...r, reviewOverdue: !!r.nextReviewOn && r.nextReviewOn < today })),
    campaigns: live,
  };
}

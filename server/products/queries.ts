import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  approvalDecisions,
  approvalRequests,
  auditEvents,
  campaigns,
  departments,
  initiatives,
  keyResults,
  objectives,
  productFeedback,
  productFeedbackVotes,
  productObjectives,
  productStageCriteria,
  productStagePlans,
  productStages,
  productStageVisits,
  products,
  riskLinks,
  risks,
  users,
} from "@/db/schema";
import type { Actor } from "../org/actor";
import { completeness, currentChecklists } from "./checks";
import { loadProduct, pendingGates, STAGE_GATE, stagesOf } from "./refs";
import type { ZListProductsInput, ZRoadmapInput } from "./schema";

const DAY = 86_400_000;
const daysBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY));

/** The lifecycle: active stages in order, each with its exit criteria and how many products sit in it. */
export async function listStages(db: DbOrTx, actor: Actor) {
  const stages = await stagesOf(db, actor.orgId);
  const ids = stages.map((s) => s.id);
  const [criteria, counts] = await Promise.all([
    ids.length
      ? db
          .select()
          .from(productStageCriteria)
          .where(and(eq(productStageCriteria.orgId, actor.orgId), inArray(productStageCriteria.stageId, ids)))
          .orderBy(asc(productStageCriteria.position), asc(productStageCriteria.createdAt))
      : Promise.resolve([]),
    db
      .select({ stageId: products.stageId, n: sql<number>`count(*)::int` })
      .from(products)
      .where(eq(products.orgId, actor.orgId))
      .groupBy(products.stageId),
  ]);
  return stages.map((s) => ({
    id: s.id,
    key: s.key,
    name: s.name,
    position: s.position,
    version: s.version,
    productCount: counts.find((c) => c.stageId === s.id)?.n ?? 0,
    criteria: criteria
      .filter((c) => c.stageId === s.id)
      .map((c) => ({ id: c.id, key: c.key, label: c.label, kind: c.kind, requiresEvidence: c.requiresEvidence, version: c.version })),
  }));
}

/** Products for the board: owner, stage, days in stage, checklist completeness, pending gate. */
export async function listProducts(db: DbOrTx, actor: Actor, input: z.infer<typeof ZListProductsInput>, now = new Date()) {
  const where: (SQL | undefined)[] = [eq(products.orgId, actor.orgId)];
  if (input.stageId) where.push(eq(products.stageId, input.stageId));
  if (input.ownerId) where.push(eq(products.ownerId, input.ownerId));
  if (input.departmentId) where.push(eq(products.departmentId, input.departmentId));
  if (input.search) {
    const like = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(products.name, like), ilike(products.description, like)));
  }
  const rows = await db
    .select({
      id: products.id,
      name: products.name,
      description: products.description,
      stageId: products.stageId,
      stageEnteredAt: products.stageEnteredAt,
      ownerId: products.ownerId,
      ownerName: users.name,
      departmentId: products.departmentId,
      departmentName: departments.name,
      tags: products.tags,
      version: products.version,
    })
    .from(products)
    .innerJoin(users, eq(users.id, products.ownerId))
    .leftJoin(departments, eq(departments.id, products.departmentId))
    .where(and(...where))
    .orderBy(asc(products.name))
    .limit(500);
  const ids = rows.map((r) => r.id);
  const [checklists, gates] = await Promise.all([currentChecklists(db, actor.orgId, ids), pendingGates(db, actor.orgId, ids)]);
  return rows.map((r) => {
    const gate = gates.find((g) => g.subjectId === r.id);
    return {
      ...r,
      daysInStage: daysBetween(r.stageEnteredAt, now),
      checklist: completeness(checklists.get(r.id) ?? []),
      pendingGate: gate ? { requestId: gate.id, toStageId: (gate.snapshot as { toStage?: { id: string } }).toStage?.id ?? null } : null,
    };
  });
}

export async function getProduct(db: DbOrTx, actor: Actor, productId: string, now = new Date()) {
  const p = await loadProduct(db, actor, productId);
  const [head] = await db
    .select({ ownerName: users.name, departmentName: departments.name })
    .from(products)
    .innerJoin(users, eq(users.id, products.ownerId))
    .leftJoin(departments, eq(departments.id, products.departmentId))
    .where(eq(products.id, p.id));
  const [stages, checklists, visits, plans, linkedObjectives, linkedCampaigns, feedback, myVotes, gates, activity] = await Promise.all([
    listStages(db, actor),
    currentChecklists(db, actor.orgId, [p.id]),
    db
      .select({
        id: productStageVisits.id,
        stageId: productStageVisits.stageId,
        stageKey: productStages.key,
        stageName: productStages.name,
        fromStageId: productStageVisits.fromStageId,
        kind: productStageVisits.kind,
        reason: productStageVisits.reason,
        enteredAt: productStageVisits.enteredAt,
        leftAt: productStageVisits.leftAt,
        actorName: users.name,
        approvalRequestId: productStageVisits.approvalRequestId,
      })
      .from(productStageVisits)
      .innerJoin(productStages, eq(productStages.id, productStageVisits.stageId))
      .leftJoin(users, eq(users.id, productStageVisits.actorId))
      .where(and(eq(productStageVisits.orgId, actor.orgId), eq(productStageVisits.productId, p.id)))
      .orderBy(desc(productStageVisits.enteredAt)),
    db
      .select({ stageId: productStagePlans.stageId, plannedStartOn: productStagePlans.plannedStartOn, plannedEndOn: productStagePlans.plannedEndOn })
      .from(productStagePlans)
      .where(and(eq(productStagePlans.orgId, actor.orgId), eq(productStagePlans.productId, p.id))),
    db
      .select({
        id: objectives.id,
        title: objectives.title,
        status: objectives.status,
      })
      .from(productObjectives)
      .innerJoin(objectives, eq(objectives.id, productObjectives.objectiveId))
      .where(and(eq(productObjectives.orgId, actor.orgId), eq(productObjectives.productId, p.id)))
      .orderBy(asc(objectives.title)),
    db
      .select({ id: campaigns.id, name: campaigns.name, status: campaigns.status, startsOn: campaigns.startsOn, endsOn: campaigns.endsOn })
      .from(campaigns)
      .where(and(eq(campaigns.orgId, actor.orgId), eq(campaigns.productId, p.id)))
      .orderBy(desc(campaigns.startsOn)),
    db
      .select({
        id: productFeedback.id,
        title: productFeedback.title,
        detail: productFeedback.detail,
        source: productFeedback.source,
        account: productFeedback.account,
        importance: productFeedback.importance,
        status: productFeedback.status,
        voteCount: productFeedback.voteCount,
        authorId: productFeedback.authorId,
        authorName: users.name,
        initiativeId: productFeedback.initiativeId,
        initiativeTitle: initiatives.title,
        keyResultId: productFeedback.keyResultId,
        keyResultTitle: keyResults.title,
        createdAt: productFeedback.createdAt,
        version: productFeedback.version,
      })
      .from(productFeedback)
      .leftJoin(users, eq(users.id, productFeedback.authorId))
      .leftJoin(initiatives, eq(initiatives.id, productFeedback.initiativeId))
      .leftJoin(keyResults, eq(keyResults.id, productFeedback.keyResultId))
      .where(and(eq(productFeedback.orgId, actor.orgId), eq(productFeedback.productId, p.id)))
      // Most wanted first: votes weighted by importance, then the newest.
      .orderBy(desc(sql`(${productFeedback.voteCount} + 1) * ${productFeedback.importance}`), desc(productFeedback.createdAt))
      .limit(200),
    db
      .select({ feedbackId: productFeedbackVotes.feedbackId })
      .from(productFeedbackVotes)
      .innerJoin(productFeedback, eq(productFeedback.id, productFeedbackVotes.feedbackId))
      .where(and(eq(productFeedbackVotes.orgId, actor.orgId), eq(productFeedback.productId, p.id), eq(productFeedbackVotes.userId, actor.userId))),
    db
      .select({
        id: approvalRequests.id,
        status: approvalRequests.status,
        snapshot: approvalRequests.snapshot,
        requesterName: users.name,
        createdAt: approvalRequests.createdAt,
        decidedAt: approvalRequests.decidedAt,
      })
      .from(approvalRequests)
      .leftJoin(users, eq(users.id, approvalRequests.requesterId))
      .where(and(eq(approvalRequests.orgId, actor.orgId), eq(approvalRequests.subjectType, STAGE_GATE), eq(approvalRequests.subjectId, p.id)))
      .orderBy(desc(approvalRequests.createdAt))
      .limit(50),
    db
      .select({ id: auditEvents.id, action: auditEvents.action, actorName: users.name, createdAt: auditEvents.createdAt })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.orgId, actor.orgId), eq(auditEvents.entityType, "product"), eq(auditEvents.entityId, p.id)))
      .orderBy(desc(auditEvents.id))
      .limit(50),
  ]);
  const objectiveIds = linkedObjectives.map((o) => o.id);
  const [linkedRisks, krOptions, initiativeOptions] = await Promise.all([
    db
      .select({ id: risks.id, title: risks.title, status: risks.status, residualScore: risks.residualScore, inherentScore: risks.inherentScore, warningAt: risks.warningAt })
      .from(riskLinks)
      .innerJoin(risks, eq(risks.id, riskLinks.riskId))
      .where(and(eq(riskLinks.orgId, actor.orgId), eq(riskLinks.productId, p.id)))
      .orderBy(asc(risks.title)),
    objectiveIds.length
      ? db
          .select({ id: keyResults.id, title: keyResults.title })
          .from(keyResults)
          .where(and(eq(keyResults.orgId, actor.orgId), inArray(keyResults.objectiveId, objectiveIds)))
          .orderBy(asc(keyResults.title))
      : Promise.resolve([]),
    objectiveIds.length
      ? db
          .select({ id: initiatives.id, title: initiatives.title })
          .from(initiatives)
          .innerJoin(keyResults, eq(keyResults.id, initiatives.keyResultId))
          .where(and(eq(initiatives.orgId, actor.orgId), inArray(keyResults.objectiveId, objectiveIds)))
          .orderBy(asc(initiatives.title))
      : Promise.resolve([]),
  ]);
  const decisions = gates.length
    ? await db
        .select({ requestId: approvalDecisions.requestId, decision: approvalDecisions.decision, comment: approvalDecisions.comment, deciderName: users.name, createdAt: approvalDecisions.createdAt })
        .from(approvalDecisions)
        .leftJoin(users, eq(users.id, approvalDecisions.deciderId))
        .where(inArray(approvalDecisions.requestId, gates.map((g) => g.id)))
        .orderBy(asc(approvalDecisions.createdAt))
    : [];
  const checklist = checklists.get(p.id) ?? [];
  const checkers = [...new Set(checklist.map((i) => i.checkedBy).filter((x): x is string => !!x))];
  const names = checkers.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, checkers)) : [];
  const voted = new Set(myVotes.map((v) => v.feedbackId));
  const at = stages.findIndex((s) => s.id === p.stageId);
  const pending = gates.find((g) => g.status === "pending");
  return {
    ...p,
    ownerName: head?.ownerName ?? "",
    departmentName: head?.departmentName ?? null,
    stages,
    stageIndex: at,
    nextStageId: at >= 0 && at < stages.length - 1 ? stages[at + 1]!.id : null,
    daysInStage: daysBetween(p.stageEnteredAt, now),
    checklist: checklist.map((i) => ({ ...i, checkedByName: names.find((n) => n.id === i.checkedBy)?.name ?? null })),
    checklistState: completeness(checklist),
    history: visits.map((v) => ({ ...v, days: daysBetween(v.enteredAt, v.leftAt ?? now) })),
    plans,
    objectives: linkedObjectives,
    risks: linkedRisks,
    /** What feedback may link to: the key results and initiatives of the linked objectives. */
    linkOptions: { keyResults: krOptions, initiatives: initiativeOptions },
    campaigns: linkedCampaigns,
    feedback: feedback.map((f) => ({ ...f, score: (f.voteCount + 1) * f.importance, votedByMe: voted.has(f.id) })),
    pendingGate: pending ? { requestId: pending.id, snapshot: pending.snapshot } : null,
    gates: gates.map((g) => ({ ...g, decisions: decisions.filter((d) => d.requestId === g.id) })),
    activity,
  };
}

/**
 * The year's roadmap: for every product, each stage's planned dates next to when it was actually in
 * it. A stage is late when it was (or still is) occupied past its planned end.
 */
export async function roadmap(db: DbOrTx, actor: Actor, input: z.infer<typeof ZRoadmapInput>, now = new Date()) {
  const from = `${input.year}-01-01`;
  const to = `${input.year}-12-31`;
  const yearStart = new Date(`${from}T00:00:00Z`);
  const yearEnd = new Date(`${input.year + 1}-01-01T00:00:00Z`);
  const stages = await listStages(db, actor);
  const rows = await db
    .select({ id: products.id, name: products.name, stageId: products.stageId, ownerName: users.name })
    .from(products)
    .innerJoin(users, eq(users.id, products.ownerId))
    .where(eq(products.orgId, actor.orgId))
    .orderBy(asc(products.name))
    .limit(500);
  const ids = rows.map((r) => r.id);
  const [plans, visits] = ids.length
    ? await Promise.all([
        db
          .select()
          .from(productStagePlans)
          .where(
            and(
              eq(productStagePlans.orgId, actor.orgId),
              inArray(productStagePlans.productId, ids),
              or(isNull(productStagePlans.plannedEndOn), gte(productStagePlans.plannedEndOn, from)),
              or(isNull(productStagePlans.plannedStartOn), lte(productStagePlans.plannedStartOn, to)),
            ),
          ),
        db
          .select()
          .from(productStageVisits)
          .where(
            and(
              eq(productStageVisits.orgId, actor.orgId),
              inArray(productStageVisits.productId, ids),
              sql`${productStageVisits.enteredAt} < ${yearEnd}`,
              or(isNull(productStageVisits.leftAt), sql`${productStageVisits.leftAt} >= ${yearStart}`),
            ),
          )
          .orderBy(asc(productStageVisits.enteredAt)),
      ])
    : [[], []];
  const today = now.toISOString().slice(0, 10);
  return {
    year: input.year,
    today,
    stages: stages.map((s) => ({ id: s.id, key: s.key, name: s.name })),
    products: rows.map((r) => {
      const actual = visits
        .filter((v) => v.productId === r.id)
        .map((v) => ({ stageId: v.stageId, from: v.enteredAt.toISOString().slice(0, 10), to: v.leftAt ? v.leftAt.toISOString().slice(0, 10) : null }));
      const planned = plans
        .filter((p) => p.productId === r.id)
        .map((p) => {
          const occupied = actual.filter((a) => a.stageId === p.stageId);
          const lastEnd = occupied.length ? occupied.map((a) => a.to ?? today).sort().at(-1)! : null;
          const late = !!p.plannedEndOn && ((lastEnd !== null && lastEnd > p.plannedEndOn) || (r.stageId === p.stageId && today > p.plannedEndOn));
          return { stageId: p.stageId, from: p.plannedStartOn, to: p.plannedEndOn, late };
        });
      return { ...r, planned, actual };
    }),
  };
}

/** Products per stage and the median days products spend in it (finished stays and the current ones). */
export async function funnel(db: DbOrTx, actor: Actor, now = new Date()) {
  const stages = await listStages(db, actor);
  const medians = await db
    .select({
      stageId: productStageVisits.stageId,
      median: sql<string | null>`percentile_cont(0.5) within group (order by extract(epoch from (coalesce(${productStageVisits.leftAt}, ${now}) - ${productStageVisits.enteredAt})) / 86400)::text`,
      visits: sql<number>`count(*)::int`,
    })
    .from(productStageVisits)
    .where(eq(productStageVisits.orgId, actor.orgId))
    .groupBy(productStageVisits.stageId);
  return stages.map((s) => {
    const m = medians.find((x) => x.stageId === s.id);
    return {
      id: s.id,
      key: s.key,
      name: s.name,
      products: s.productCount,
      medianDays: m?.median == null ? null : Math.round(Number(m.median) * 10) / 10,
      visits: m?.visits ?? 0,
    };
  });
}

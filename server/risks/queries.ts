import { and, asc, desc, eq, ilike, inArray, isNotNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  approvalRequests,
  auditEvents,
  campaigns,
  departments,
  keyResults,
  kpis,
  objectives,
  products,
  riskAcceptances,
  riskActions,
  riskAssessments,
  riskKriEvents,
  riskKris,
  riskLinks,
  risks,
  users,
} from "@/db/schema";
import { toCsv } from "../csv";
import type { Actor } from "../org/actor";
import { levelsOf, loadRisk, loadRiskSettings, RISK_ACCEPTANCE, type RiskSettingsRow } from "./refs";
import { appetiteFor, decisiveScore, isAboveAppetite, isReviewOverdue, levelOf } from "./scoring";
import type { TRiskFilters, ZMovementInput } from "./schema";

export const RISK_LIST_MAX = 2000;
const today = (now = new Date()) => now.toISOString().slice(0, 10);

function filterWhere(actor: Actor, f: TRiskFilters, now: Date): SQL | undefined {
  const where: (SQL | undefined)[] = [eq(risks.orgId, actor.orgId)];
  if (f.category) where.push(eq(risks.category, f.category));
  if (f.ownerId) where.push(eq(risks.ownerId, f.ownerId));
  if (f.departmentId) where.push(eq(risks.departmentId, f.departmentId));
  if (f.status) where.push(eq(risks.status, f.status));
  else where.push(ne(risks.status, "closed"));
  if (f.overdue) where.push(and(isNotNull(risks.nextReviewOn), sql`${risks.nextReviewOn} < ${today(now)}`));
  if (f.warning) where.push(isNotNull(risks.warningAt));
  if (f.likelihood && f.impact) {
    where.push(
      f.basis === "inherent"
        ? and(eq(risks.inherentLikelihood, f.likelihood), eq(risks.inherentImpact, f.impact))
        : and(
            sql`coalesce(${risks.residualLikelihood}, ${risks.inherentLikelihood}) = ${f.likelihood}`,
            sql`coalesce(${risks.residualImpact}, ${risks.inherentImpact}) = ${f.impact}`,
          ),
    );
  }
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(risks.title, like), ilike(risks.description, like)));
  }
  return and(...where);
}

function decorate<T extends typeof risks.$inferSelect>(settings: RiskSettingsRow, r: T, now: Date) {
  const levels = levelsOf(settings.matrix, r);
  return {
    ...r,
    level: levels.decisive,
    inherentLevel: levels.inherent,
    residualLevel: levels.residual,
    score: decisiveScore(r),
    appetite: appetiteFor(settings, r.category),
    aboveAppetite: isAboveAppetite(settings, r),
    reviewOverdue: r.status !== "closed" && isReviewOverdue(r.nextReviewOn, today(now)),
  };
}

/** The register: every risk matching the filters (closed ones only when asked for), with levels and flags. */
export async function listRisks(db: DbOrTx, actor: Actor, f: TRiskFilters, now = new Date()) {
  const settings = await loadRiskSettings(db, actor.orgId);
  const rows = await db
    .select({ risk: risks, ownerName: users.name, departmentName: departments.name })
    .from(risks)
    .innerJoin(users, eq(users.id, risks.ownerId))
    .leftJoin(departments, eq(departments.id, risks.departmentId))
    .where(filterWhere(actor, f, now))
    .orderBy(desc(sql`coalesce(${risks.residualScore}, ${risks.inherentScore}, 0)`), asc(risks.title))
    .limit(RISK_LIST_MAX + 1);
  const ids = rows.map((r) => r.risk.id);
  const [actions, pending] = ids.length
    ? await Promise.all([
        db
          .select({ riskId: riskActions.riskId, open: sql<number>`count(*) filter (where ${riskActions.status} in ('todo', 'in_progress'))::int`, total: sql<number>`count(*)::int` })
          .from(riskActions)
          .where(inArray(riskActions.riskId, ids))
          .groupBy(riskActions.riskId),
        db
          .select({ subjectId: approvalRequests.subjectId })
          .from(approvalRequests)
          .where(and(eq(approvalRequests.orgId, actor.orgId), eq(approvalRequests.subjectType, RISK_ACCEPTANCE), eq(approvalRequests.status, "pending"))),
      ])
    : [[], []];
  const items = rows
    .slice(0, RISK_LIST_MAX)
    .map((r) => ({
      ...decorate(settings, r.risk, now),
      ownerName: r.ownerName,
      departmentName: r.departmentName,
      openActions: actions.find((a) => a.riskId === r.risk.id)?.open ?? 0,
      acceptancePending: pending.some((p) => p.subjectId === r.risk.id),
    }))
    .filter((r) => (!f.level || r.level === f.level) && (!f.aboveAppetite || r.aboveAppetite));
  return { items, truncated: rows.length > RISK_LIST_MAX, categories: settings.categories };
}

export async function getRisk(db: DbOrTx, actor: Actor, riskId: string, now = new Date()) {
  const r = await loadRisk(db, actor, riskId);
  const settings = await loadRiskSettings(db, actor.orgId);
  const [head] = await db
    .select({ ownerName: users.name, departmentName: departments.name })
    .from(risks)
    .innerJoin(users, eq(users.id, risks.ownerId))
    .leftJoin(departments, eq(departments.id, risks.departmentId))
    .where(eq(risks.id, r.id));
  const [assessments, actions, links, kris, kriEvents, acceptances, activity] = await Promise.all([
    db
      .select({ a: riskAssessments, assessorName: users.name })
      .from(riskAssessments)
      .leftJoin(users, eq(users.id, riskAssessments.assessorId))
      .where(and(eq(riskAssessments.orgId, actor.orgId), eq(riskAssessments.riskId, r.id)))
      .orderBy(asc(riskAssessments.createdAt)),
    db
      .select({ a: riskActions, ownerName: users.name })
      .from(riskActions)
      .leftJoin(users, eq(users.id, riskActions.ownerId))
      .where(and(eq(riskActions.orgId, actor.orgId), eq(riskActions.riskId, r.id)))
      .orderBy(asc(riskActions.createdAt)),
    db
      .select({
        id: riskLinks.id,
        objectiveId: riskLinks.objectiveId,
        objectiveTitle: objectives.title,
        campaignId: riskLinks.campaignId,
        campaignName: campaigns.name,
        productId: riskLinks.productId,
        productName: products.name,
      })
      .from(riskLinks)
      .leftJoin(objectives, eq(objectives.id, riskLinks.objectiveId))
      .leftJoin(campaigns, eq(campaigns.id, riskLinks.campaignId))
      .leftJoin(products, eq(products.id, riskLinks.productId))
      .where(and(eq(riskLinks.orgId, actor.orgId), eq(riskLinks.riskId, r.id))),
    db
      .select({ k: riskKris, kpiName: kpis.name, krTitle: keyResults.title, campaignName: campaigns.name })
      .from(riskKris)
      .leftJoin(kpis, eq(kpis.id, riskKris.kpiId))
      .leftJoin(keyResults, eq(keyResults.id, riskKris.keyResultId))
      .leftJoin(campaigns, eq(campaigns.id, riskKris.campaignId))
      .where(and(eq(riskKris.orgId, actor.orgId), eq(riskKris.riskId, r.id)))
      .orderBy(asc(riskKris.createdAt)),
    db
      .select()
      .from(riskKriEvents)
      .where(and(eq(riskKriEvents.orgId, actor.orgId), eq(riskKriEvents.riskId, r.id)))
      .orderBy(desc(riskKriEvents.createdAt))
      .limit(50),
    db
      .select({ a: riskAcceptances, requesterName: users.name })
      .from(riskAcceptances)
      .leftJoin(users, eq(users.id, riskAcceptances.requestedBy))
      .where(and(eq(riskAcceptances.orgId, actor.orgId), eq(riskAcceptances.riskId, r.id)))
      .orderBy(desc(riskAcceptances.createdAt)),
    db
      .select({ id: auditEvents.id, action: auditEvents.action, actorName: users.name, createdAt: auditEvents.createdAt })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.orgId, actor.orgId), eq(auditEvents.entityType, "risk"), eq(auditEvents.entityId, r.id)))
      .orderBy(desc(auditEvents.id))
      .limit(50),
  ]);
  return {
    ...decorate(settings, r, now),
    ownerName: head?.ownerName ?? "",
    departmentName: head?.departmentName ?? null,
    targetScore: r.targetLikelihood && r.targetImpact ? r.targetLikelihood * r.targetImpact : null,
    targetLevel: r.targetLikelihood && r.targetImpact ? levelOf(settings.matrix, r.targetLikelihood, r.targetImpact) : null,
    assessments: assessments.map(({ a, assessorName }) => ({
      ...a,
      assessorName,
      inherentScore: a.inherentLikelihood * a.inherentImpact,
      residualScore: a.residualLikelihood * a.residualImpact,
    })),
    actions: actions.map(({ a, ownerName }) => ({ ...a, ownerName })),
    links,
    kris: kris.map(({ k, kpiName, krTitle, campaignName }) => ({ ...k, targetName: kpiName ?? krTitle ?? campaignName ?? "" })),
    kriEvents,
    acceptances: acceptances.map(({ a, requesterName }) => ({ ...a, requesterName })),
    activity,
    scales: { likelihood: settings.likelihoodScale, impact: settings.impactScale },
  };
}

/** Counts per likelihood × impact cell, inherent and residual, of the open risks; with the level of each cell. */
export async function heatMap(db: DbOrTx, actor: Actor) {
  // One grouped statement gives both grids and the unassessed count (beside the settings row).
  const [settings, cells] = await Promise.all([
    loadRiskSettings(db, actor.orgId),
    db
      .select({
        il: risks.inherentLikelihood,
        ii: risks.inherentImpact,
        rl: sql<number | null>`coalesce(${risks.residualLikelihood}, ${risks.inherentLikelihood})::int`,
        ri: sql<number | null>`coalesce(${risks.residualImpact}, ${risks.inherentImpact})::int`,
        n: sql<number>`count(*)::int`,
        w: sql<number>`count(${risks.warningAt})::int`,
      })
      .from(risks)
      .where(and(eq(risks.orgId, actor.orgId), ne(risks.status, "closed")))
      .groupBy(sql`1`, sql`2`, sql`3`, sql`4`),
  ]);
  const assessed = cells.filter((c) => c.il !== null);
  const grid = (pick: (c: (typeof cells)[number]) => [number | null, number | null], key: "n" | "w") =>
    [1, 2, 3, 4, 5].map((l) =>
      [1, 2, 3, 4, 5].map((i) =>
        assessed.reduce((sum, c) => {
          const [cl, ci] = pick(c);
          return cl === l && ci === i ? sum + c[key] : sum;
        }, 0),
      ),
    );
  const inherentCell = (c: (typeof cells)[number]): [number | null, number | null] => [c.il, c.ii];
  const residualCell = (c: (typeof cells)[number]): [number | null, number | null] => [c.rl, c.ri];
  return {
    matrix: settings.matrix,
    appetite: settings.appetite,
    inherent: grid(inherentCell, "n"),
    residual: grid(residualCell, "n"),
    /** Per cell: how many of its risks carry an early warning. */
    warnings: { inherent: grid(inherentCell, "w"), residual: grid(residualCell, "w") },
    unassessed: cells.filter((c) => c.il === null).reduce((sum, c) => sum + c.n, 0),
    scales: { likelihood: settings.likelihoodScale, impact: settings.impactScale },
  };
}

/** How risks moved between two dates: each risk's latest residual cell on or before each date. */
export async function movement(db: DbOrTx, actor: Actor, input: z.infer<typeof ZMovementInput>) {
  const settings = await loadRiskSettings(db, actor.orgId);
  const end = (d: string) => new Date(`${d}T23:59:59.999Z`);
  const at = async (d: string) =>
    db
      .selectDistinctOn([riskAssessments.riskId], {
        riskId: riskAssessments.riskId,
        l: riskAssessments.residualLikelihood,
        i: riskAssessments.residualImpact,
      })
      .from(riskAssessments)
      .where(and(eq(riskAssessments.orgId, actor.orgId), lte(riskAssessments.createdAt, end(d))))
      .orderBy(riskAssessments.riskId, desc(riskAssessments.createdAt));
  const [before, after] = await Promise.all([at(input.from), at(input.to)]);
  const ids = [...new Set(after.map((a) => a.riskId))];
  const titles = ids.length
    ? await db.select({ id: risks.id, title: risks.title, status: risks.status }).from(risks).where(and(eq(risks.orgId, actor.orgId), inArray(risks.id, ids)))
    : [];
  return {
    from: input.from,
    to: input.to,
    moves: after
      .map((a) => {
        const b = before.find((x) => x.riskId === a.riskId) ?? null;
        const t = titles.find((x) => x.id === a.riskId);
        const toScore = a.l * a.i;
        const fromScore = b ? b.l * b.i : null;
        return {
          riskId: a.riskId,
          title: t?.title ?? "",
          status: t?.status ?? "closed",
          from: b ? { likelihood: b.l, impact: b.i, score: fromScore!, level: levelOf(settings.matrix, b.l, b.i) } : null,
          to: { likelihood: a.l, impact: a.i, score: toScore, level: levelOf(settings.matrix, a.l, a.i) },
          direction: fromScore === null ? "new" : toScore > fromScore ? "up" : toScore < fromScore ? "down" : "same",
        };
      })
      .filter((m) => m.title)
      .sort((x, y) => y.to.score - x.to.score),
  };
}

export async function exportRisksCsv(db: DbOrTx, actor: Actor, f: TRiskFilters, now = new Date()) {
  const { items } = await listRisks(db, actor, f, now);
  const emails = items.length
    ? await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [...new Set(items.map((i) => i.ownerId))]))
    : [];
  const headers = [
    "title", "category", "owner", "department", "status", "description", "causes", "consequences", "inherent_likelihood", "inherent_impact",
    "residual_likelihood", "residual_impact", "inherent_score", "residual_score", "level", "appetite", "above_appetite", "strategy",
    "next_review", "review_overdue", "warning", "accepted_until", "tags",
  ];
  const data = items.map((r) => [
    r.title, r.category, emails.find((e) => e.id === r.ownerId)?.email ?? "", r.departmentName ?? "", r.status, r.description, r.causes, r.consequences,
    r.inherentLikelihood ?? "", r.inherentImpact ?? "", r.residualLikelihood ?? "", r.residualImpact ?? "", r.inherentScore ?? "", r.residualScore ?? "",
    r.level ?? "", r.appetite, r.aboveAppetite ? "yes" : "", r.strategy ?? "", r.nextReviewOn ?? "", r.reviewOverdue ? "yes" : "",
    r.warningAt ? "yes" : "", r.acceptedUntil ?? "", r.tags.join("; "),
  ]);
  return { filename: "risks.csv", csv: toCsv(headers, data), rows: items.length };
}

export async function getRiskSettings(db: DbOrTx, actor: Actor) {
  return loadRiskSettings(db, actor.orgId);
}

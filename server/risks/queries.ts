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
  riskSettings,
  users,
} from "@/db/schema";
import { qualified, rowsOf } from "@/db/sql";
import { toCsv } from "../csv";
import type { Actor } from "../org/actor";
import { levelsOf, loadRisk, loadRiskSettings, RISK_ACCEPTANCE, type RiskSettingsRow } from "./refs";
import { appetiteFor, decisiveScore, defaultRiskSettings, isAboveAppetite, isReviewOverdue, levelOf } from "./scoring";
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

/** Levels, score, appetite and review flags of a risk row (the fields the register and the risk page add to it). */
function flagsOf(settings: RiskSettingsRow, r: typeof risks.$inferSelect, day: string) {
  const levels = levelsOf(settings.matrix, r);
  return {
    level: levels.decisive,
    inherentLevel: levels.inherent,
    residualLevel: levels.residual,
    score: decisiveScore(r),
    appetite: appetiteFor(settings, r.category),
    aboveAppetite: isAboveAppetite(settings, r),
    reviewOverdue: r.status !== "closed" && isReviewOverdue(r.nextReviewOn, day),
  };
}

/**
 * The register: every risk matching the filters (closed ones only when asked for), with levels and flags.
 * Two statements, side by side: the settings row, and the risks with their open-action count and pending
 * acceptance (correlated subqueries on risk_actions_risk_idx and approval_requests_one_pending_uq).
 */
export async function listRisks(db: DbOrTx, actor: Actor, f: TRiskFilters, now = new Date()) {
  const [settings, rows] = await Promise.all([
    loadRiskSettings(db, actor.orgId),
    db
      .select({
        risk: risks,
        ownerName: users.name,
        departmentName: departments.name,
        openActions: sql<number>`(select count(*)::int from ${riskActions} where ${qualified(riskActions, riskActions.riskId)} = ${qualified(risks, risks.id)}
          and ${qualified(riskActions, riskActions.status)} in ('todo', 'in_progress'))`,
        acceptancePending: sql<boolean>`exists (select 1 from ${approvalRequests} where ${qualified(approvalRequests, approvalRequests.orgId)} = ${actor.orgId}
          and ${qualified(approvalRequests, approvalRequests.subjectType)} = ${RISK_ACCEPTANCE} and ${qualified(approvalRequests, approvalRequests.status)} = 'pending'
          and ${qualified(approvalRequests, approvalRequests.subjectId)} = ${qualified(risks, risks.id)}::text)`,
      })
      .from(risks)
      .innerJoin(users, eq(users.id, risks.ownerId))
      .leftJoin(departments, eq(departments.id, risks.departmentId))
      .where(filterWhere(actor, f, now))
      .orderBy(desc(sql`coalesce(${risks.residualScore}, ${risks.inherentScore}, 0)`), asc(risks.title))
      .limit(RISK_LIST_MAX + 1),
  ]);
  // The rows are fresh objects of this call: the flags are added to them in place. Copying a ~30-field
  // row per risk (object spread) cost more than the statement itself for a 2,000-row register.
  const day = today(now);
  const items = [];
  for (const r of rows.length > RISK_LIST_MAX ? rows.slice(0, RISK_LIST_MAX) : rows) {
    const flags = flagsOf(settings, r.risk, day);
    if ((f.level && flags.level !== f.level) || (f.aboveAppetite && !flags.aboveAppetite)) continue;
    items.push(
      Object.assign(r.risk, flags, { ownerName: r.ownerName, departmentName: r.departmentName, openActions: r.openActions, acceptancePending: r.acceptancePending }),
    );
  }
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
    ...r,
    ...flagsOf(settings, r, today(now)),
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

interface HeatCell {
  il: number | null;
  ii: number | null;
  rl: number | null;
  ri: number | null;
  n: number;
  w: number;
}

/** Counts per likelihood × impact cell, inherent and residual, of the open risks; with the level of each cell. */
export async function heatMap(db: DbOrTx, actor: Actor) {
  // One statement: the settings the map shows, and one grouped count over (inherent L, I, residual L, I)
  // that gives both grids and the unassessed count.
  const [row] = rowsOf<{ settings: Pick<RiskSettingsRow, "appetite" | "likelihoodScale" | "impactScale" | "matrix"> | null; cells: HeatCell[] | null }>(
    await db.execute(sql`
      select
        (select json_build_object('appetite', s.appetite, 'likelihoodScale', s.likelihood_scale, 'impactScale', s.impact_scale, 'matrix', s.matrix)
           from ${riskSettings} s where s.org_id = ${actor.orgId}) as settings,
        (select json_agg(json_build_object('il', g.il, 'ii', g.ii, 'rl', g.rl, 'ri', g.ri, 'n', g.n, 'w', g.w))
           from (
             select r.inherent_likelihood::int as il, r.inherent_impact::int as ii,
               coalesce(r.residual_likelihood, r.inherent_likelihood)::int as rl, coalesce(r.residual_impact, r.inherent_impact)::int as ri,
               count(*)::int as n, count(r.warning_at)::int as w
             from ${risks} r where r.org_id = ${actor.orgId} and r.status <> 'closed'
             group by 1, 2, 3, 4
           ) g) as cells`),
  );
  const settings = row?.settings ?? defaultRiskSettings();
  const cells = row?.cells ?? [];
  const zero = () => [1, 2, 3, 4, 5].map(() => [0, 0, 0, 0, 0]);
  const inherent = zero();
  const residual = zero();
  const warnInherent = zero();
  const warnResidual = zero();
  const inGrid = (l: number | null, i: number | null) => l !== null && i !== null && l >= 1 && l <= 5 && i >= 1 && i <= 5;
  let unassessed = 0;
  for (const c of cells) {
    if (c.il === null) {
      unassessed += c.n;
      continue;
    }
    if (inGrid(c.il, c.ii)) {
      inherent[c.il - 1]![c.ii! - 1]! += c.n;
      warnInherent[c.il - 1]![c.ii! - 1]! += c.w;
    }
    if (inGrid(c.rl, c.ri)) {
      residual[c.rl! - 1]![c.ri! - 1]! += c.n;
      warnResidual[c.rl! - 1]![c.ri! - 1]! += c.w;
    }
  }
  return {
    matrix: settings.matrix,
    appetite: settings.appetite,
    inherent,
    residual,
    /** Per cell: how many of its risks carry an early warning. */
    warnings: { inherent: warnInherent, residual: warnResidual },
    unassessed,
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

import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import {
  campaigns,
  departments,
  keyResults,
  kpis,
  memberships,
  objectives,
  products,
  riskActions,
  riskAssessments,
  riskKris,
  riskLinks,
  risks,
  riskSettings,
  users,
} from "@/db/schema";
import { requestApproval } from "../approvals/engine";
import { recordAudit } from "../audit/record";
import { parseCsv, type CsvError } from "../csv";
import { AppError, conflict, fieldError, notFound } from "../errors";
import { assertDepartment, assertOrgMember } from "../okrs/refs";
import type { Actor } from "../org/actor";
import { can } from "../rbac/permissions";
import { RISK_ACCEPTANCE, type AcceptanceParams } from "./approval";
import { evaluateKris } from "./kri";
import { assertRiskScope, isUuid, levelsOf, loadRisk, loadRiskSettings, pendingAcceptances, type RiskRow, type RiskSettingsRow } from "./refs";
import { isAboveAppetite, matrixProblem, nextReviewOn } from "./scoring";
import {
  RISK_STATUS_TRANSITIONS,
  type TCreateRiskInput,
  type TUpdateRiskInput,
  type ZAddActionInput,
  type ZAddKriInput,
  type ZAssessInput,
  type ZRequestAcceptanceInput,
  type ZRiskLinks,
  type ZRiskSettingsInput,
  type ZSetRiskStatusInput,
  type ZTreatmentInput,
  type ZUpdateActionInput,
} from "./schema";

const unique = <T>(xs: T[]) => [...new Set(xs)];
const today = (now = new Date()) => now.toISOString().slice(0, 10);

export { RISK_STATUS_TRANSITIONS };

function assertCategory(settings: RiskSettingsRow, category: string, field = "category") {
  if (!settings.categories.includes(category)) throw fieldError(field, "e.risk.unknownCategory");
}

async function assertLinks(tx: DbOrTx, actor: Actor, links: z.infer<typeof ZRiskLinks>) {
  const check = async (ids: string[], table: typeof objectives | typeof campaigns | typeof products, field: string) => {
    if (!ids.length) return;
    const found = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.orgId, actor.orgId), inArray(table.id, ids)));
    if (found.length !== ids.length) throw fieldError(`links.${field}`, "e.risk.unknownLink");
  };
  await check(unique(links.objectiveIds), objectives, "objectiveIds");
  await check(unique(links.campaignIds), campaigns, "campaignIds");
  await check(unique(links.productIds), products, "productIds");
}

async function replaceLinks(tx: DbOrTx, actor: Actor, riskId: string, links: z.infer<typeof ZRiskLinks>) {
  await tx.delete(riskLinks).where(and(eq(riskLinks.orgId, actor.orgId), eq(riskLinks.riskId, riskId)));
  const rows = [
    ...unique(links.objectiveIds).map((objectiveId) => ({ objectiveId })),
    ...unique(links.campaignIds).map((campaignId) => ({ campaignId })),
    ...unique(links.productIds).map((productId) => ({ productId })),
  ].map((r) => ({ ...r, orgId: actor.orgId, riskId }));
  if (rows.length) await tx.insert(riskLinks).values(rows);
}

export async function createRisk(db: Database, actor: Actor, input: TCreateRiskInput) {
  return db.transaction(async (tx) => {
    assertRiskScope(actor, "risk.create", input);
    const settings = await loadRiskSettings(tx, actor.orgId);
    assertCategory(settings, input.category);
    await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertDepartment(tx, actor, input.departmentId, "departmentId");
    await assertLinks(tx, actor, input.links);
    const { links, ...fields } = input;
    const [row] = await tx
      .insert(risks)
      .values({ ...fields, tags: unique(fields.tags), orgId: actor.orgId, createdBy: actor.userId })
      .returning();
    await replaceLinks(tx, actor, row!.id, links);
    await recordAudit(tx, actor, { entityType: "risk", entityId: row!.id, action: "create", after: { ...row, links } });
    return row!;
  });
}

export async function updateRisk(db: Database, actor: Actor, input: TUpdateRiskInput) {
  return db.transaction(async (tx) => {
    const before = await loadRisk(tx, actor, input.riskId, { lock: true });
    assertRiskScope(actor, "risk.update", before);
    if (before.version !== input.version) throw conflict("risk");
    assertRiskScope(actor, "risk.update", input);
    const settings = await loadRiskSettings(tx, actor.orgId);
    // A category the organisation has since removed may stay on the risks that have it.
    if (input.category !== before.category) assertCategory(settings, input.category);
    await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    await assertDepartment(tx, actor, input.departmentId, "departmentId");
    await assertLinks(tx, actor, input.links);
    const { links, riskId: _r, version: _v, ...fields } = input;
    const [after] = await tx
      .update(risks)
      .set({ ...fields, tags: unique(fields.tags), updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(risks.id, before.id), eq(risks.version, input.version)))
      .returning();
    if (!after) throw conflict("risk");
    await replaceLinks(tx, actor, after.id, links);
    await recordAudit(tx, actor, { entityType: "risk", entityId: after.id, action: "update", before, after: { ...after, links } });
    return after;
  });
}

export async function deleteRisk(db: Database, actor: Actor, riskId: string) {
  return db.transaction(async (tx) => {
    const pending = await pendingAcceptances(tx, actor.orgId, riskId, { lock: true });
    const before = await loadRisk(tx, actor, riskId, { lock: true });
    assertRiskScope(actor, "risk.delete", before);
    if (pending.length) throw new AppError("BAD_REQUEST", "e.risk.acceptancePending");
    await tx.delete(risks).where(and(eq(risks.id, before.id), eq(risks.orgId, actor.orgId)));
    await recordAudit(tx, actor, { entityType: "risk", entityId: before.id, action: "delete", before });
    return { id: before.id };
  });
}

/** Records an assessment (kept as history), updates the risk's scores, level-based next review and status. */
export async function assessRisk(db: Database, actor: Actor, input: z.infer<typeof ZAssessInput>, now = new Date()) {
  return db.transaction(async (tx) => {
    const before = await loadRisk(tx, actor, input.riskId, { lock: true });
    assertRiskScope(actor, "risk.update", before);
    if (before.version !== input.version) throw conflict("risk");
    if (before.status === "closed") throw new AppError("BAD_REQUEST", "e.risk.closed");
    const settings = await loadRiskSettings(tx, actor.orgId);
    const scores = {
      inherentLikelihood: input.inherentLikelihood,
      inherentImpact: input.inherentImpact,
      residualLikelihood: input.residualLikelihood,
      residualImpact: input.residualImpact,
      inherentScore: input.inherentLikelihood * input.inherentImpact,
      residualScore: input.residualLikelihood * input.residualImpact,
    };
    const levels = levelsOf(settings.matrix, scores);
    await tx.insert(riskAssessments).values({
      orgId: actor.orgId,
      riskId: before.id,
      inherentLikelihood: input.inherentLikelihood,
      inherentImpact: input.inherentImpact,
      residualLikelihood: input.residualLikelihood,
      residualImpact: input.residualImpact,
      rationale: input.rationale,
      assessorId: actor.userId,
      createdAt: now,
    });
    const [after] = await tx
      .update(risks)
      .set({
        ...scores,
        status: before.status === "identified" ? "assessed" : before.status,
        lastAssessedAt: now,
        nextReviewOn: nextReviewOn(settings.reviewDays, levels.decisive!, today(now)),
        reviewNoticeFor: null,
        updatedAt: now,
        version: before.version + 1,
      })
      .where(eq(risks.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      entityType: "risk",
      entityId: before.id,
      action: "assess",
      before: { inherent: before.inherentScore, residual: before.residualScore },
      after: { ...scores, level: levels.decisive, rationale: input.rationale },
    });
    return after!;
  });
}

export async function setTreatment(db: Database, actor: Actor, input: z.infer<typeof ZTreatmentInput>) {
  return db.transaction(async (tx) => {
    const before = await loadRisk(tx, actor, input.riskId, { lock: true });
    assertRiskScope(actor, "risk.update", before);
    if (before.version !== input.version) throw conflict("risk");
    if (input.strategy === "accept" && before.status !== "accepted") {
      const settings = await loadRiskSettings(tx, actor.orgId);
      // Accepting a risk above appetite is a decision for the approvers, not a field to set.
      if (isAboveAppetite(settings, before)) throw fieldError("strategy", "e.risk.acceptNeedsApproval");
    }
    const [after] = await tx
      .update(risks)
      .set({ strategy: input.strategy, targetLikelihood: input.targetLikelihood, targetImpact: input.targetImpact, updatedAt: new Date(), version: before.version + 1 })
      .where(eq(risks.id, before.id))
      .returning();
    await recordAudit(tx, actor, {
      entityType: "risk",
      entityId: before.id,
      action: "treatment",
      before: { strategy: before.strategy, targetLikelihood: before.targetLikelihood, targetImpact: before.targetImpact },
      after: { strategy: after!.strategy, targetLikelihood: after!.targetLikelihood, targetImpact: after!.targetImpact },
    });
    return after!;
  });
}

export async function setRiskStatus(db: Database, actor: Actor, input: z.infer<typeof ZSetRiskStatusInput>) {
  return db.transaction(async (tx) => {
    const pending = await pendingAcceptances(tx, actor.orgId, input.riskId, { lock: true });
    const before = await loadRisk(tx, actor, input.riskId, { lock: true });
    assertRiskScope(actor, "risk.update", before);
    if (before.version !== input.version) throw conflict("risk");
    if (!RISK_STATUS_TRANSITIONS[before.status]!.includes(input.status)) {
      throw new AppError("BAD_REQUEST", `e.badTransition|from=${before.status}|to=${input.status}`);
    }
    if (pending.length) throw new AppError("BAD_REQUEST", "e.risk.acceptancePending");
    if (input.status === "closed" && !input.reason) throw fieldError("reason", "v.reasonRequired");
    if (input.status === "monitoring") {
      const settings = await loadRiskSettings(tx, actor.orgId);
      if (isAboveAppetite(settings, before)) throw new AppError("BAD_REQUEST", "e.risk.aboveAppetite");
    }
    const [after] = await tx
      .update(risks)
      .set({
        status: input.status,
        closedReason: input.status === "closed" ? input.reason : "",
        acceptedUntil: before.status === "accepted" ? null : before.acceptedUntil,
        warningAt: input.status === "closed" ? null : before.warningAt,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(eq(risks.id, before.id))
      .returning();
    await recordAudit(tx, actor, { entityType: "risk", entityId: before.id, action: `status_${input.status}`, before: { status: before.status }, after: { status: input.status, reason: input.reason } });
    if (before.status === "closed") return reopenIndicators(tx, after!);
    return after!;
  });
}

/**
 * A closed risk watches nothing and loses its warning. Reopened, its indicators are judged at once
 * (a breach while it was closed warns now), and one still breached from before puts the warning back.
 */
async function reopenIndicators(tx: DbOrTx, r: RiskRow): Promise<RiskRow> {
  const kris = await tx.select({ id: riskKris.id }).from(riskKris).where(eq(riskKris.riskId, r.id));
  if (!kris.length) return r;
  const now = new Date();
  await evaluateKris(tx, r.orgId, { kriIds: kris.map((k) => k.id) }, now);
  const [breached] = await tx
    .select({ id: riskKris.id })
    .from(riskKris)
    .where(and(eq(riskKris.riskId, r.id), eq(riskKris.state, "breached")))
    .limit(1);
  if (breached) {
    await tx
      .update(risks)
      .set({ warningAt: now, nextReviewOn: today(now), version: sql`${risks.version} + 1` })
      .where(and(eq(risks.id, r.id), isNull(risks.warningAt)));
  }
  const [fresh] = await tx.select().from(risks).where(eq(risks.id, r.id));
  return fresh!;
}

// ───────────── Treatment actions ─────────────

async function loadAction(tx: DbOrTx, actor: Actor, actionId: string) {
  if (!isUuid(actionId)) throw notFound("riskAction");
  const [row] = await tx
    .select()
    .from(riskActions)
    .where(and(eq(riskActions.id, actionId), eq(riskActions.orgId, actor.orgId)))
    .limit(1)
    .for("update");
  if (!row) throw notFound("riskAction");
  return row;
}

export async function addAction(db: Database, actor: Actor, input: z.infer<typeof ZAddActionInput>) {
  return db.transaction(async (tx) => {
    const r = await loadRisk(tx, actor, input.riskId, { lock: true });
    assertRiskScope(actor, "risk.update", r);
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    const { riskId: _r, ...fields } = input;
    const [row] = await tx
      .insert(riskActions)
      .values({ ...fields, orgId: actor.orgId, riskId: r.id })
      .returning();
    await recordAudit(tx, actor, { entityType: "risk", entityId: r.id, action: "action_add", after: row });
    return row!;
  });
}

export async function updateAction(db: Database, actor: Actor, input: z.infer<typeof ZUpdateActionInput>) {
  return db.transaction(async (tx) => {
    const before = await loadAction(tx, actor, input.actionId);
    const r = await loadRisk(tx, actor, before.riskId);
    assertRiskScope(actor, "risk.update", r);
    if (before.version !== input.version) throw conflict("riskAction");
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    const { actionId: _a, version: _v, ...fields } = input;
    const [after] = await tx
      .update(riskActions)
      .set({ ...fields, progress: fields.status === "done" ? 100 : fields.progress, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(riskActions.id, before.id), eq(riskActions.version, input.version)))
      .returning();
    if (!after) throw conflict("riskAction");
    await recordAudit(tx, actor, { entityType: "risk", entityId: r.id, action: "action_update", before, after });
    return after;
  });
}

export async function deleteAction(db: Database, actor: Actor, actionId: string) {
  return db.transaction(async (tx) => {
    const before = await loadAction(tx, actor, actionId);
    const r = await loadRisk(tx, actor, before.riskId);
    assertRiskScope(actor, "risk.update", r);
    await tx.delete(riskActions).where(and(eq(riskActions.id, before.id), eq(riskActions.orgId, actor.orgId)));
    await recordAudit(tx, actor, { entityType: "risk", entityId: r.id, action: "action_delete", before });
    return { id: before.id };
  });
}

/** Asks the approvers to accept the risk until the expiry date (subject "risk_acceptance"). */
export async function requestAcceptance(db: Database, actor: Actor, input: z.infer<typeof ZRequestAcceptanceInput>) {
  const params: AcceptanceParams = { justification: input.justification, expiresOn: input.expiresOn, version: input.version };
  return requestApproval(db, actor, { subjectType: RISK_ACCEPTANCE, subjectId: input.riskId, params });
}

// ───────────── Key risk indicators ─────────────

export async function addKri(db: Database, actor: Actor, input: z.infer<typeof ZAddKriInput>) {
  return db.transaction(async (tx) => {
    const r = await loadRisk(tx, actor, input.riskId, { lock: true });
    assertRiskScope(actor, "risk.update", r);
    const table = input.kind === "kpi" ? kpis : input.kind === "key_result" ? keyResults : campaigns;
    const [target] = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.id, input.targetId), eq(table.orgId, actor.orgId)))
      .limit(1);
    if (!target) throw fieldError("targetId", "e.risk.unknownIndicator");
    const column = input.kind === "kpi" ? { kpiId: target.id } : input.kind === "key_result" ? { keyResultId: target.id } : { campaignId: target.id };
    const [row] = await tx
      .insert(riskKris)
      .values({ orgId: actor.orgId, riskId: r.id, kind: input.kind, marginPct: input.marginPct, ...column })
      .returning();
    await recordAudit(tx, actor, { entityType: "risk", entityId: r.id, action: "kri_add", after: row });
    // Judge it at once: a KR already off track is a warning now, not at the next check-in.
    await evaluateKris(tx, actor.orgId, { kriIds: [row!.id] });
    const [fresh] = await tx.select().from(riskKris).where(eq(riskKris.id, row!.id));
    return fresh!;
  });
}

export async function removeKri(db: Database, actor: Actor, kriId: string) {
  return db.transaction(async (tx) => {
    if (!isUuid(kriId)) throw notFound("kri");
    const [before] = await tx
      .select()
      .from(riskKris)
      .where(and(eq(riskKris.id, kriId), eq(riskKris.orgId, actor.orgId)))
      .limit(1)
      .for("update");
    if (!before) throw notFound("kri");
    const r = await loadRisk(tx, actor, before.riskId, { lock: true });
    assertRiskScope(actor, "risk.update", r);
    await tx.delete(riskKris).where(eq(riskKris.id, before.id));
    // The warning lifts when its last breached indicator goes.
    const [still] = await tx
      .select({ id: riskKris.id })
      .from(riskKris)
      .where(and(eq(riskKris.riskId, r.id), eq(riskKris.state, "breached")))
      .limit(1);
    if (!still && r.warningAt) await tx.update(risks).set({ warningAt: null, version: sql`${risks.version} + 1` }).where(eq(risks.id, r.id));
    await recordAudit(tx, actor, { entityType: "risk", entityId: r.id, action: "kri_remove", before });
    return { id: before.id };
  });
}

// ───────────── Settings (admins) ─────────────

export async function updateRiskSettings(db: Database, actor: Actor, input: z.infer<typeof ZRiskSettingsInput>) {
  return db.transaction(async (tx) => {
    const before = await loadRiskSettings(tx, actor.orgId, { lock: true });
    if (before.version !== input.version) throw conflict("riskSettings");
    const problem = matrixProblem(input.matrix);
    if (problem) throw fieldError("matrix", problem);
    const categories = unique(input.categories);
    for (const c of Object.keys(input.categoryAppetite)) if (!categories.includes(c)) throw fieldError("categoryAppetite", "e.risk.unknownCategory");
    // A category still used by open risks cannot disappear from the list.
    const removed = before.categories.filter((c) => !categories.includes(c));
    if (removed.length) {
      const [used] = await tx
        .select({ category: risks.category })
        .from(risks)
        .where(and(eq(risks.orgId, actor.orgId), inArray(risks.category, removed), sql`${risks.status} <> 'closed'`))
        .limit(1);
      if (used) throw fieldError("categories", `e.risk.categoryInUse|category=${used.category}`);
    }
    const values = {
      categories,
      appetite: input.appetite,
      categoryAppetite: input.categoryAppetite,
      likelihoodScale: input.likelihoodScale,
      impactScale: input.impactScale,
      matrix: input.matrix,
      reviewDays: input.reviewDays,
      updatedAt: new Date(),
      version: before.version + 1,
    };
    const [after] = await tx
      .insert(riskSettings)
      .values({ orgId: actor.orgId, ...values })
      .onConflictDoUpdate({ target: riskSettings.orgId, set: values })
      .returning();
    await recordAudit(tx, actor, { entityType: "riskSettings", entityId: actor.orgId, action: "update", before, after });
    return after!;
  });
}

// ───────────── CSV import ─────────────

export const RISK_CSV_COLUMNS = [
  "title",
  "category",
  "owner",
  "department",
  "description",
  "causes",
  "consequences",
  "inherent_likelihood",
  "inherent_impact",
  "residual_likelihood",
  "residual_impact",
  "tags",
] as const;

/** Imports risks from CSV: every row valid or nothing written; errors name the row and column. */
export async function importRisksCsv(db: Database, actor: Actor, text: string, now = new Date()) {
  const { rows, headers, errors } = parseCsv(text);
  const missing = ["title", "category", "owner"].filter((c) => !headers.includes(c));
  if (missing.length) {
    throw new AppError("BAD_REQUEST", `e.csvMissingColumns|columns=${missing.join(", ")}`, {
      errors: [{ row: 0, column: missing.join(", "), message: `e.csvMissingColumns|columns=${missing.join(", ")}` }],
    });
  }
  if (!rows.length) throw new AppError("BAD_REQUEST", "e.csvEmpty");
  if (rows.length > 2000) throw new AppError("BAD_REQUEST", "e.csvTooManyRows|max=2000");
  return db.transaction(async (tx) => {
    const settings = await loadRiskSettings(tx, actor.orgId);
    const emails = [...new Set(rows.map((r) => (r.owner ?? "").toLowerCase()).filter(Boolean))];
    const members = emails.length
      ? await tx
          .select({ id: users.id, email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.orgId, actor.orgId), inArray(users.email, emails)))
      : [];
    const userByEmail = new Map(members.map((m) => [m.email.toLowerCase(), m.id]));
    const depts = await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.orgId, actor.orgId));
    const deptByName = new Map(depts.map((d) => [d.name.toLowerCase(), d.id]));
    const errs: CsvError[] = [...errors];
    const err = (row: number, column: string, message: string) => errs.push({ row, column, message });
    const scoreOf = (n: number, column: string, v: string | undefined) => {
      if (!v) return null;
      const x = Number(v);
      if (!Number.isInteger(x) || x < 1 || x > 5) {
        err(n, column, "v.score");
        return null;
      }
      return x;
    };
    const parsed = rows.map((r, i) => {
      const n = i + 1;
      const title = (r.title ?? "").trim();
      if (!title) err(n, "title", "v.required");
      else if (title.length > 200) err(n, "title", "v.tooBig.chars|max=200");
      const category = (r.category ?? "").trim().toLowerCase();
      if (!settings.categories.includes(category)) err(n, "category", "e.risk.unknownCategory");
      const ownerId = userByEmail.get((r.owner ?? "").trim().toLowerCase());
      if (!ownerId) err(n, "owner", "e.notAMember");
      const deptName = (r.department ?? "").trim().toLowerCase();
      const departmentId = deptName ? (deptByName.get(deptName) ?? null) : null;
      if (deptName && !departmentId) err(n, "department", "e.unknownDepartment");
      if (ownerId && !can(actor, "risk.create", { departmentId, ownerId })) err(n, "department", `e.outOfScope|permission=risk.create|role=${actor.role}`);
      const il = scoreOf(n, "inherent_likelihood", r.inherent_likelihood);
      const ii = scoreOf(n, "inherent_impact", r.inherent_impact);
      const rl = scoreOf(n, "residual_likelihood", r.residual_likelihood) ?? il;
      const ri = scoreOf(n, "residual_impact", r.residual_impact) ?? ii;
      // "Required" only for an empty cell (a bad score already has its error); residual scores need inherent ones.
      const blank = (v: string | undefined) => !(v ?? "").trim();
      const [noIl, noIi] = [blank(r.inherent_likelihood), blank(r.inherent_impact)];
      if (noIl !== noIi) err(n, noIl ? "inherent_likelihood" : "inherent_impact", "v.required");
      else if (noIl && (!blank(r.residual_likelihood) || !blank(r.residual_impact))) err(n, "inherent_likelihood", "v.required");
      if (il && ii && rl && ri && rl * ri > il * ii) err(n, "residual_likelihood", "v.residualAboveInherent");
      for (const [col, max] of [["description", 5000], ["causes", 5000], ["consequences", 5000]] as const) {
        if ((r[col] ?? "").length > max) err(n, col, `v.tooBig.chars|max=${max}`);
      }
      const tags = unique((r.tags ?? "").split(/[;,]/).map((t) => t.trim()).filter(Boolean)).slice(0, 20);
      return { title, category, ownerId, departmentId, il, ii, rl, ri, tags, r };
    });
    if (errs.length) throw new AppError("BAD_REQUEST", `e.csvInvalid|count=${errs.length}`, { errors: errs.slice(0, 200) });
    const created: RiskRow[] = [];
    for (const p of parsed) {
      const assessed = p.il !== null && p.ii !== null;
      const scores = assessed
        ? {
            inherentLikelihood: p.il,
            inherentImpact: p.ii,
            residualLikelihood: p.rl,
            residualImpact: p.ri,
            inherentScore: p.il! * p.ii!,
            residualScore: p.rl! * p.ri!,
          }
        : {};
      const level = assessed ? levelsOf(settings.matrix, scores as never).decisive : null;
      const [row] = await tx
        .insert(risks)
        .values({
          orgId: actor.orgId,
          title: p.title,
          category: p.category,
          ownerId: p.ownerId!,
          departmentId: p.departmentId,
          description: p.r.description ?? "",
          causes: p.r.causes ?? "",
          consequences: p.r.consequences ?? "",
          tags: p.tags,
          status: assessed ? "assessed" : "identified",
          ...scores,
          lastAssessedAt: assessed ? now : null,
          nextReviewOn: level ? nextReviewOn(settings.reviewDays, level, today(now)) : null,
          createdBy: actor.userId,
        })
        .returning();
      if (assessed) {
        await tx.insert(riskAssessments).values({
          orgId: actor.orgId,
          riskId: row!.id,
          inherentLikelihood: p.il!,
          inherentImpact: p.ii!,
          residualLikelihood: p.rl!,
          residualImpact: p.ri!,
          rationale: "CSV import",
          assessorId: actor.userId,
          createdAt: now,
        });
      }
      created.push(row!);
    }
    await recordAudit(tx, actor, { entityType: "organization", entityId: actor.orgId, action: "import_risks", after: { count: created.length, ids: created.map((c) => c.id) } });
    return { imported: created.length };
  });
}

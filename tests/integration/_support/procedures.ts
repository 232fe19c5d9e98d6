/**
 * Shared by the authorization, tenant-isolation and audit suites: the list of every procedure of the
 * app router, and a VALID input for each one (keyed by path), built against a seeded organisation.
 *
 * A new procedure without an entry here makes those suites fail on purpose: add one.
 *
 * Inputs for organisation procedures are built for a caller `who` and a `subject` (the owner and
 * department of whatever the call acts on). With the default subject (owned by the caller, in
 * department A, which the org's manager manages and its member belongs to), every role that holds the
 * permission is within its scope, so the call must succeed.
 */
import crypto from "node:crypto";
import { and, eq, getTableColumns, isTable, sql, type Table } from "drizzle-orm";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import {
  apiKeys,
  approvalDelegations,
  approvalRequests,
  approvalSettings,
  approvalSteps,
  campaigns,
  campaignSettings,
  campaignSpend,
  campaignUtmLinks,
  campaignVariants,
  currencyRates,
  departmentMembers,
  departments,
  emailChanges,
  passwordResets,
  dependencies,
  initiatives,
  invitations,
  keyResults,
  kpis,
  memberships,
  notifications,
  objectives,
  organizations,
  periods,
  productChecklistItems,
  productFeedback,
  products,
  productStageCriteria,
  productStages,
  comments,
  retroActions,
  retroCards,
  retroGroups,
  retroParticipants,
  retros,
  retroTemplates,
  retroVotes,
  riskActions,
  riskKris,
  risks,
  riskSettings,
  users,
  webhookDeliveries,
  webhooks,
  type ApproverRule,
} from "@/db/schema";
import { defaultRiskSettings } from "@/server/risks/scoring";
import { loadActor, type Actor } from "@/server/org/actor";
import { exportOrganization } from "@/server/backup/queries";
import type { OrgExportDocument } from "@/server/backup/schema";
import { enterStage, stagesOf } from "@/server/products/refs";
import { appRouter } from "@/server/api/root";
import { hashPassword } from "@/server/auth/password";
import { hashToken } from "@/server/org/invitations";
import { generateApiKey } from "@/server/apikeys/keys";
import { startSession } from "@/server/auth/sessions";
import { isPermission, type Role } from "@/server/rbac/permissions";
import { makeOrg, makeUser, type TestOrg } from "../../helpers/factories";

export const uid = () => crypto.randomBytes(4).toString("hex");

// ---------------------------------------------------------------------------------------------
// The router
// ---------------------------------------------------------------------------------------------

export interface ProcInfo {
  path: string;
  type: string;
  permission: string | undefined;
  /** Top-level keys of the procedure's (merged) zod input objects. */
  inputKeys: string[];
}

type ProcDef = { _def: { type: string; meta?: { permission?: string }; inputs?: unknown[] } };

/** Every procedure of the app router, from its flat record of "path" → procedure. */
export function listProcedures(): ProcInfo[] {
  // Typed as the nested router record, but at runtime a flat record keyed by dotted path.
  const procs = appRouter._def.procedures as unknown as Record<string, ProcDef>;
  return Object.entries(procs)
    .map(([path, p]) => ({
      path,
      type: p._def.type,
      permission: p._def.meta?.permission,
      inputKeys: (p._def.inputs ?? []).flatMap((i) => Object.keys((i as { shape?: Record<string, unknown> }).shape ?? {})),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export type Kind = "public" | "authenticated" | "org";
export function kindOf(p: ProcInfo): Kind {
  if (p.permission === "public" || p.permission === "authenticated") return p.permission;
  if (p.permission && isPermission(p.permission)) return "org";
  throw new Error(`${p.path} has no valid permission (${String(p.permission)})`);
}

/** Calls a procedure of a caller by its dotted path. */
export function callPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  return fn(input);
}

/** The settled outcome of a call: the value, or the tRPC error code. */
export async function outcome(p: Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; code: string; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, code: (e as { code?: string }).code ?? "NO_CODE", error: e };
  }
}

export function describeError(e: unknown): string {
  const x = e as { code?: string; message?: string; cause?: { message?: string; details?: unknown } };
  return `${x.code}: ${x.message} ${x.cause?.message ?? ""} ${x.cause?.details ? JSON.stringify(x.cause.details) : ""}`.slice(0, 600);
}

// ---------------------------------------------------------------------------------------------
// The world: an org from makeOrg plus an open period and one more member in department B
// ---------------------------------------------------------------------------------------------

export interface World {
  db: Database;
  org: TestOrg;
  /** An open (active) period of the org. */
  periodId: string;
  /** A plain member in department B, owner of "foreign" subjects. */
  other: { id: string; email: string };
}

export async function makeWorld(db: Database, label: string): Promise<World> {
  const org = await makeOrg(db, label);
  const [p] = await db
    .insert(periods)
    .values({ orgId: org.orgId, name: "2030-Q1", kind: "quarter", startsOn: "2030-01-01", endsOn: "2030-03-31", status: "active" })
    .returning();
  const other = await makeUser(db, `${label} other`);
  await db.insert(memberships).values({ orgId: org.orgId, userId: other.id, role: "member" });
  await db.insert(departmentMembers).values({ orgId: org.orgId, departmentId: org.departmentIds.b, userId: other.id, isManager: false });
  return { db, org, periodId: p!.id, other: { id: other.id, email: other.email } };
}

export interface Who {
  userId: string;
  email: string;
}
export interface Subject {
  ownerId: string;
  departmentId: string;
}

export function whoFor(w: World, role: Role): Who {
  return { userId: w.org.users[role].id, email: w.org.users[role].email };
}
/** Owned by the caller, in department A: within scope for every role holding the permission. */
export const mine = (w: World, who: Who): Subject => ({ ownerId: who.userId, departmentId: w.org.departmentIds.a });
/** Owned by someone else, in department B: outside the scope of the manager (A) and of members. */
export const foreign = (w: World): Subject => ({ ownerId: w.other.id, departmentId: w.org.departmentIds.b });

// ---------------------------------------------------------------------------------------------
// Row builders (direct inserts, fast)
// ---------------------------------------------------------------------------------------------

let seq = 0;
const nextYear = () => String(3000 + (seq++ % 6000));

const password = "a perfectly long password";
let passwordHash: Promise<string> | undefined;
export const KNOWN_PASSWORD = password;
export function knownPasswordHash() {
  passwordHash ??= hashPassword(password);
  return passwordHash;
}

/** A fresh signed-up user (with KNOWN_PASSWORD) who belongs to no organisation. */
export async function makeFreshUser(db: Database, name = "Fresh"): Promise<Who> {
  const u = await makeUser(db, name);
  await db.update(users).set({ passwordHash: await knownPasswordHash() }).where(eq(users.id, u.id));
  return { userId: u.id, email: u.email };
}

export const build = {
  /** A new, empty organisation whose only member is `who`, with the role `who` holds in the world. */
  async emptyOrgFor(w: World, who: Who) {
    const [org] = await w.db.insert(organizations).values({ slug: `empty-${uid()}`, name: "Empty org" }).returning();
    const role = roleOf(w, who) ?? "owner";
    await w.db.insert(memberships).values({ orgId: org!.id, userId: who.userId, role });
    return org!;
  },
  /** The export document of a small organisation of its own (two departments, five members, a period), without audit rows. */
  async smallExport(w: World) {
    const src = await makeOrg(w.db, "export-src");
    await w.db.insert(periods).values({ orgId: src.orgId, name: "2031-Q1", kind: "quarter", startsOn: "2031-01-01", endsOn: "2031-03-31", status: "active" });
    const actor = (await loadActor(w.db, src.users.owner.id, src.slug))!;
    const doc = await exportOrganization(w.db, actor);
    const out: OrgExportDocument = { ...doc, tables: { ...doc.tables, auditEvents: [] } };
    return out;
  },
  /** An API key of the organisation (viewer role) created by `createdById`; returns the row and the whole key. */
  async apiKey(w: World, createdById: string) {
    const { key, prefix, hash } = generateApiKey();
    const [k] = await w.db.insert(apiKeys).values({ orgId: w.org.orgId, name: `Key ${uid()}`, prefix, hash, role: "viewer", createdById }).returning();
    return { ...k!, key };
  },
  async member(w: World, role: Role = "viewer") {
    const u = await makeUser(w.db, `throwaway ${role}`);
    const [m] = await w.db.insert(memberships).values({ orgId: w.org.orgId, userId: u.id, role }).returning();
    return m!;
  },
  async department(w: World, parentId: string | null = null) {
    const [d] = await w.db.insert(departments).values({ orgId: w.org.orgId, name: `Dept ${uid()}`, parentId }).returning();
    return d!;
  },
  async invitation(w: World, email = `invitee-${uid()}@example.test`) {
    const token = crypto.randomBytes(24).toString("base64url");
    const [row] = await w.db
      .insert(invitations)
      .values({
        orgId: w.org.orgId,
        email,
        role: "viewer",
        departmentIds: [],
        tokenHash: hashToken(token),
        invitedBy: w.org.users.owner.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    return { ...row!, token };
  },
  async period(w: World, status: "planning" | "active" | "closed" = "planning") {
    const name = nextYear();
    const [p] = await w.db
      .insert(periods)
      .values({ orgId: w.org.orgId, name, kind: "year", startsOn: `${name}-01-01`, endsOn: `${name}-12-31`, status })
      .returning();
    return p!;
  },
  async objective(w: World, s: Subject, periodId = w.periodId) {
    const [o] = await w.db
      .insert(objectives)
      .values({ orgId: w.org.orgId, periodId, title: `Objective ${uid()}`, level: "department", ownerId: s.ownerId, departmentId: s.departmentId })
      .returning();
    return o!;
  },
  async keyResult(w: World, s: Subject, periodId = w.periodId) {
    const o = await build.objective(w, s, periodId);
    const [kr] = await w.db
      .insert(keyResults)
      .values({ orgId: w.org.orgId, objectiveId: o.id, title: `KR ${uid()}`, ownerId: s.ownerId, type: "number", startValue: 0, targetValue: 10 })
      .returning();
    return { ...kr!, objective: o };
  },
  async initiative(w: World, s: Subject) {
    const kr = await build.keyResult(w, s);
    const [i] = await w.db
      .insert(initiatives)
      .values({ orgId: w.org.orgId, keyResultId: kr.id, title: `Initiative ${uid()}`, ownerId: s.ownerId })
      .returning();
    return i!;
  },
  /** A dependency asked of department `s.departmentId` by an objective of the other department. */
  async dependency(w: World, s: Subject) {
    const from = s.departmentId === w.org.departmentIds.a ? w.org.departmentIds.b : w.org.departmentIds.a;
    const kr = await build.keyResult(w, { ownerId: w.org.users.owner.id, departmentId: from });
    const [d] = await w.db
      .insert(dependencies)
      .values({
        orgId: w.org.orgId,
        keyResultId: kr.id,
        fromDepartmentId: from,
        toDepartmentId: s.departmentId,
        what: "Something",
        neededBy: "2030-02-01",
        requestedBy: w.org.users.owner.id,
      })
      .returning();
    return d!;
  },
  async kpi(w: World, s: Subject) {
    const [k] = await w.db
      .insert(kpis)
      .values({ orgId: w.org.orgId, name: `KPI ${uid()}`, departmentId: s.departmentId, ownerId: s.ownerId, greenThreshold: 10, amberThreshold: 5 })
      .returning();
    return k!;
  },
  /**
   * A pending approval request of an OKR set (subject "objective_set") of department `s.departmentId`
   * in a fresh period: one objective owned by `s.ownerId`, already pending approval, and one pending
   * step whose approvers `rule` names.
   */
  async approvalRequest(w: World, s: Subject, opts: { requesterId: string; rule: ApproverRule }) {
    const p = await build.period(w, "active");
    const [o] = await w.db
      .insert(objectives)
      .values({
        orgId: w.org.orgId,
        periodId: p.id,
        title: `Objective ${uid()}`,
        level: "department",
        ownerId: s.ownerId,
        departmentId: s.departmentId,
        status: "pending_approval",
      })
      .returning();
    const [r] = await w.db
      .insert(approvalRequests)
      .values({
        orgId: w.org.orgId,
        subjectType: "objective_set",
        subjectId: `${p.id}:${s.departmentId}`,
        requesterId: opts.requesterId,
        departmentId: s.departmentId,
        title: `${await deptName(w, s.departmentId)} · ${p.name}`,
        snapshot: { kind: "objective_set", period: { id: p.id, name: p.name }, objectives: [{ id: o!.id, title: o!.title, keyResults: [] }] },
        dueAt: new Date(Date.now() + 3 * 86_400_000),
      })
      .returning();
    await w.db.insert(approvalSteps).values({ orgId: w.org.orgId, requestId: r!.id, position: 0, rule: opts.rule, status: "pending" });
    return { ...r!, objectiveId: o!.id };
  },
  /** An out-of-office delegation of `delegatorId`'s approvals, from yesterday to next week. */
  async delegation(w: World, delegatorId: string, delegateId: string) {
    const [d] = await w.db
      .insert(approvalDelegations)
      .values({ orgId: w.org.orgId, delegatorId, delegateId, startsOn: dayFromToday(-1), endsOn: dayFromToday(7) })
      .returning();
    return d!;
  },
  /** A campaign of the subject's owner and department (channels email and social, USD, Q1 2030). */
  async campaign(
    w: World,
    s: Subject,
    opts: { status?: (typeof campaigns.$inferInsert)["status"]; approvedBudgetMinor?: number | null } = {},
  ) {
    const [c] = await w.db
      .insert(campaigns)
      .values({
        orgId: w.org.orgId,
        name: `Campaign ${uid()}`,
        departmentId: s.departmentId,
        ownerId: s.ownerId,
        channels: ["email", "social"],
        startsOn: "2030-01-01",
        endsOn: "2030-03-31",
        currency: "USD",
        status: opts.status ?? "draft",
        approvedBudgetMinor: opts.approvedBudgetMinor ?? null,
      })
      .returning();
    return c!;
  },
  /** A live campaign with an approved budget of 10,000.00 and one spend entry of 10.00. */
  async campaignSpend(w: World, s: Subject) {
    const c = await build.campaign(w, s, { status: "live", approvedBudgetMinor: 1_000_000 });
    const [row] = await w.db
      .insert(campaignSpend)
      .values({ orgId: w.org.orgId, campaignId: c.id, spentOn: "2030-01-10", channel: "email", amountMinor: 1000, currency: "USD" })
      .returning();
    return row!;
  },
  async campaignVariant(w: World, s: Subject) {
    const c = await build.campaign(w, s, { status: "live", approvedBudgetMinor: 0 });
    const [v] = await w.db.insert(campaignVariants).values({ orgId: w.org.orgId, campaignId: c.id, name: "A", exposures: 100, conversions: 10 }).returning();
    return v!;
  },
  async campaignUtmLink(w: World, s: Subject) {
    const c = await build.campaign(w, s);
    const [l] = await w.db
      .insert(campaignUtmLinks)
      .values({
        orgId: w.org.orgId,
        campaignId: c.id,
        landingUrl: "https://example.com/",
        source: "newsletter",
        medium: "email",
        utmCampaign: "spring",
        url: "https://example.com/?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
      })
      .returning();
    return l!;
  },
  /** A product of the subject in the given stage (default: the first), with that stage's checklist; `complete` ticks its manual items. */
  async product(w: World, s: Subject, opts: { stageIndex?: number; stageKey?: string; complete?: boolean } = {}) {
    const stages = await stagesOf(w.db, w.org.orgId);
    const stage = opts.stageKey ? stages.find((st) => st.key === opts.stageKey)! : stages[opts.stageIndex ?? 0]!;
    const [p] = await w.db
      .insert(products)
      .values({ orgId: w.org.orgId, name: `Product ${uid()}`, ownerId: s.ownerId, departmentId: s.departmentId, stageId: stage.id })
      .returning();
    await enterStage(w.db, { orgId: w.org.orgId, userId: s.ownerId } as Actor, p!, stage.id, "created");
    if (opts.complete) {
      await w.db
        .update(productChecklistItems)
        .set({ checkedAt: new Date(), checkedBy: s.ownerId, evidenceNote: "done" })
        .where(and(eq(productChecklistItems.productId, p!.id), eq(productChecklistItems.kind, "manual")));
    }
    return { ...p!, stages };
  },
  /** A manual checklist item without an evidence requirement ("business case", discovery stage). */
  async checklistItem(w: World, s: Subject) {
    const p = await build.product(w, s, { stageKey: "discovery" });
    const [item] = await w.db
      .select()
      .from(productChecklistItems)
      .where(and(eq(productChecklistItems.productId, p.id), eq(productChecklistItems.kind, "manual"), eq(productChecklistItems.requiresEvidence, false)))
      .limit(1);
    return item!;
  },
  /** Feedback on the subject's product, written by the subject's owner. */
  async feedback(w: World, s: Subject) {
    const p = await build.product(w, s);
    const [f] = await w.db
      .insert(productFeedback)
      .values({ orgId: w.org.orgId, productId: p.id, title: "Export to PDF", source: "customer", authorId: s.ownerId })
      .returning();
    return f!;
  },
  /** An empty custom stage at the end of the lifecycle. */
  async stage(w: World) {
    await stagesOf(w.db, w.org.orgId);
    const [st] = await w.db
      .insert(productStages)
      .values({ orgId: w.org.orgId, name: `Stage ${uid()}`, position: 1000 })
      .returning();
    return st!;
  },
  async criterion(w: World) {
    const stages = await stagesOf(w.db, w.org.orgId);
    const [c] = await w.db
      .insert(productStageCriteria)
      .values({ orgId: w.org.orgId, stageId: stages[0]!.id, label: `Criterion ${uid()}`, position: 50 })
      .returning();
    return c!;
  },
  /** A risk of the subject (category "operational"); `scores` assesses it: [inherent L, I, residual L, I]. */
  async risk(w: World, s: Subject, opts: { scores?: [number, number, number, number]; status?: (typeof risks.$inferInsert)["status"] } = {}) {
    const sc = opts.scores;
    const [r] = await w.db
      .insert(risks)
      .values({
        orgId: w.org.orgId,
        title: `Risk ${uid()}`,
        category: "operational",
        ownerId: s.ownerId,
        departmentId: s.departmentId,
        status: opts.status ?? (sc ? "assessed" : "identified"),
        ...(sc
          ? {
              inherentLikelihood: sc[0],
              inherentImpact: sc[1],
              residualLikelihood: sc[2],
              residualImpact: sc[3],
              inherentScore: sc[0] * sc[1],
              residualScore: sc[2] * sc[3],
              lastAssessedAt: new Date(),
            }
          : {}),
      })
      .returning();
    return r!;
  },
  async riskAction(w: World, s: Subject) {
    const r = await build.risk(w, s);
    const [a] = await w.db.insert(riskActions).values({ orgId: w.org.orgId, riskId: r.id, title: "Second supplier" }).returning();
    return a!;
  },
  async riskKri(w: World, s: Subject) {
    const r = await build.risk(w, s);
    const kpi = await build.kpi(w, s);
    const [k] = await w.db.insert(riskKris).values({ orgId: w.org.orgId, riskId: r.id, kind: "kpi", kpiId: kpi.id }).returning();
    return k!;
  },
  /** A retro facilitated by the subject's owner, in the subject's department, with `participantIds` (and the facilitator). */
  async retro(w: World, s: Subject, opts: { phase?: (typeof retros.$inferInsert)["phase"]; participantIds?: string[]; anonymous?: boolean } = {}) {
    const [r] = await w.db
      .insert(retros)
      .values({
        orgId: w.org.orgId,
        title: `Retro ${uid()}`,
        departmentIds: [s.departmentId],
        facilitatorId: s.ownerId,
        template: "builtin:start_stop_continue",
        columns: [
          { key: "start", label: "" },
          { key: "stop", label: "" },
          { key: "continue", label: "" },
        ],
        phase: opts.phase ?? "collect",
        anonymous: opts.anonymous ?? false,
        revealed: true,
      })
      .returning();
    const people = [...new Set([s.ownerId, ...(opts.participantIds ?? [])])];
    await w.db.insert(retroParticipants).values(people.map((userId) => ({ orgId: w.org.orgId, retroId: r!.id, userId })));
    return r!;
  },
  /** A card (and its own group) in a retro of the subject, written by `authorId` (default: the subject's owner). */
  async retroCard(w: World, s: Subject, opts: { phase?: (typeof retros.$inferInsert)["phase"]; authorId?: string; participantIds?: string[] } = {}) {
    const r = await build.retro(w, s, { phase: opts.phase, participantIds: [...(opts.participantIds ?? []), ...(opts.authorId ? [opts.authorId] : [])] });
    const [g] = await w.db.insert(retroGroups).values({ orgId: w.org.orgId, retroId: r.id, title: "Onboarding" }).returning();
    const [c] = await w.db
      .insert(retroCards)
      .values({ orgId: w.org.orgId, retroId: r.id, columnKey: "stop", authorId: opts.authorId ?? s.ownerId, body: "Long handovers", groupId: g!.id })
      .returning();
    return { retro: r, card: c!, group: g! };
  },
  /** A retro of the world's period that still takes cards (collect), facilitated by the subject's owner. */
  async periodRetro(w: World, s: Subject) {
    const r = await build.retro(w, s);
    const [row] = await w.db.update(retros).set({ periodId: w.periodId }).where(eq(retros.id, r.id)).returning();
    return row!;
  },
  async retroAction(w: World, s: Subject, opts: { participantIds?: string[] } = {}) {
    const r = await build.retro(w, s, { phase: "actions", participantIds: opts.participantIds });
    const [a] = await w.db.insert(retroActions).values({ orgId: w.org.orgId, retroId: r.id, title: "Write the handover checklist", ownerId: s.ownerId }).returning();
    return a!;
  },
  /** A comment on a product of the subject, written by `authorId`. */
  async comment(w: World, s: Subject, authorId: string) {
    const p = await build.product(w, s);
    const [c] = await w.db.insert(comments).values({ orgId: w.org.orgId, entityType: "product", entityId: p.id, authorId, body: "First thoughts" }).returning();
    return c!;
  },
  /** A webhook of the org, pointing at a port where nothing listens (sends fail fast). */
  async webhook(w: World) {
    const [h] = await w.db
      .insert(webhooks)
      .values({ orgId: w.org.orgId, url: `http://127.0.0.1:9/hook-${uid()}`, events: ["retro.closed"], secret: `whsec_${uid()}` })
      .returning();
    return h!;
  },
  /** A failed delivery of a webhook of the org. */
  async webhookDelivery(w: World) {
    const h = await build.webhook(w);
    const [d] = await w.db
      .insert(webhookDeliveries)
      .values({ orgId: w.org.orgId, webhookId: h.id, event: "retro.closed", payload: { id: uid(), event: "retro.closed" }, status: "failed", attempts: 6 })
      .returning();
    return d!;
  },
  async notification(w: World, userId: string) {
    const [n] = await w.db.insert(notifications).values({ orgId: w.org.orgId, userId, kind: "approvalRequested", params: { title: "T" } }).returning();
    return n!;
  },
};

/** The UTC date `days` from today, YYYY-MM-DD (the engine compares delegations with the UTC date). */
export function dayFromToday(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The role `who` holds in the world's organisation (null for outsiders). */
function roleOf(w: World, who: Who): Role | null {
  return (Object.entries(w.org.users).find(([, u]) => u.id === who.userId)?.[0] as Role | undefined) ?? null;
}

/** A member of the subject's department other than `who`, to delegate to. */
function colleagueIn(w: World, who: Who, departmentId: string) {
  if (departmentId === w.org.departmentIds.b) return w.other.id;
  return who.userId === w.org.users.member.id ? w.org.users.manager.id : w.org.users.member.id;
}

// ---------------------------------------------------------------------------------------------
// Valid inputs, one entry per procedure path
// ---------------------------------------------------------------------------------------------

export type CaseFn = (w: World, who: Who, subject: Subject) => Promise<unknown>;

export interface Case {
  input: CaseFn;
  /** What a successful call records in the audit log (mutations of an organisation). */
  audit?: { entityType: string; action: string };
  /** The code a role gets when it holds the permission but the subject is outside its scope (default FORBIDDEN). */
  outOfScopeCode?: string;
  /** Sends email itself and needs a mailer in the context (suites pass one to a local SMTP sink). */
  needsMailer?: true;
}

const okrCsvHeader = "objective,level,department,objective_owner,key_result,kr_owner,type,target";

async function deptName(w: World, id: string) {
  const [d] = await w.db.select({ name: departments.name }).from(departments).where(eq(departments.id, id));
  return d!.name;
}
async function emailOf(w: World, userId: string) {
  const [u] = await w.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u!.email;
}

export const CASES: Record<string, Case> = {
  // auth ------------------------------------------------------------------------------------
  "auth.signUp": { input: async () => ({ email: `signup-${uid()}@example.test`, name: "Signer", password: "a long enough password" }) },
  "auth.me": { input: async () => undefined },
  "auth.updateProfile": { input: async () => ({ name: "Renamed Person", locale: "zh-CN" }) },
  "auth.changePassword": { input: async () => ({ currentPassword: KNOWN_PASSWORD, newPassword: "a brand new long password" }) },
  "auth.signOutEverywhere": { input: async () => undefined },
  "auth.sessions": { input: async () => undefined },
  "auth.requestPasswordReset": { input: async (_w, who) => ({ email: who.email }), needsMailer: true },
  "auth.resetPassword": {
    input: async (w, who) => {
      const token = crypto.randomBytes(32).toString("base64url");
      await w.db.insert(passwordResets).values({
        userId: who.userId,
        tokenHash: crypto.createHash("sha256").update(token).digest("hex"),
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      return { token, newPassword: "a fresh and private passphrase" };
    },
  },
  "auth.requestEmailChange": {
    input: async () => ({ currentPassword: KNOWN_PASSWORD, newEmail: `moving-${uid()}@example.test` }),
    needsMailer: true,
  },
  "auth.confirmEmailChange": {
    input: async (w, who) => {
      const token = crypto.randomBytes(32).toString("base64url");
      await w.db.insert(emailChanges).values({
        userId: who.userId,
        newEmail: `confirmed-${uid()}@example.test`,
        tokenHash: crypto.createHash("sha256").update(token).digest("hex"),
        expiresAt: new Date(Date.now() + 3_600_000),
      });
      return { token };
    },
  },
  "auth.revokeSession": { input: async (w, who) => ({ sessionId: await startSession(w.db, who.userId, { userAgent: "test" }) }) },

  // org ---------------------------------------------------------------------------------------
  "org.listMine": { input: async () => undefined },
  "org.create": {
    input: async () => ({ name: "Created Org", slug: `created-${uid()}` }),
    audit: { entityType: "organization", action: "create" },
  },
  "org.get": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "org.update": {
    input: async (w) => {
      const [o] = await w.db.select({ version: organizations.version }).from(organizations).where(eq(organizations.id, w.org.orgId));
      return { orgSlug: w.org.slug, name: `Renamed ${uid()}`, version: o!.version };
    },
    audit: { entityType: "organization", action: "update" },
  },
  "org.export": {
    input: async (w) => ({ orgSlug: w.org.slug }),
    audit: { entityType: "organization", action: "export" },
  },
  "org.import": {
    // A new organisation whose only member is the caller (with the role they hold in the world, so the
    // matrix sees every role), and the export of a small organisation (no audit history) to load into it.
    input: async (w, who) => ({ orgSlug: (await build.emptyOrgFor(w, who)).slug, document: await build.smallExport(w) }),
    audit: { entityType: "organization", action: "imported" },
  },

  // members -----------------------------------------------------------------------------------
  "member.list": { input: async (w) => ({ orgSlug: w.org.slug, limit: 10 }) },
  "member.updateRole": {
    input: async (w) => {
      const m = await build.member(w);
      return { orgSlug: w.org.slug, membershipId: m.id, role: "member", version: m.version };
    },
    audit: { entityType: "membership", action: "update_role" },
  },
  "member.setDepartments": {
    input: async (w) => {
      const m = await build.member(w);
      return { orgSlug: w.org.slug, membershipId: m.id, version: m.version, departments: [{ departmentId: w.org.departmentIds.a, isManager: false }] };
    },
    audit: { entityType: "membership", action: "set_departments" },
  },
  "member.remove": {
    input: async (w) => ({ orgSlug: w.org.slug, membershipId: (await build.member(w)).id }),
    audit: { entityType: "membership", action: "remove" },
  },

  // departments -------------------------------------------------------------------------------
  "department.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "department.create": {
    input: async (w) => ({ orgSlug: w.org.slug, name: `New dept ${uid()}`, parentId: w.org.departmentIds.a }),
    audit: { entityType: "department", action: "create" },
  },
  "department.update": {
    input: async (w) => {
      const d = await build.department(w);
      return { orgSlug: w.org.slug, departmentId: d.id, name: `Renamed dept ${uid()}`, parentId: w.org.departmentIds.b, version: d.version };
    },
    audit: { entityType: "department", action: "update" },
  },
  "department.delete": {
    input: async (w) => {
      const d = await build.department(w);
      return { orgSlug: w.org.slug, departmentId: d.id, version: d.version };
    },
    audit: { entityType: "department", action: "delete" },
  },

  // invitations -------------------------------------------------------------------------------
  "invitation.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "invitation.create": {
    input: async (w) => ({ orgSlug: w.org.slug, email: `new-${uid()}@example.test`, role: "viewer", departmentIds: [w.org.departmentIds.a] }),
    audit: { entityType: "invitation", action: "create" },
  },
  "invitation.revoke": {
    input: async (w) => ({ orgSlug: w.org.slug, invitationId: (await build.invitation(w)).id }),
    audit: { entityType: "invitation", action: "revoke" },
  },
  "invitation.preview": { input: async (w) => ({ token: (await build.invitation(w)).token }) },
  "invitation.accept": {
    input: async (w, who) => ({ token: (await build.invitation(w, who.email)).token }),
    audit: { entityType: "invitation", action: "accept" },
  },

  // activity ------------------------------------------------------------------------------------
  "activity.list": { input: async (w) => ({ orgSlug: w.org.slug, limit: 10 }) },

  // periods -------------------------------------------------------------------------------------
  "period.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "period.create": {
    input: async (w) => ({ orgSlug: w.org.slug, name: `${nextYear()}-Q2` }),
    audit: { entityType: "period", action: "create" },
  },
  "period.setStatus": {
    input: async (w) => {
      const p = await build.period(w, "planning");
      return { orgSlug: w.org.slug, periodId: p.id, status: "active", version: p.version };
    },
    audit: { entityType: "period", action: "status_active" },
  },
  "period.rollup": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId }) },
  "period.exportCsv": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId }) },
  "period.importCsv": {
    input: async (w, _who, s) => {
      const owner = await emailOf(w, s.ownerId);
      const csv = `${okrCsvHeader}\nImported ${uid()},department,${await deptName(w, s.departmentId)},${owner},KR one,${owner},number,10\n`;
      return { orgSlug: w.org.slug, periodId: w.periodId, csv };
    },
    audit: { entityType: "period", action: "import_okrs" },
    // Out-of-scope rows are reported as row errors of the import, not as a FORBIDDEN call.
    outOfScopeCode: "BAD_REQUEST",
  },

  // objectives ----------------------------------------------------------------------------------
  "objective.list": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId }) },
  "objective.approvalState": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId }) },
  "objective.tree": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId }) },
  "objective.get": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, objectiveId: (await build.objective(w, s)).id }) },
  "objective.create": {
    input: async (w, _who, s) => ({
      orgSlug: w.org.slug,
      periodId: w.periodId,
      title: `Created objective ${uid()}`,
      level: "department",
      ownerId: s.ownerId,
      departmentId: s.departmentId,
    }),
    audit: { entityType: "objective", action: "create" },
  },
  "objective.update": {
    input: async (w, _who, s) => {
      const o = await build.objective(w, s);
      return {
        orgSlug: w.org.slug,
        objectiveId: o.id,
        version: o.version,
        title: `Updated ${uid()}`,
        level: "department",
        ownerId: s.ownerId,
        departmentId: s.departmentId,
      };
    },
    audit: { entityType: "objective", action: "update" },
  },
  "objective.setStatus": {
    input: async (w, _who, s) => {
      const o = await build.objective(w, s);
      return { orgSlug: w.org.slug, objectiveId: o.id, status: "active", version: o.version };
    },
    audit: { entityType: "objective", action: "status_active" },
  },
  "objective.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, objectiveId: (await build.objective(w, s)).id }),
    audit: { entityType: "objective", action: "delete" },
  },

  // key results ---------------------------------------------------------------------------------
  "keyResult.mine": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "keyResult.checkIns": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, keyResultId: (await build.keyResult(w, s)).id }) },
  "keyResult.create": {
    input: async (w, _who, s) => ({
      orgSlug: w.org.slug,
      objectiveId: (await build.objective(w, s)).id,
      title: "New KR",
      ownerId: s.ownerId,
      type: "number",
      targetValue: 100,
    }),
    audit: { entityType: "keyResult", action: "create" },
  },
  "keyResult.update": {
    input: async (w, _who, s) => {
      const kr = await build.keyResult(w, s);
      return { orgSlug: w.org.slug, keyResultId: kr.id, version: kr.version, title: "Changed KR", ownerId: s.ownerId, type: "number", targetValue: 50 };
    },
    audit: { entityType: "keyResult", action: "update" },
  },
  "keyResult.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, keyResultId: (await build.keyResult(w, s)).id }),
    audit: { entityType: "keyResult", action: "delete" },
  },
  "keyResult.checkIn": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, keyResultId: (await build.keyResult(w, s)).id, value: 4, confidence: 7, note: "ok" }),
    audit: { entityType: "keyResult", action: "check_in" },
  },
  "keyResult.grade": {
    input: async (w, _who, s) => {
      const kr = await build.keyResult(w, s);
      // No check-in yet: progress 0, so the suggested grade is 0 and needs no reason.
      return { orgSlug: w.org.slug, keyResultId: kr.id, version: kr.version, grade: 0 };
    },
    audit: { entityType: "keyResult", action: "grade" },
  },

  // initiatives -------------------------------------------------------------------------------
  "initiative.create": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, keyResultId: (await build.keyResult(w, s)).id, title: "Do a thing", ownerId: s.ownerId, dueOn: "2030-02-15" }),
    audit: { entityType: "initiative", action: "create" },
  },
  "initiative.update": {
    input: async (w, _who, s) => {
      const i = await build.initiative(w, s);
      return { orgSlug: w.org.slug, initiativeId: i.id, version: i.version, title: "Do it better", ownerId: s.ownerId, status: "doing" };
    },
    audit: { entityType: "initiative", action: "update" },
  },
  "initiative.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, initiativeId: (await build.initiative(w, s)).id }),
    audit: { entityType: "initiative", action: "delete" },
  },

  // dependencies --------------------------------------------------------------------------------
  "dependency.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "dependency.request": {
    input: async (w, _who, s) => {
      const kr = await build.keyResult(w, s);
      const to = s.departmentId === w.org.departmentIds.a ? w.org.departmentIds.b : w.org.departmentIds.a;
      return { orgSlug: w.org.slug, keyResultId: kr.id, toDepartmentId: to, what: "Please deliver", neededBy: "2030-02-20" };
    },
    audit: { entityType: "dependency", action: "request" },
  },
  "dependency.decide": {
    input: async (w, _who, s) => {
      const d = await build.dependency(w, s);
      return { orgSlug: w.org.slug, dependencyId: d.id, version: d.version, decision: "accepted" };
    },
    audit: { entityType: "dependency", action: "accepted" },
  },

  // KPIs ----------------------------------------------------------------------------------------
  "kpi.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "kpi.create": {
    input: async (w, _who, s) => ({
      orgSlug: w.org.slug,
      name: `KPI new ${uid()}`,
      departmentId: s.departmentId,
      ownerId: s.ownerId,
      greenThreshold: 10,
      amberThreshold: 5,
    }),
    audit: { entityType: "kpi", action: "create" },
  },
  "kpi.update": {
    input: async (w, _who, s) => {
      const k = await build.kpi(w, s);
      return {
        orgSlug: w.org.slug,
        kpiId: k.id,
        version: k.version,
        name: `KPI renamed ${uid()}`,
        departmentId: s.departmentId,
        ownerId: s.ownerId,
        greenThreshold: 20,
        amberThreshold: 10,
      };
    },
    audit: { entityType: "kpi", action: "update" },
  },
  "kpi.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, kpiId: (await build.kpi(w, s)).id }),
    audit: { entityType: "kpi", action: "delete" },
  },
  "kpi.recordValue": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, kpiId: (await build.kpi(w, s)).id, observedOn: "2030-01-15", value: 7 }),
    audit: { entityType: "kpi", action: "record_value" },
  },
  "kpi.importValuesCsv": {
    input: async (w, _who, s) => {
      const k = await build.kpi(w, s);
      return { orgSlug: w.org.slug, csv: `kpi,date,value,note\n${k.name},2030-01-10,3,first\n${k.name},2030-01-20,6,second\n` };
    },
    audit: { entityType: "kpi", action: "record_value" },
    outOfScopeCode: "BAD_REQUEST",
  },

  // approvals ------------------------------------------------------------------------------------
  "approval.inbox": { input: async (w) => ({ orgSlug: w.org.slug, box: "all" }) },
  "approval.counts": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "approval.get": {
    input: async (w, _who, s) => {
      const r = await build.approvalRequest(w, s, { requesterId: s.ownerId, rule: { kind: "department_managers", departmentId: s.departmentId } });
      return { orgSlug: w.org.slug, requestId: r.id };
    },
  },
  "approval.request": {
    // The subject's department submits its draft OKR set of a fresh period.
    input: async (w, _who, s) => {
      const p = await build.period(w, "active");
      await build.objective(w, s, p.id);
      return { orgSlug: w.org.slug, subjectType: "objective_set", subjectId: `${p.id}:${s.departmentId}`, comment: "Please review" };
    },
    audit: { entityType: "approval", action: "request" },
  },
  "approval.decide": {
    /**
     * A pending request of the subject's department, asked by someone else, whose current step the
     * caller decides in the capacity their scope stands for: admins and owners the admin step (any
     * department), managers the step of the subject department's managers, members a step naming the
     * subject's owner.
     */
    input: async (w, who, s) => {
      const role = roleOf(w, who);
      const rule: ApproverRule =
        role === "owner" || role === "admin"
          ? { kind: "role", roles: ["admin", "owner"] }
          : role === "manager"
            ? { kind: "department_managers", departmentId: s.departmentId }
            : { kind: "users", userIds: [s.ownerId] };
      const requester = await build.member(w, "member");
      const r = await build.approvalRequest(w, s, { requesterId: requester.userId, rule });
      return { orgSlug: w.org.slug, requestId: r.id, decision: "approve", comment: "Looks good" };
    },
    audit: { entityType: "approval", action: "approve" },
  },
  "approval.cancel": {
    // The subject's owner asked; requesters (and admins) withdraw.
    input: async (w, _who, s) => {
      const r = await build.approvalRequest(w, s, { requesterId: s.ownerId, rule: { kind: "department_managers", departmentId: s.departmentId } });
      return { orgSlug: w.org.slug, requestId: r.id };
    },
    audit: { entityType: "approval", action: "cancel" },
  },
  "approval.comment": {
    input: async (w, _who, s) => {
      const r = await build.approvalRequest(w, s, { requesterId: s.ownerId, rule: { kind: "department_managers", departmentId: s.departmentId } });
      return { orgSlug: w.org.slug, requestId: r.id, body: "@Admin a question about the second key result", mentionIds: [w.org.users.admin.id] };
    },
    audit: { entityType: "approval", action: "comment" },
  },
  "approval.delegations": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "approval.delegate": {
    // To a colleague of the subject's department.
    input: async (w, who, s) => ({ orgSlug: w.org.slug, delegateId: colleagueIn(w, who, s.departmentId), startsOn: dayFromToday(0), endsOn: dayFromToday(14) }),
    audit: { entityType: "delegation", action: "create" },
  },
  "approval.revokeDelegation": {
    // A delegation of the subject's owner; another user's delegation is not found.
    input: async (w, _who, s) => {
      const d = await build.delegation(w, s.ownerId, s.ownerId === w.other.id ? w.org.users.member.id : w.other.id);
      return { orgSlug: w.org.slug, delegationId: d.id };
    },
    audit: { entityType: "delegation", action: "revoke" },
    outOfScopeCode: "NOT_FOUND",
  },
  "approval.settings": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "approval.updateSettings": {
    input: async (w) => {
      const [row] = await w.db.select({ version: approvalSettings.version }).from(approvalSettings).where(eq(approvalSettings.orgId, w.org.orgId));
      // Changes the SLA only: the other suites rely on the default one-step flow without overrides.
      return { orgSlug: w.org.slug, slaDays: 5, okrTwoStep: false, adminsMayOverride: false, version: row?.version ?? 0 };
    },
    audit: { entityType: "approvalSettings", action: "update" },
  },

  // campaigns ------------------------------------------------------------------------------------
  "campaign.list": { input: async (w) => ({ orgSlug: w.org.slug, limit: 10 }) },
  "campaign.calendar": { input: async (w) => ({ orgSlug: w.org.slug, from: "2030-01-01", to: "2030-03-31" }) },
  "campaign.get": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, campaignId: (await build.campaign(w, s)).id }) },
  "campaign.exportCsv": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "campaign.settings": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "campaign.create": {
    input: async (w, _who, s) => ({
      orgSlug: w.org.slug,
      name: `Created campaign ${uid()}`,
      ownerId: s.ownerId,
      departmentId: s.departmentId,
      channels: ["email"],
      startsOn: "2030-02-01",
      endsOn: "2030-02-28",
    }),
    audit: { entityType: "campaign", action: "create" },
  },
  "campaign.update": {
    input: async (w, _who, s) => {
      const c = await build.campaign(w, s);
      return {
        orgSlug: w.org.slug,
        campaignId: c.id,
        version: c.version,
        name: `Renamed campaign ${uid()}`,
        ownerId: s.ownerId,
        departmentId: s.departmentId,
        channels: ["email", "social"],
        startsOn: "2030-01-15",
        endsOn: "2030-03-15",
      };
    },
    audit: { entityType: "campaign", action: "update" },
  },
  "campaign.reschedule": {
    input: async (w, _who, s) => {
      const c = await build.campaign(w, s);
      return { orgSlug: w.org.slug, campaignId: c.id, version: c.version, startsOn: "2030-01-08", endsOn: "2030-04-07" };
    },
    audit: { entityType: "campaign", action: "reschedule" },
  },
  "campaign.setStatus": {
    input: async (w, _who, s) => {
      const c = await build.campaign(w, s, { status: "approved", approvedBudgetMinor: 0 });
      return { orgSlug: w.org.slug, campaignId: c.id, status: "live", version: c.version };
    },
    audit: { entityType: "campaign", action: "status_live" },
  },
  "campaign.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, campaignId: (await build.campaign(w, s)).id }),
    audit: { entityType: "campaign", action: "delete" },
  },
  "campaign.clone": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, campaignId: (await build.campaign(w, s)).id, startsOn: "2030-04-01" }),
    audit: { entityType: "campaign", action: "clone" },
  },
  "campaign.setBudgetLines": {
    input: async (w, _who, s) => {
      const c = await build.campaign(w, s);
      return { orgSlug: w.org.slug, campaignId: c.id, version: c.version, lines: [{ channel: "email", category: "Ads", amountMinor: 50_000 }] };
    },
    audit: { entityType: "campaign", action: "set_budget" },
  },
  "campaign.recordSpend": {
    input: async (w, _who, s) => {
      const c = await build.campaign(w, s, { status: "live", approvedBudgetMinor: 1_000_000 });
      return { orgSlug: w.org.slug, campaignId: c.id, spentOn: "2030-01-20", channel: "email", amountMinor: 2_500, vendor: "Mailer Inc." };
    },
    audit: { entityType: "campaign", action: "record_spend" },
  },
  "campaign.deleteSpend": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, spendId: (await build.campaignSpend(w, s)).id }),
    audit: { entityType: "campaign", action: "delete_spend" },
  },
  "campaign.recordResult": {
    input: async (w, _who, s) => {
      const c = await build.campaign(w, s, { status: "live", approvedBudgetMinor: 0 });
      return { orgSlug: w.org.slug, campaignId: c.id, metric: "leads", observedOn: "2030-01-20", value: 12 };
    },
    audit: { entityType: "campaign", action: "record_result" },
  },
  "campaign.addVariant": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, campaignId: (await build.campaign(w, s)).id, name: "Subject line B", exposures: 200, conversions: 30 }),
    audit: { entityType: "campaign", action: "add_variant" },
  },
  "campaign.updateVariant": {
    input: async (w, _who, s) => {
      const v = await build.campaignVariant(w, s);
      return { orgSlug: w.org.slug, variantId: v.id, version: v.version, name: "A", exposures: 300, conversions: 33 };
    },
    audit: { entityType: "campaign", action: "update_variant" },
  },
  "campaign.deleteVariant": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, variantId: (await build.campaignVariant(w, s)).id }),
    audit: { entityType: "campaign", action: "delete_variant" },
  },
  "campaign.createUtmLink": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, campaignId: (await build.campaign(w, s)).id, landingUrl: "https://example.com/spring?ref=1", channel: "email" }),
    audit: { entityType: "campaign", action: "create_utm_link" },
  },
  "campaign.deleteUtmLink": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, utmLinkId: (await build.campaignUtmLink(w, s)).id }),
    audit: { entityType: "campaign", action: "delete_utm_link" },
  },
  "campaign.updateSettings": {
    input: async (w) => {
      const [row] = await w.db.select({ version: campaignSettings.version }).from(campaignSettings).where(eq(campaignSettings.orgId, w.org.orgId));
      // The defaults again (USD, 10,000.00, the default channels): other suites rely on them.
      return {
        orgSlug: w.org.slug,
        baseCurrency: "USD",
        approvalThresholdMinor: 1_000_000,
        channels: ["email", "social", "search_ads", "display", "content_seo", "events", "partnerships", "pr", "in_app"],
        version: row?.version ?? 0,
      };
    },
    audit: { entityType: "campaignSettings", action: "update" },
  },
  "campaign.setRate": {
    input: async (w) => {
      const [row] = await w.db
        .select({ version: currencyRates.version })
        .from(currencyRates)
        .where(and(eq(currencyRates.orgId, w.org.orgId), eq(currencyRates.currency, "EUR")));
      return { orgSlug: w.org.slug, currency: "EUR", rate: "1.0825", version: row?.version ?? 0 };
    },
    audit: { entityType: "currencyRate", action: "set" },
  },

  // products -------------------------------------------------------------------------------------
  "product.stages": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "product.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "product.get": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, productId: (await build.product(w, s)).id }) },
  "product.roadmap": { input: async (w) => ({ orgSlug: w.org.slug, year: 2030 }) },
  "product.funnel": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "product.create": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, name: `Created product ${uid()}`, ownerId: s.ownerId, departmentId: s.departmentId }),
    audit: { entityType: "product", action: "create" },
  },
  "product.update": {
    input: async (w, _who, s) => {
      const p = await build.product(w, s);
      return { orgSlug: w.org.slug, productId: p.id, version: p.version, name: `Renamed product ${uid()}`, ownerId: s.ownerId, departmentId: s.departmentId };
    },
    audit: { entityType: "product", action: "update" },
  },
  "product.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, productId: (await build.product(w, s)).id }),
    audit: { entityType: "product", action: "delete" },
  },
  "product.advanceStage": {
    input: async (w, _who, s) => {
      const p = await build.product(w, s, { stageKey: "ideation", complete: true });
      return { orgSlug: w.org.slug, productId: p.id, version: p.version };
    },
    audit: { entityType: "approval", action: "request" },
  },
  "product.moveBack": {
    input: async (w, _who, s) => {
      const p = await build.product(w, s, { stageIndex: 1 });
      return { orgSlug: w.org.slug, productId: p.id, version: p.version, toStageId: p.stages[0]!.id, reason: "Research was thin" };
    },
    audit: { entityType: "product", action: "stage_moved_back" },
  },
  "product.checkItem": {
    input: async (w, _who, s) => {
      const item = await build.checklistItem(w, s);
      return { orgSlug: w.org.slug, itemId: item.id, version: item.version, checked: true };
    },
    audit: { entityType: "product", action: "checklist_checked" },
  },
  "product.setStagePlans": {
    input: async (w, _who, s) => {
      const p = await build.product(w, s);
      return { orgSlug: w.org.slug, productId: p.id, version: p.version, plans: [{ stageId: p.stages[0]!.id, plannedStartOn: "2030-01-01", plannedEndOn: "2030-02-15" }] };
    },
    audit: { entityType: "product", action: "plan_update" },
  },
  "product.createStage": {
    input: async (w) => ({ orgSlug: w.org.slug, name: `Stage ${uid()}` }),
    audit: { entityType: "productStage", action: "create" },
  },
  "product.renameStage": {
    input: async (w) => {
      const st = await build.stage(w);
      return { orgSlug: w.org.slug, stageId: st.id, version: st.version, name: `Renamed stage ${uid()}` };
    },
    audit: { entityType: "productStage", action: "rename" },
  },
  "product.reorderStages": {
    input: async (w) => {
      // Swaps the last two stages (the default lifecycle's first stages keep their places for the other cases).
      const ids = (await stagesOf(w.db, w.org.orgId)).map((st) => st.id);
      return { orgSlug: w.org.slug, stageIds: [...ids.slice(0, -2), ids.at(-1)!, ids.at(-2)!] };
    },
    audit: { entityType: "productStage", action: "reorder" },
  },
  "product.removeStage": {
    input: async (w) => {
      const st = await build.stage(w);
      return { orgSlug: w.org.slug, stageId: st.id, version: st.version };
    },
    audit: { entityType: "productStage", action: "remove" },
  },
  "product.createCriterion": {
    input: async (w) => ({ orgSlug: w.org.slug, stageId: (await stagesOf(w.db, w.org.orgId))[0]!.id, label: `Criterion ${uid()}` }),
    audit: { entityType: "productStage", action: "criterion_create" },
  },
  "product.updateCriterion": {
    input: async (w) => {
      const c = await build.criterion(w);
      return { orgSlug: w.org.slug, criterionId: c.id, version: c.version, label: `Renamed criterion ${uid()}`, requiresEvidence: true };
    },
    audit: { entityType: "productStage", action: "criterion_update" },
  },
  "product.deleteCriterion": {
    input: async (w) => ({ orgSlug: w.org.slug, criterionId: (await build.criterion(w)).id }),
    audit: { entityType: "productStage", action: "criterion_delete" },
  },
  "product.addFeedback": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, productId: (await build.product(w, s)).id, title: "Dark mode", source: "support", importance: 3 }),
    audit: { entityType: "feedback", action: "create" },
  },
  "product.updateFeedback": {
    input: async (w, _who, s) => {
      const f = await build.feedback(w, s);
      return { orgSlug: w.org.slug, feedbackId: f.id, version: f.version, title: "Export to PDF and CSV", source: "customer", status: "planned" };
    },
    audit: { entityType: "feedback", action: "update" },
  },
  "product.deleteFeedback": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, feedbackId: (await build.feedback(w, s)).id }),
    audit: { entityType: "feedback", action: "delete" },
  },
  "product.vote": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, feedbackId: (await build.feedback(w, s)).id, vote: true }),
    audit: { entityType: "feedback", action: "vote" },
  },

  // risks ----------------------------------------------------------------------------------------
  "risk.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "risk.get": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, riskId: (await build.risk(w, s)).id }) },
  "risk.heatMap": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "risk.movement": { input: async (w) => ({ orgSlug: w.org.slug, from: "2030-01-01", to: "2030-03-31" }) },
  "risk.exportCsv": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "risk.settings": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "risk.create": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, title: `Created risk ${uid()}`, category: "financial", ownerId: s.ownerId, departmentId: s.departmentId }),
    audit: { entityType: "risk", action: "create" },
  },
  "risk.update": {
    input: async (w, _who, s) => {
      const r = await build.risk(w, s);
      return { orgSlug: w.org.slug, riskId: r.id, version: r.version, title: `Renamed risk ${uid()}`, category: "technology", ownerId: s.ownerId, departmentId: s.departmentId };
    },
    audit: { entityType: "risk", action: "update" },
  },
  "risk.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, riskId: (await build.risk(w, s)).id }),
    audit: { entityType: "risk", action: "delete" },
  },
  "risk.assess": {
    input: async (w, _who, s) => {
      const r = await build.risk(w, s);
      return { orgSlug: w.org.slug, riskId: r.id, version: r.version, inherentLikelihood: 4, inherentImpact: 4, residualLikelihood: 2, residualImpact: 3 };
    },
    audit: { entityType: "risk", action: "assess" },
  },
  "risk.setTreatment": {
    input: async (w, _who, s) => {
      const r = await build.risk(w, s, { scores: [4, 4, 3, 3] });
      return { orgSlug: w.org.slug, riskId: r.id, version: r.version, strategy: "mitigate", targetLikelihood: 2, targetImpact: 2 };
    },
    audit: { entityType: "risk", action: "treatment" },
  },
  "risk.setStatus": {
    input: async (w, _who, s) => {
      const r = await build.risk(w, s, { scores: [3, 3, 2, 2] });
      return { orgSlug: w.org.slug, riskId: r.id, version: r.version, status: "treating" };
    },
    audit: { entityType: "risk", action: "status_treating" },
  },
  "risk.addAction": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, riskId: (await build.risk(w, s)).id, title: "Dual sourcing", dueOn: "2030-02-01", costMinor: 500_000, currency: "USD" }),
    audit: { entityType: "risk", action: "action_add" },
  },
  "risk.updateAction": {
    input: async (w, _who, s) => {
      const a = await build.riskAction(w, s);
      return { orgSlug: w.org.slug, actionId: a.id, version: a.version, title: "Dual sourcing, signed", status: "in_progress", progress: 40 };
    },
    audit: { entityType: "risk", action: "action_update" },
  },
  "risk.deleteAction": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, actionId: (await build.riskAction(w, s)).id }),
    audit: { entityType: "risk", action: "action_delete" },
  },
  "risk.requestAcceptance": {
    input: async (w, _who, s) => {
      const r = await build.risk(w, s, { scores: [5, 4, 4, 3] });
      return { orgSlug: w.org.slug, riskId: r.id, version: r.version, justification: "Cheaper to carry than to fix this year", expiresOn: dayFromToday(90) };
    },
    audit: { entityType: "approval", action: "request" },
  },
  "risk.addKri": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, riskId: (await build.risk(w, s)).id, kind: "kpi", targetId: (await build.kpi(w, s)).id }),
    audit: { entityType: "risk", action: "kri_add" },
  },
  "risk.removeKri": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, kriId: (await build.riskKri(w, s)).id }),
    audit: { entityType: "risk", action: "kri_remove" },
  },
  "risk.importCsv": {
    input: async (w, _who, s) => {
      const owner = await emailOf(w, s.ownerId);
      const csv = `title,category,owner,department,inherent_likelihood,inherent_impact\nImported risk ${uid()},financial,${owner},${await deptName(w, s.departmentId)},3,4\n`;
      return { orgSlug: w.org.slug, csv };
    },
    audit: { entityType: "organization", action: "import_risks" },
    // Out-of-scope rows are reported as row errors of the import, not as a FORBIDDEN call.
    outOfScopeCode: "BAD_REQUEST",
  },
  "risk.updateSettings": {
    input: async (w) => {
      const [row] = await w.db.select({ version: riskSettings.version }).from(riskSettings).where(eq(riskSettings.orgId, w.org.orgId));
      const d = defaultRiskSettings();
      return { orgSlug: w.org.slug, ...d, appetite: 8, version: row?.version ?? 0 };
    },
    audit: { entityType: "riskSettings", action: "update" },
  },

  // comments -------------------------------------------------------------------------------------
  "comment.list": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, entityType: "risk", entityId: (await build.risk(w, s)).id }) },
  "comment.add": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, entityType: "objective", entityId: (await build.objective(w, s)).id, body: "Can marketing own the webinar?", mentionIds: [w.org.users.manager.id] }),
    audit: { entityType: "objective", action: "comment_add" },
  },
  "comment.update": {
    input: async (w, who, s) => {
      const c = await build.comment(w, s, who.userId);
      return { orgSlug: w.org.slug, commentId: c.id, version: c.version, body: "Edited comment" };
    },
    audit: { entityType: "product", action: "comment_update" },
  },
  "comment.delete": {
    input: async (w, who, s) => ({ orgSlug: w.org.slug, commentId: (await build.comment(w, s, who.userId)).id }),
    audit: { entityType: "product", action: "comment_delete" },
  },

  // API keys -------------------------------------------------------------------------------------
  "apiKey.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "apiKey.create": {
    input: async (w) => ({ orgSlug: w.org.slug, name: `Key ${uid()}`, role: "viewer", expiresOn: null }),
    audit: { entityType: "apiKey", action: "create" },
  },
  "apiKey.revoke": {
    input: async (w, who) => ({ orgSlug: w.org.slug, apiKeyId: (await build.apiKey(w, who.userId)).id }),
    audit: { entityType: "apiKey", action: "revoke" },
  },

  // webhooks -------------------------------------------------------------------------------------
  "webhook.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "webhook.get": { input: async (w) => ({ orgSlug: w.org.slug, webhookId: (await build.webhook(w)).id }) },
  "webhook.deliveries": { input: async (w) => ({ orgSlug: w.org.slug, webhookId: (await build.webhookDelivery(w)).webhookId }) },
  "webhook.create": {
    input: async (w) => ({ orgSlug: w.org.slug, url: "http://127.0.0.1:9/created", description: "CI", events: ["risk.created", "approval.decided"], format: "json" }),
    audit: { entityType: "webhook", action: "create" },
  },
  "webhook.update": {
    input: async (w) => {
      const h = await build.webhook(w);
      return { orgSlug: w.org.slug, webhookId: h.id, version: h.version, url: h.url, description: "Edited", events: ["*"], format: "slack", active: false };
    },
    audit: { entityType: "webhook", action: "update" },
  },
  "webhook.rotateSecret": {
    input: async (w) => {
      const h = await build.webhook(w);
      return { orgSlug: w.org.slug, webhookId: h.id, version: h.version };
    },
    audit: { entityType: "webhook", action: "rotate_secret" },
  },
  "webhook.delete": {
    input: async (w) => ({ orgSlug: w.org.slug, webhookId: (await build.webhook(w)).id }),
    audit: { entityType: "webhook", action: "delete" },
  },
  "webhook.test": {
    input: async (w) => ({ orgSlug: w.org.slug, webhookId: (await build.webhook(w)).id }),
    audit: { entityType: "webhook", action: "test" },
  },
  "webhook.redeliver": {
    input: async (w) => ({ orgSlug: w.org.slug, deliveryId: (await build.webhookDelivery(w)).id }),
    audit: { entityType: "webhook", action: "redeliver" },
  },

  // dashboard ------------------------------------------------------------------------------------
  "dashboard.myWork": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "dashboard.org": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId, departmentId: w.org.departmentIds.a }) },
  "dashboard.checkIns": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId, departmentId: w.org.departmentIds.a }) },

  // quarterly review -------------------------------------------------------------------------------
  "review.get": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId }) },
  "review.markdown": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId }) },
  "review.prefillPreview": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, periodId: w.periodId, retroId: (await build.periodRetro(w, s)).id }),
  },
  "review.prefillRetro": {
    input: async (w, _who, s) => {
      // An objective graded 0.9 in the period: a "went well" card to add.
      const o = await build.objective(w, s);
      await w.db.update(objectives).set({ score: 0.9 }).where(eq(objectives.id, o.id));
      return { orgSlug: w.org.slug, periodId: w.periodId, retroId: (await build.periodRetro(w, s)).id };
    },
    audit: { entityType: "retro", action: "review_prefill" },
  },

  // retros ---------------------------------------------------------------------------------------
  "retro.list": { input: async (w) => ({ orgSlug: w.org.slug, periodId: w.periodId, departmentId: w.org.departmentIds.a }) },
  "retro.get": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retro(w, s)).id }) },
  "retro.inputs": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retro(w, s)).id }) },
  "retro.export": { input: async (w, _who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retroCard(w, s)).retro.id }) },
  "retro.templates": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "retro.create": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, title: `Q1 retro ${uid()}`, facilitatorId: s.ownerId, departmentIds: [s.departmentId], periodId: w.periodId }),
    audit: { entityType: "retro", action: "create" },
  },
  "retro.update": {
    input: async (w, _who, s) => {
      const r = await build.retro(w, s);
      return { orgSlug: w.org.slug, retroId: r.id, version: r.version, title: `Renamed retro ${uid()}`, votesPerPerson: 3 };
    },
    audit: { entityType: "retro", action: "update" },
  },
  "retro.delete": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retro(w, s)).id }),
    audit: { entityType: "retro", action: "delete" },
  },
  "retro.setPhase": {
    input: async (w, _who, s) => {
      const r = await build.retro(w, s);
      return { orgSlug: w.org.slug, retroId: r.id, version: r.version, phase: "group" };
    },
    audit: { entityType: "retro", action: "phase_group" },
  },
  "retro.reveal": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retro(w, s)).id }),
    audit: { entityType: "retro", action: "reveal" },
  },
  "retro.setTimer": {
    input: async (w, _who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retro(w, s)).id, minutes: 5 }),
    audit: { entityType: "retro", action: "timer" },
  },
  "retro.addCard": {
    input: async (w, who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retro(w, s, { participantIds: [who.userId] })).id, columnKey: "start", body: "Pair on releases" }),
    audit: { entityType: "retro", action: "card_add" },
  },
  "retro.updateCard": {
    input: async (w, who, s) => {
      const { card } = await build.retroCard(w, s, { authorId: who.userId });
      return { orgSlug: w.org.slug, cardId: card.id, version: card.version, body: "Long handovers between shifts" };
    },
    audit: { entityType: "retro", action: "card_update" },
  },
  "retro.deleteCard": {
    input: async (w, who, s) => ({ orgSlug: w.org.slug, cardId: (await build.retroCard(w, s, { authorId: who.userId })).card.id }),
    audit: { entityType: "retro", action: "card_delete" },
  },
  "retro.groupCard": {
    input: async (w, who, s) => {
      const { retro, card } = await build.retroCard(w, s, { phase: "group", participantIds: [who.userId] });
      const [other] = await w.db.insert(retroCards).values({ orgId: w.org.orgId, retroId: retro.id, columnKey: "stop", authorId: s.ownerId, body: "Unclear owners" }).returning();
      return { orgSlug: w.org.slug, cardId: other!.id, ontoCardId: card.id };
    },
    audit: { entityType: "retro", action: "card_group" },
  },
  "retro.updateGroup": {
    input: async (w, who, s) => {
      const { group } = await build.retroCard(w, s, { phase: "discuss", participantIds: [who.userId] });
      return { orgSlug: w.org.slug, groupId: group.id, version: group.version, title: "Handovers", notes: "Agreed to try a checklist." };
    },
    audit: { entityType: "retro", action: "group_update" },
  },
  "retro.vote": {
    input: async (w, who, s) => ({ orgSlug: w.org.slug, groupId: (await build.retroCard(w, s, { phase: "vote", participantIds: [who.userId] })).group.id }),
    audit: { entityType: "retro", action: "vote" },
  },
  "retro.unvote": {
    input: async (w, who, s) => {
      const { retro, group } = await build.retroCard(w, s, { phase: "vote", participantIds: [who.userId] });
      await w.db.insert(retroVotes).values({ orgId: w.org.orgId, retroId: retro.id, groupId: group.id, userId: who.userId });
      await w.db.update(retroParticipants).set({ votesUsed: 1 }).where(and(eq(retroParticipants.retroId, retro.id), eq(retroParticipants.userId, who.userId)));
      return { orgSlug: w.org.slug, groupId: group.id };
    },
    audit: { entityType: "retro", action: "unvote" },
  },
  "retro.addAction": {
    input: async (w, who, s) => ({ orgSlug: w.org.slug, retroId: (await build.retro(w, s, { phase: "actions", participantIds: [who.userId] })).id, title: "Handover checklist", ownerId: s.ownerId, dueOn: "2030-02-01" }),
    audit: { entityType: "retro", action: "action_add" },
  },
  "retro.updateAction": {
    input: async (w, who, s) => {
      const a = await build.retroAction(w, s, { participantIds: [who.userId] });
      return { orgSlug: w.org.slug, actionId: a.id, version: a.version, title: a.title, ownerId: s.ownerId, status: "in_progress" };
    },
    audit: { entityType: "retro", action: "action_update" },
  },
  "retro.deleteAction": {
    input: async (w, who, s) => ({ orgSlug: w.org.slug, actionId: (await build.retroAction(w, s, { participantIds: [who.userId] })).id }),
    audit: { entityType: "retro", action: "action_delete" },
  },
  "retro.convertAction": {
    input: async (w, who, s) => ({ orgSlug: w.org.slug, actionId: (await build.retroAction(w, s, { participantIds: [who.userId] })).id, to: "risk", category: "operational" }),
    audit: { entityType: "retro", action: "action_convert" },
  },
  "retro.createTemplate": {
    input: async (w) => ({ orgSlug: w.org.slug, name: `Sailboat ${uid()}`, columns: [{ key: "wind", label: "Wind" }, { key: "anchors", label: "Anchors" }, { key: "rocks", label: "Rocks" }] }),
    audit: { entityType: "retroTemplate", action: "create" },
  },
  "retro.deleteTemplate": {
    input: async (w) => {
      const [t] = await w.db.insert(retroTemplates).values({ orgId: w.org.orgId, name: `Tmp ${uid()}`, columns: [{ key: "a", label: "A" }] }).returning();
      return { orgSlug: w.org.slug, templateId: t!.id };
    },
    audit: { entityType: "retroTemplate", action: "delete" },
  },

  // notifications --------------------------------------------------------------------------------
  "notification.list": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "notification.markRead": {
    input: async (w, who) => ({ orgSlug: w.org.slug, ids: [(await build.notification(w, who.userId)).id] }),
    // Per-user read state, not a change to the organisation's data: deliberately not audited.
  },
  "notification.preferences": { input: async (w) => ({ orgSlug: w.org.slug }) },
  "notification.updatePreferences": {
    input: async (w) => ({ orgSlug: w.org.slug, preferences: [{ kind: "mention", inApp: true, email: false }, { kind: "weeklyDigest", inApp: false, email: false }] }),
    audit: { entityType: "membership", action: "notification_preferences" },
  },
};

/** The case of a procedure; throws (failing the suite) when a procedure has none. */
export function caseFor(path: string): Case {
  const c = CASES[path];
  if (!c) throw new Error(`No valid input for procedure "${path}" in tests/integration/_support/procedures.ts: add one.`);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Snapshot of everything an organisation owns
// ---------------------------------------------------------------------------------------------

/** Every table of the schema that has an org_id column (new domain tables are picked up automatically). */
export function orgTables(): { name: string; table: Table }[] {
  const out: { name: string; table: Table }[] = [];
  for (const [name, value] of Object.entries(schema)) {
    if (!isTable(value)) continue;
    const cols = getTableColumns(value);
    if ("orgId" in cols) out.push({ name, table: value });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A JSON snapshot of the organisation row, the rows of every org-owned table, and the users who are its
 * members, each ordered by its text form so the snapshot is stable.
 */
export async function snapshotOrg(db: Database, orgId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const dump = async (label: string, table: Table, where: ReturnType<typeof sql>) => {
    const res = await db.execute<{ j: unknown }>(sql`select coalesce(json_agg(t order by t::text), '[]'::json) as j from ${table} t where ${where}`);
    const rows = (res as unknown as { rows?: { j: unknown }[] }).rows ?? (res as unknown as { j: unknown }[]);
    out[label] = JSON.stringify(rows[0]?.j ?? null);
  };
  await dump("organizations", organizations, sql`t.id = ${orgId}`);
  for (const { name, table } of orgTables()) await dump(name, table, sql`t.org_id = ${orgId}`);
  await dump("users", users, sql`t.id in (select user_id from ${memberships} m where m.org_id = ${orgId})`);
  return out;
}

/** The table holding each audited entity type. */
export const ENTITY_TABLES: Record<string, Table> = {
  organization: organizations,
  membership: memberships,
  department: departments,
  invitation: invitations,
  period: periods,
  objective: objectives,
  keyResult: keyResults,
  initiative: initiatives,
  dependency: dependencies,
  kpi: kpis,
  approval: approvalRequests,
  delegation: approvalDelegations,
  /** Keyed by org_id (one row per organisation). */
  approvalSettings: approvalSettings,
  campaign: campaigns,
  /** Keyed by org_id (one row per organisation). */
  campaignSettings: campaignSettings,
  currencyRate: currencyRates,
  product: products,
  productStage: productStages,
  feedback: productFeedback,
  risk: risks,
  /** Keyed by org_id (one row per organisation). */
  riskSettings: riskSettings,
  retro: retros,
  retroTemplate: retroTemplates,
  apiKey: apiKeys,
  webhook: webhooks,
};

export async function countRows(db: Database, table: Table, orgId?: string): Promise<number> {
  const res = await db.execute<{ n: number }>(
    orgId ? sql`select count(*)::int as n from ${table} where org_id = ${orgId}` : sql`select count(*)::int as n from ${table}`,
  );
  const rows = (res as unknown as { rows?: { n: number }[] }).rows ?? (res as unknown as { n: number }[]);
  return Number(rows[0]!.n);
}


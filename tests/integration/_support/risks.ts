/**
 * Helpers shared by the risks-*.test.ts suites: callers per role, risks created and assessed through
 * the API, and direct reads of the rows a call must (or must not) have written.
 */
import { and, asc, eq, like } from "drizzle-orm";
import type { Database } from "@/db/client";
import { approvalRequests, approvalSteps, notifications, riskAcceptances, riskAssessments, riskKriEvents, riskKris, risks } from "@/db/schema";
import { loadActor } from "@/server/org/actor";
import { callerFor } from "../../helpers/factories";
import { makeWorld, uid, type World } from "./procedures";

export { auditRows, en, expectCode, failure } from "./products";

export interface RiskWorld {
  db: Database;
  w: World;
  /** User ids by role; memberB is a plain member of department B. */
  U: { owner: string; admin: string; manager: string; member: string; viewer: string; memberB: string };
  slug: string;
  as: (userId: string) => ReturnType<typeof callerFor>;
}

export async function riskWorld(db: Database, label: string): Promise<RiskWorld> {
  const w = await makeWorld(db, label);
  const u = w.org.users;
  const U = { owner: u.owner.id, admin: u.admin.id, manager: u.manager.id, member: u.member.id, viewer: u.viewer.id, memberB: w.other.id };
  return { db, w, U, slug: w.org.slug, as: (userId: string) => callerFor(db, userId) };
}

/** The UTC date `days` from `from` (default today), YYYY-MM-DD: the server's "today". */
export function day(days = 0, from = new Date()) {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
/** Noon UTC of a YYYY-MM-DD date, for jobs and services that take `now`. */
export const noon = (d: string) => new Date(`${d}T12:00:00Z`);

export type Scores = [il: number, ii: number, rl: number, ri: number];

/** A risk created through the API (default: by the member, owned by them, in department A, "operational"). */
export async function createRisk(
  rw: RiskWorld,
  opts: { by?: string; ownerId?: string; departmentId?: string | null; title?: string; category?: string; extra?: Record<string, unknown> } = {},
) {
  const by = opts.by ?? rw.U.member;
  return (await rw.as(by)).risk.create({
    orgSlug: rw.slug,
    title: opts.title ?? `Risk ${uid()}`,
    category: opts.category ?? "operational",
    ownerId: opts.ownerId ?? by,
    departmentId: opts.departmentId === undefined ? rw.w.org.departmentIds.a : opts.departmentId,
    ...opts.extra,
  });
}

/** Assesses a risk through the API with its current version. */
export async function assess(rw: RiskWorld, riskId: string, s: Scores, opts: { by?: string; rationale?: string } = {}) {
  const r = await riskRow(rw.db, riskId);
  return (await rw.as(opts.by ?? rw.U.member)).risk.assess({
    orgSlug: rw.slug,
    riskId,
    version: r.version,
    inherentLikelihood: s[0],
    inherentImpact: s[1],
    residualLikelihood: s[2],
    residualImpact: s[3],
    rationale: opts.rationale ?? "",
  });
}

/** A risk created and assessed through the API. */
export async function assessedRisk(rw: RiskWorld, s: Scores, opts: Parameters<typeof createRisk>[1] = {}) {
  const r = await createRisk(rw, opts);
  return assess(rw, r.id, s, { by: opts.by });
}

export async function setStatus(rw: RiskWorld, riskId: string, status: "treating" | "monitoring" | "closed" | "identified", opts: { by?: string; reason?: string; version?: number } = {}) {
  const version = opts.version ?? (await riskRow(rw.db, riskId)).version;
  return (await rw.as(opts.by ?? rw.U.member)).risk.setStatus({ orgSlug: rw.slug, riskId, version, status, reason: opts.reason ?? "" });
}

export async function riskRow(db: Database, riskId: string) {
  return (await db.select().from(risks).where(eq(risks.id, riskId)))[0]!;
}

export async function assessmentsOf(db: Database, riskId: string) {
  return db.select().from(riskAssessments).where(eq(riskAssessments.riskId, riskId)).orderBy(asc(riskAssessments.createdAt));
}

export async function acceptancesOf(db: Database, riskId: string) {
  return db.select().from(riskAcceptances).where(eq(riskAcceptances.riskId, riskId)).orderBy(asc(riskAcceptances.createdAt));
}

export async function acceptanceRequests(db: Database, riskId: string) {
  return db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.subjectType, "risk_acceptance"), eq(approvalRequests.subjectId, riskId)))
    .orderBy(asc(approvalRequests.createdAt));
}

export async function stepsOf(db: Database, requestId: string) {
  return db.select().from(approvalSteps).where(eq(approvalSteps.requestId, requestId)).orderBy(asc(approvalSteps.position));
}

export async function krisOf(db: Database, riskId: string) {
  return db.select().from(riskKris).where(eq(riskKris.riskId, riskId)).orderBy(asc(riskKris.createdAt));
}

export async function kriEventsOf(db: Database, riskId: string) {
  return db.select().from(riskKriEvents).where(eq(riskKriEvents.riskId, riskId)).orderBy(asc(riskKriEvents.createdAt));
}

/** Notifications of `kind` about this risk (their link ends with /risks/<id>). */
export async function notificationsAbout(db: Database, kind: string, riskId: string) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.kind, kind), like(notifications.link, `%/risks/${riskId}`)))
    .orderBy(asc(notifications.createdAt));
}

export async function actorOf(rw: RiskWorld, userId: string) {
  const a = await loadActor(rw.db, userId, rw.slug);
  if (!a) throw new Error("not a member");
  return a;
}

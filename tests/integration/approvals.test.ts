/**
 * The approval engine, through the tRPC caller exactly as the HTTP handler builds it, with the OKR set
 * ("objective_set", id "<periodId>:<departmentId>") as the subject: requesting, the inbox, locked
 * objectives, every decision, separation of duties and admin override, two steps, delegation, "all of"
 * steps and a handler that fails (with subjects registered by this file), SLA escalation, audit events.
 *
 * Tests of one describe build on each other and run in order. A test marked it.fails documents a
 * server bug (see its comment): it passes while the bug is there; once fixed it fails, and `.fails`
 * should be removed.
 */
import { TRPCError } from "@trpc/server";
import { and, asc, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import {
  approvalComments,
  approvalDecisions,
  approvalDelegations,
  approvalRequests,
  approvalSteps,
  auditEvents,
  departmentMembers,
  keyResults,
  notifications,
  objectives,
} from "@/db/schema";
import { fieldErrorsOf } from "@/server/api/trpc";
import { addWorkingDays, escalateOverdue, requestApproval } from "@/server/approvals/engine";
import { registerSubject, type ApprovalRequestRow } from "@/server/approvals/registry";
import { translate } from "@/server/i18n";
import { loadActor } from "@/server/org/actor";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { callerFor } from "../helpers/factories";
import { build, dayFromToday, makeWorld, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;
/** User ids by role; memberB is a plain member of department B. */
let U: { owner: string; admin: string; manager: string; member: string; viewer: string; memberB: string };
let NAMES: Record<keyof typeof U, string>;

const as = (userId: string) => callerFor(h.db, userId);
const slug = () => w.org.slug;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "appr");
  const u = w.org.users;
  U = { owner: u.owner.id, admin: u.admin.id, manager: u.manager.id, member: u.member.id, viewer: u.viewer.id, memberB: w.other.id };
  NAMES = {
    owner: "appr owner",
    admin: "appr admin",
    manager: "appr manager",
    member: "appr member",
    viewer: "appr viewer",
    memberB: "appr other",
  };
});
afterAll(async () => h?.close());

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The error a call fails with (the test fails if it succeeds). */
async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(TRPCError);
  return err as TRPCError;
}
async function expectCode(p: Promise<unknown>, code: TRPCError["code"], message?: string) {
  const e = await failure(p);
  expect(`${e.code} ${e.message}`).toBe(`${code} ${message ?? e.message}`);
  return e;
}

interface DraftSet {
  periodId: string;
  subjectId: string;
  objectiveIds: string[];
  krIds: string[];
}

/**
 * Draft objectives (each with two key results) of a department in a fresh period, created through the
 * API by `by` (default: the member of department A).
 */
async function draftSet(opts: { by?: string; departmentId?: string; count?: number } = {}): Promise<DraftSet> {
  const by = opts.by ?? U.member;
  const departmentId = opts.departmentId ?? w.org.departmentIds.a;
  const p = await build.period(w, "active");
  const c = await as(by);
  const out: DraftSet = { periodId: p.id, subjectId: `${p.id}:${departmentId}`, objectiveIds: [], krIds: [] };
  for (let i = 0; i < (opts.count ?? 2); i++) {
    const o = await c.objective.create({ orgSlug: slug(), periodId: p.id, title: `Set objective ${i}`, level: "department", ownerId: by, departmentId });
    out.objectiveIds.push(o.id);
    for (const target of [100, 50]) {
      const kr = await c.keyResult.create({ orgSlug: slug(), objectiveId: o.id, title: `KR to ${target}`, ownerId: by, type: "number", targetValue: target });
      out.krIds.push(kr.id);
    }
  }
  return out;
}

async function requestSet(set: DraftSet, by = U.member) {
  return (await as(by)).approval.request({ orgSlug: slug(), subjectType: "objective_set", subjectId: set.subjectId, comment: "Our OKRs" });
}

async function statuses(ids: string[]) {
  const rows = await h.db.select({ id: objectives.id, status: objectives.status }).from(objectives).where(inArray(objectives.id, ids));
  return ids.map((id) => rows.find((r) => r.id === id)!.status);
}
async function requestRow(id: string) {
  return (await h.db.select().from(approvalRequests).where(eq(approvalRequests.id, id)))[0]!;
}
async function stepRows(requestId: string) {
  return h.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, requestId)).orderBy(asc(approvalSteps.position));
}
async function decisionRows(requestId: string) {
  return h.db.select().from(approvalDecisions).where(eq(approvalDecisions.requestId, requestId));
}
/** Notifications about one request (their link ends with its id), per user, of one kind. */
async function notified(requestId: string, kind: string) {
  const rows = await h.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.kind, kind), like(notifications.link, `%/approvals/${requestId}`)));
  return rows.map((r) => r.userId).sort();
}
async function auditRows(entityId: string, action?: string) {
  const rows = await h.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(asc(auditEvents.id));
  return action ? rows.filter((r) => r.action === action) : rows;
}
async function waitingIds(userId: string) {
  const r = await (await as(userId)).approval.inbox({ orgSlug: slug(), box: "waiting" });
  return r.items.map((i) => i.id);
}
async function setSettings(patch: { slaDays?: number; okrTwoStep?: boolean; adminsMayOverride?: boolean }) {
  const c = await as(U.owner);
  const cur = await c.approval.settings({ orgSlug: slug() });
  return c.approval.updateSettings({
    orgSlug: slug(),
    slaDays: patch.slaDays ?? cur.slaDays,
    okrTwoStep: patch.okrTwoStep ?? cur.okrTwoStep,
    adminsMayOverride: patch.adminsMayOverride ?? cur.adminsMayOverride,
    version: cur.version,
  });
}
const sorted = (...ids: string[]) => [...ids].sort();
const alreadyDecidedBy = (name: string) => `e.approvalAlreadyDecided|by=${name}`;

// ---------------------------------------------------------------------------------------------

describe("requesting approval of a department's OKR set", () => {
  let set: DraftSet;
  let requestId: string;

  it("the member submits dept A's drafts: a pending request, objectives pending approval, the manager notified", async () => {
    set = await draftSet();
    const r = await requestSet(set);
    requestId = r.id;
    expect(r).toMatchObject({
      status: "pending",
      currentStep: 0,
      subjectType: "objective_set",
      subjectId: set.subjectId,
      requesterId: U.member,
      departmentId: w.org.departmentIds.a,
      escalatedAt: null,
      decidedAt: null,
    });
    expect(r.title).toMatch(/^Dept A · \d{4}$/);
    expect(r.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect(await statuses(set.objectiveIds)).toEqual(["pending_approval", "pending_approval"]);
    // the snapshot freezes the objectives and their key results
    const snap = r.snapshot as { objectives: { id: string; keyResults: { id: string; targetValue: number }[] }[] };
    expect(snap.objectives.map((o) => o.id).sort()).toEqual([...set.objectiveIds].sort());
    expect(snap.objectives.flatMap((o) => o.keyResults.map((k) => k.id)).sort()).toEqual([...set.krIds].sort());
    // one step: the department's managers
    const steps = await stepRows(r.id);
    expect(steps.map((s) => [s.position, s.status, s.mode, s.rule])).toEqual([
      [0, "pending", "any", { kind: "department_managers", departmentId: w.org.departmentIds.a }],
    ]);
    // the request comment
    const comments = await h.db.select().from(approvalComments).where(eq(approvalComments.requestId, r.id));
    expect(comments.map((c) => [c.authorId, c.body])).toEqual([[U.member, "Our OKRs"]]);
    // only the approver is notified, never the requester
    expect(await notified(r.id, "approvalRequested")).toEqual([U.manager]);
    const [n] = await h.db.select().from(notifications).where(and(eq(notifications.userId, U.manager), like(notifications.link, `%${r.id}`)));
    expect(n).toMatchObject({ link: `/${slug()}/approvals/${r.id}`, params: { title: r.title }, readAt: null });
    const memberList = await (await as(U.member)).notification.list({ orgSlug: slug() });
    expect(memberList.items.filter((i) => i.link.endsWith(r.id))).toEqual([]);
  });

  it("appears in the manager's inbox (waiting) and the member's (mine); counts", async () => {
    expect(await waitingIds(U.manager)).toEqual([requestId]);
    const mine = await (await as(U.member)).approval.inbox({ orgSlug: slug(), box: "mine" });
    expect(mine.items.map((i) => i.id)).toEqual([requestId]);
    expect(mine.items[0]).toMatchObject({ status: "pending", requesterName: NAMES.member, departmentName: "Dept A", stepCount: 1, overdue: false });
    expect(await waitingIds(U.member)).toEqual([]);
    for (const who of [U.owner, U.admin, U.viewer, U.memberB]) expect(await waitingIds(who)).toEqual([]);
    expect(await (await as(U.manager)).approval.counts({ orgSlug: slug() })).toEqual({ waiting: 1 });
    expect(await (await as(U.member)).approval.counts({ orgSlug: slug() })).toEqual({ waiting: 0 });
    expect(await (await as(U.admin)).approval.counts({ orgSlug: slug() })).toEqual({ waiting: 0 });
    // the manager's "all" box shows their department's requests; the viewer's only their own (none)
    const all = await (await as(U.manager)).approval.inbox({ orgSlug: slug(), box: "all" });
    expect(all.items.map((i) => i.id)).toContain(requestId);
    expect((await (await as(U.viewer)).approval.inbox({ orgSlug: slug(), box: "all" })).items).toEqual([]);
  });

  it("get: steps with approver names, what the caller may do", async () => {
    const asManager = await (await as(U.manager)).approval.get({ orgSlug: slug(), requestId });
    expect(asManager.me).toEqual({ canDecide: true, capacity: "approver", canCancel: false, isRequester: false });
    expect(asManager.steps.map((s) => s.approverNames)).toEqual([[NAMES.manager]]);
    expect(asManager.current?.map((o) => o.status)).toEqual(["pending_approval", "pending_approval"]);
    const asMember = await (await as(U.member)).approval.get({ orgSlug: slug(), requestId });
    expect(asMember.me).toEqual({ canDecide: false, capacity: null, canCancel: true, isRequester: true });
    const asViewer = await (await as(U.viewer)).approval.get({ orgSlug: slug(), requestId });
    expect(asViewer.me).toEqual({ canDecide: false, capacity: null, canCancel: false, isRequester: false });
  });

  it("the request is audited", async () => {
    const [a] = await auditRows(requestId, "request");
    expect(a).toMatchObject({ orgId: w.org.orgId, actorId: U.member, entityType: "approval" });
    expect(a!.after).toMatchObject({ subjectType: "objective_set", subjectId: set.subjectId });
  });

  it("pending objectives and their key results cannot be edited (PRECONDITION_FAILED), nothing changes", async () => {
    const member = await as(U.member);
    const manager = await as(U.manager);
    const [o] = await h.db.select().from(objectives).where(eq(objectives.id, set.objectiveIds[0]!));
    const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.id, set.krIds[0]!));
    const fields = { title: "Edited", level: "department" as const, ownerId: U.member, departmentId: w.org.departmentIds.a };
    await expectCode(member.objective.update({ orgSlug: slug(), objectiveId: o!.id, version: o!.version, ...fields }), "PRECONDITION_FAILED", "e.pendingApproval");
    await expectCode(manager.objective.delete({ orgSlug: slug(), objectiveId: o!.id }), "PRECONDITION_FAILED", "e.pendingApproval");
    const krFields = { orgSlug: slug(), keyResultId: kr!.id, version: kr!.version, ownerId: U.member, type: "number" as const };
    // neither a target change nor a title-only change
    await expectCode(member.keyResult.update({ ...krFields, title: kr!.title, targetValue: 999 }), "PRECONDITION_FAILED", "e.pendingApproval");
    await expectCode(member.keyResult.update({ ...krFields, title: "Renamed", targetValue: kr!.targetValue }), "PRECONDITION_FAILED", "e.pendingApproval");
    await expectCode(
      member.keyResult.create({ orgSlug: slug(), objectiveId: o!.id, title: "New", ownerId: U.member, type: "number", targetValue: 1 }),
      "PRECONDITION_FAILED",
      "e.pendingApproval",
    );
    await expectCode(manager.keyResult.delete({ orgSlug: slug(), keyResultId: kr!.id }), "PRECONDITION_FAILED", "e.pendingApproval");
    // a pending objective changes status only through its request
    await expectCode(
      manager.objective.setStatus({ orgSlug: slug(), objectiveId: o!.id, status: "active", version: o!.version }),
      "BAD_REQUEST",
      "e.badTransition|from=pending_approval|to=active",
    );
    expect((await h.db.select().from(objectives).where(eq(objectives.id, o!.id)))[0]).toEqual(o);
    expect((await h.db.select().from(keyResults).where(eq(keyResults.id, kr!.id)))[0]).toEqual(kr);
  });

  it("a second request for the same subject (with a new draft in it) is a CONFLICT and changes nothing", async () => {
    const member = await as(U.member);
    const extra = await member.objective.create({
      orgSlug: slug(),
      periodId: set.periodId,
      title: "Late addition",
      level: "department",
      ownerId: U.member,
      departmentId: w.org.departmentIds.a,
    });
    await expectCode(requestSet(set), "CONFLICT", "e.approvalAlreadyPending");
    await expectCode(requestSet(set, U.manager), "CONFLICT", "e.approvalAlreadyPending");
    expect(await statuses([extra.id])).toEqual(["draft"]);
    const rows = await h.db.select().from(approvalRequests).where(eq(approvalRequests.subjectId, set.subjectId));
    expect(rows.map((r) => r.id)).toEqual([requestId]);
    await (await as(U.manager)).objective.delete({ orgSlug: slug(), objectiveId: extra.id });
    // with nothing left in draft, submitting again has nothing to approve
    await expectCode(requestSet(set), "BAD_REQUEST", "e.nothingToApprove");
  });

  it("nothing in draft → BAD_REQUEST; only drafts of the named department count", async () => {
    const p = await build.period(w, "active");
    await expectCode(
      (await as(U.member)).approval.request({ orgSlug: slug(), subjectType: "objective_set", subjectId: `${p.id}:${w.org.departmentIds.a}` }),
      "BAD_REQUEST",
      "e.nothingToApprove",
    );
    const bOnly = await draftSet({ by: U.memberB, departmentId: w.org.departmentIds.b, count: 1 });
    await expectCode(
      (await as(U.admin)).approval.request({ orgSlug: slug(), subjectType: "objective_set", subjectId: `${bOnly.periodId}:${w.org.departmentIds.a}` }),
      "BAD_REQUEST",
      "e.nothingToApprove",
    );
    expect(await statuses(bOnly.objectiveIds)).toEqual(["draft"]);
  });

  it("a member of department B cannot request for department A (FORBIDDEN); the viewer holds no permission", async () => {
    const other = await draftSet({ count: 1 });
    await expectCode(requestSet(other, U.memberB), "FORBIDDEN", "e.notInDepartment");
    await expectCode(requestSet(other, U.viewer), "FORBIDDEN");
    expect(await statuses(other.objectiveIds)).toEqual(["draft"]);
    expect(await h.db.select().from(approvalRequests).where(eq(approvalRequests.subjectId, other.subjectId))).toEqual([]);
  });

  it("bad subjects: unknown type, malformed id, another org's ids, a closed period", async () => {
    const member = await as(U.member);
    await expectFieldError(member.approval.request({ orgSlug: slug(), subjectType: "invoice", subjectId: "x" }), "subjectType", "");
    await expectFieldError(member.approval.request({ orgSlug: slug(), subjectType: "objective_set", subjectId: "not-an-id" }), "subjectId", "");
    const rival = await makeWorld(h.db, "appr-rival");
    await expectCode(
      member.approval.request({ orgSlug: slug(), subjectType: "objective_set", subjectId: `${rival.periodId}:${w.org.departmentIds.a}` }),
      "NOT_FOUND",
    );
    const closed = await build.period(w, "closed");
    await build.objective(w, { ownerId: U.member, departmentId: w.org.departmentIds.a }, closed.id);
    await expectCode(
      member.approval.request({ orgSlug: slug(), subjectType: "objective_set", subjectId: `${closed.id}:${w.org.departmentIds.a}` }),
      "BAD_REQUEST",
      `e.periodClosed|period=${closed.name}`,
    );
  });
});

describe("separation of duties", () => {
  let set: DraftSet;
  let requestId: string;

  it("the department's only manager asks for their own department: they cannot decide it, the admins can", async () => {
    set = await draftSet({ by: U.manager, count: 1 });
    requestId = (await requestSet(set, U.manager)).id;
    await expectCode((await as(U.manager)).approval.decide({ orgSlug: slug(), requestId, decision: "approve" }), "FORBIDDEN", "e.ownRequest");
    await expectCode((await as(U.member)).approval.decide({ orgSlug: slug(), requestId, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    // with no other manager the step falls to the admins (not an override)
    expect((await (await as(U.admin)).approval.get({ orgSlug: slug(), requestId })).me).toMatchObject({ canDecide: true, capacity: "approver" });
    expect(await decisionRows(requestId)).toEqual([]);
    expect((await requestRow(requestId)).status).toBe("pending");
    expect(await statuses(set.objectiveIds)).toEqual(["pending_approval"]);
  });

  it("…and someone other than the requester is notified and has it waiting", async () => {
    expect((await notified(requestId, "approvalRequested")).length).toBeGreaterThan(0);
    const waiting = [...(await waitingIds(U.admin)), ...(await waitingIds(U.owner))];
    expect(waiting).toContain(requestId);
    expect(await waitingIds(U.manager)).not.toContain(requestId);
    const r = await (await as(U.admin)).approval.decide({ orgSlug: slug(), requestId, decision: "approve", comment: "" });
    expect(r.status).toBe("approved");
    expect(await statuses(set.objectiveIds)).toEqual(["approved"]);
  });

  it("with adminsMayOverride (set by the owner) an admin decides a managers' step, audited with capacity override", async () => {
    // only owners change the settings
    await expectCode(
      (await as(U.admin)).approval.updateSettings({ orgSlug: slug(), slaDays: 3, okrTwoStep: false, adminsMayOverride: true, version: 0 }),
      "FORBIDDEN",
    );
    const memberSet = await draftSet({ by: U.member, count: 1 });
    const rid = (await requestSet(memberSet, U.member)).id;
    const admin = await as(U.admin);
    expect((await admin.approval.get({ orgSlug: slug(), requestId: rid })).me).toMatchObject({ canDecide: false });
    const s = await setSettings({ adminsMayOverride: true });
    expect(s).toMatchObject({ adminsMayOverride: true, okrTwoStep: false });
    expect((await admin.approval.get({ orgSlug: slug(), requestId: rid })).me).toMatchObject({ canDecide: true, capacity: "override" });
    expect(await waitingIds(U.admin)).toContain(rid);
    // the requester still may not, even as an override
    await expectCode((await as(U.member)).approval.decide({ orgSlug: slug(), requestId: rid, decision: "approve" }), "FORBIDDEN", "e.ownRequest");
    const r = await admin.approval.decide({ orgSlug: slug(), requestId: rid, decision: "approve", comment: "Approved for the manager" });
    expect(r.status).toBe("approved");
    expect(await statuses(memberSet.objectiveIds)).toEqual(["approved"]);
    const [d] = await decisionRows(rid);
    expect(d).toMatchObject({ deciderId: U.admin, onBehalfOfId: null, decision: "approve", comment: "Approved for the manager" });
    const [a] = await auditRows(rid, "approve");
    expect(a).toMatchObject({ actorId: U.admin, before: { status: "pending", step: 0 } });
    expect(a!.after).toMatchObject({ status: "approved", capacity: "override" });
    // the settings change is audited too
    const settingsAudit = await h.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "approvalSettings"), eq(auditEvents.orgId, w.org.orgId)));
    expect(settingsAudit.at(-1)).toMatchObject({ actorId: U.owner, action: "update", after: expect.objectContaining({ adminsMayOverride: true }) });
  });

  it("an admin never decides their own request, override or not", async () => {
    const own = await draftSet({ by: U.admin, count: 1 });
    const r = await requestSet(own, U.admin);
    await expectCode((await as(U.admin)).approval.decide({ orgSlug: slug(), requestId: r.id, decision: "approve" }), "FORBIDDEN", "e.ownRequest");
    // the manager (an approver) decides it
    await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: r.id, decision: "approve" });
    expect(await statuses(own.objectiveIds)).toEqual(["approved"]);
  });

  afterAll(async () => {
    await setSettings({ adminsMayOverride: false });
  });
});

describe("decisions", () => {
  it("approve: request approved, objectives approved, targets locked until the objective is reopened", async () => {
    const set = await draftSet();
    const { id } = await requestSet(set);
    const manager = await as(U.manager);
    const r = await manager.approval.decide({ orgSlug: slug(), requestId: id, decision: "approve", comment: "" });
    expect(r).toMatchObject({ id, status: "approved", currentStep: 0, version: 2 });
    expect(r.decidedAt).toBeInstanceOf(Date);
    expect((await stepRows(id)).map((s) => s.status)).toEqual(["approved"]);
    expect(await statuses(set.objectiveIds)).toEqual(["approved", "approved"]);
    expect(await notified(id, "approval_approved")).toEqual([U.member]);
    expect(await waitingIds(U.manager)).not.toContain(id);
    const [d] = await decisionRows(id);
    expect(d).toMatchObject({ deciderId: U.manager, onBehalfOfId: null, decision: "approve" });
    const [a] = await auditRows(id, "approve");
    expect(a).toMatchObject({ actorId: U.manager, entityType: "approval" });
    expect(a!.after).toMatchObject({ status: "approved", capacity: "approver" });

    // targets are locked; other KR edits are not
    const member = await as(U.member);
    const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.id, set.krIds[0]!));
    const base = { orgSlug: slug(), keyResultId: kr!.id, ownerId: U.member, type: "number" as const, title: kr!.title };
    await expectCode(member.keyResult.update({ ...base, version: kr!.version, targetValue: 120 }), "PRECONDITION_FAILED", "e.targetLocked");
    await expectCode(member.keyResult.update({ ...base, version: kr!.version, targetValue: 100, weight: 3 }), "PRECONDITION_FAILED", "e.targetLocked");
    await expectCode(
      member.keyResult.create({ orgSlug: slug(), objectiveId: set.objectiveIds[0]!, title: "More", ownerId: U.member, type: "number", targetValue: 1 }),
      "PRECONDITION_FAILED",
      "e.targetLocked",
    );
    const renamed = await member.keyResult.update({ ...base, version: kr!.version, title: "Renamed KR", targetValue: 100 });
    expect(renamed).toMatchObject({ title: "Renamed KR", targetValue: 100 });
    // it also stays locked once active
    const [o] = await h.db.select().from(objectives).where(eq(objectives.id, set.objectiveIds[0]!));
    const active = await member.objective.setStatus({ orgSlug: slug(), objectiveId: o!.id, status: "active", version: o!.version });
    await expectCode(member.keyResult.update({ ...base, version: renamed.version, title: "Renamed KR", targetValue: 120 }), "PRECONDITION_FAILED", "e.targetLocked");
    // reopening as draft unlocks the targets (and needs a new approval)
    const reopened = await member.objective.setStatus({ orgSlug: slug(), objectiveId: o!.id, status: "draft", version: active.version });
    expect(reopened.status).toBe("draft");
    const changed = await member.keyResult.update({ ...base, version: renamed.version, title: "Renamed KR", targetValue: 120 });
    expect(changed.targetValue).toBe(120);
  });

  it("deciding a decided request is a CONFLICT naming the first decider", async () => {
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    const manager = await as(U.manager);
    await manager.approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
    for (const decision of ["approve", "reject"] as const) {
      const e = await expectCode(manager.approval.decide({ orgSlug: slug(), requestId: id, decision, comment: "again" }), "CONFLICT", alreadyDecidedBy(NAMES.manager));
      expect(translate("en", e.message)).toBe(`This request was already decided by ${NAMES.manager}. Reload to see the decision.`);
    }
    expect(await decisionRows(id)).toHaveLength(1);
    expect(await auditRows(id, "approve")).toHaveLength(1);
    expect(await statuses(set.objectiveIds)).toEqual(["approved"]);
  });

  it("a decision for a step the request has left (step given) is a CONFLICT", async () => {
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    await expectCode((await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve", step: 1 }), "CONFLICT");
    expect((await requestRow(id)).status).toBe("pending");
    const r = await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve", step: 0 });
    expect(r.status).toBe("approved");
  });

  it("reject needs a comment (field error), then sends the objectives back to draft and tells the requester", async () => {
    const set = await draftSet();
    const { id } = await requestSet(set);
    const manager = await as(U.manager);
    await expectFieldError(manager.approval.decide({ orgSlug: slug(), requestId: id, decision: "reject" }), "comment", "Add a comment");
    await expectFieldError(manager.approval.decide({ orgSlug: slug(), requestId: id, decision: "reject", comment: "   " }), "comment", "Add a comment");
    expect((await requestRow(id)).status).toBe("pending");
    expect(await decisionRows(id)).toEqual([]);
    const r = await manager.approval.decide({ orgSlug: slug(), requestId: id, decision: "reject", comment: "Too timid" });
    expect(r).toMatchObject({ status: "rejected" });
    expect((await stepRows(id)).map((s) => s.status)).toEqual(["rejected"]);
    expect(await statuses(set.objectiveIds)).toEqual(["draft", "draft"]);
    expect(await notified(id, "approval_rejected")).toEqual([U.member]);
    expect((await decisionRows(id)).map((d) => [d.decision, d.comment])).toEqual([["reject", "Too timid"]]);
    expect((await auditRows(id, "reject"))[0]!.after).toMatchObject({ status: "rejected", comment: "Too timid" });
    // drafts again: editable, and the set can be submitted anew
    const [o] = await h.db.select().from(objectives).where(eq(objectives.id, set.objectiveIds[0]!));
    await (await as(U.member)).objective.update({
      orgSlug: slug(),
      objectiveId: o!.id,
      version: o!.version,
      title: "Bolder",
      level: "department",
      ownerId: U.member,
      departmentId: w.org.departmentIds.a,
    });
    const again = await requestSet(set);
    expect(again.id).not.toBe(id);
    expect(await statuses(set.objectiveIds)).toEqual(["pending_approval", "pending_approval"]);
  });

  it("request_changes needs a comment, then → changes_requested, objectives draft", async () => {
    const set = await draftSet();
    const { id } = await requestSet(set);
    const manager = await as(U.manager);
    await expectFieldError(manager.approval.decide({ orgSlug: slug(), requestId: id, decision: "request_changes" }), "comment", "Add a comment");
    const r = await manager.approval.decide({ orgSlug: slug(), requestId: id, decision: "request_changes", comment: "Split KR 2" });
    expect(r.status).toBe("changes_requested");
    expect((await stepRows(id)).map((s) => s.status)).toEqual(["changes_requested"]);
    expect(await statuses(set.objectiveIds)).toEqual(["draft", "draft"]);
    expect(await notified(id, "approval_changes_requested")).toEqual([U.member]);
    expect(await auditRows(id, "request_changes")).toHaveLength(1);
  });

  it("cancel: only the requester (or an admin); → cancelled, objectives draft, steps cancelled; audited", async () => {
    const set = await draftSet();
    const { id } = await requestSet(set);
    await expectCode((await as(U.manager)).approval.cancel({ orgSlug: slug(), requestId: id }), "FORBIDDEN", "e.onlyRequesterCancels");
    await expectCode((await as(U.viewer)).approval.cancel({ orgSlug: slug(), requestId: id }), "FORBIDDEN");
    expect((await requestRow(id)).status).toBe("pending");
    const r = await (await as(U.member)).approval.cancel({ orgSlug: slug(), requestId: id });
    expect(r).toMatchObject({ status: "cancelled" });
    expect((await stepRows(id)).map((s) => s.status)).toEqual(["cancelled"]);
    expect(await statuses(set.objectiveIds)).toEqual(["draft", "draft"]);
    const [a] = await auditRows(id, "cancel");
    expect(a).toMatchObject({ actorId: U.member, before: { status: "pending" }, after: { status: "cancelled" } });
    // a withdrawn request cannot be decided or withdrawn again
    await expectCode((await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "CONFLICT");
    await expectCode((await as(U.member)).approval.cancel({ orgSlug: slug(), requestId: id }), "CONFLICT");
    expect(await decisionRows(id)).toEqual([]);
    // an admin may withdraw someone else's request
    const { id: id2 } = await requestSet(set);
    expect((await (await as(U.admin)).approval.cancel({ orgSlug: slug(), requestId: id2 })).status).toBe("cancelled");
    expect(await statuses(set.objectiveIds)).toEqual(["draft", "draft"]);
  });

  it("non-approvers are FORBIDDEN (viewer, a member of dept B, a member of dept A) and write nothing", async () => {
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    const before = await auditRows(id);
    await expectCode((await as(U.viewer)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN");
    await expectCode((await as(U.memberB)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    await expectCode(
      (await as(U.memberB)).approval.decide({ orgSlug: slug(), requestId: id, decision: "reject", comment: "no" }),
      "FORBIDDEN",
      "e.notAnApprover",
    );
    const dept = await h.db.select().from(departmentMembers).where(eq(departmentMembers.userId, U.owner));
    expect(dept).toEqual([]);
    await expectCode((await as(U.owner)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    expect(await decisionRows(id)).toEqual([]);
    expect(await auditRows(id)).toEqual(before);
    expect((await requestRow(id)).status).toBe("pending");
    await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
  });

  it("comments: anyone in the org may comment; the requester is notified; audited", async () => {
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    await (await as(U.manager)).approval.comment({ orgSlug: slug(), requestId: id, body: "Why 50?" });
    expect(await notified(id, "approvalComment")).toEqual([U.member]);
    await (await as(U.member)).approval.comment({ orgSlug: slug(), requestId: id, body: "Because." });
    expect(await notified(id, "approvalComment")).toEqual([U.member]);
    const got = await (await as(U.viewer)).approval.get({ orgSlug: slug(), requestId: id });
    expect(got.comments.map((c) => [c.authorName, c.body])).toEqual([
      [NAMES.member, "Our OKRs"],
      [NAMES.manager, "Why 50?"],
      [NAMES.member, "Because."],
    ]);
    expect(await auditRows(id, "comment")).toHaveLength(2);
    await (await as(U.member)).approval.cancel({ orgSlug: slug(), requestId: id });
  });
});

describe("two steps (okrTwoStep)", () => {
  beforeAll(async () => {
    await setSettings({ okrTwoStep: true });
  });
  afterAll(async () => {
    await setSettings({ okrTwoStep: false });
  });

  it("manager, then an admin: step 1 keeps it pending and notifies admins; step 2 approves", async () => {
    const set = await draftSet();
    const { id } = await requestSet(set);
    const steps = await stepRows(id);
    expect(steps.map((s) => [s.status, s.rule])).toEqual([
      ["pending", { kind: "department_managers", departmentId: w.org.departmentIds.a }],
      ["waiting", { kind: "role", roles: ["admin", "owner"] }],
    ]);
    expect(await notified(id, "approvalRequested")).toEqual([U.manager]);
    // the admin step is not open yet
    await expectCode((await as(U.admin)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    expect(await waitingIds(U.admin)).not.toContain(id);

    const r1 = await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve", step: 0 });
    expect(r1).toMatchObject({ status: "pending", currentStep: 1 });
    expect((await stepRows(id)).map((s) => s.status)).toEqual(["approved", "pending"]);
    expect(await statuses(set.objectiveIds)).toEqual(["pending_approval", "pending_approval"]);
    expect(await notified(id, "approvalRequested")).toEqual(sorted(U.manager, U.admin, U.owner));
    expect(await notified(id, "approval_approved")).toEqual([]);
    expect(await waitingIds(U.admin)).toContain(id);
    expect(await waitingIds(U.manager)).not.toContain(id);
    // the manager is not an approver of step 2; a stale step-0 decision is a conflict
    await expectCode((await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    await expectCode((await as(U.admin)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve", step: 0 }), "CONFLICT", alreadyDecidedBy(NAMES.manager));
    expect((await auditRows(id, "approve"))[0]!.after).toMatchObject({ status: "pending", step: 1 });

    const r2 = await (await as(U.admin)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve", step: 1 });
    expect(r2).toMatchObject({ status: "approved", currentStep: 1 });
    expect((await stepRows(id)).map((s) => s.status)).toEqual(["approved", "approved"]);
    expect(await statuses(set.objectiveIds)).toEqual(["approved", "approved"]);
    expect(await notified(id, "approval_approved")).toEqual([U.member]);
    expect((await decisionRows(id)).map((d) => d.deciderId).sort()).toEqual(sorted(U.manager, U.admin));
  });

  it("a rejection at step 2 sends the set back to draft", async () => {
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
    const r = await (await as(U.owner)).approval.decide({ orgSlug: slug(), requestId: id, decision: "reject", comment: "Not this quarter" });
    expect(r).toMatchObject({ status: "rejected", currentStep: 1 });
    expect((await stepRows(id)).map((s) => s.status)).toEqual(["approved", "rejected"]);
    expect(await statuses(set.objectiveIds)).toEqual(["draft"]);
  });

  it("a second manager who loses the race for step 1 (sending no step) is told who decided, not FORBIDDEN", async () => {
    const second = await build.member(w, "manager");
    await h.db.insert(departmentMembers).values({ orgId: w.org.orgId, departmentId: w.org.departmentIds.a, userId: second.userId, isManager: true });
    try {
      const set = await draftSet({ count: 1 });
      const { id } = await requestSet(set);
      await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
      // The request has moved on to the admins' step; the other manager's click arrives just after.
      await expectCode((await as(second.userId)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "CONFLICT", alreadyDecidedBy(NAMES.manager));
      // Someone who never could decide step 1 or 2 is still FORBIDDEN.
      await expectCode((await as(U.memberB)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
      expect((await decisionRows(id)).map((d) => d.deciderId)).toEqual([U.manager]);
    } finally {
      await h.db.delete(departmentMembers).where(eq(departmentMembers.userId, second.userId));
    }
  });

  it("a department without managers has the admin step only", async () => {
    const set = await draftSet({ by: U.memberB, departmentId: w.org.departmentIds.b, count: 1 });
    const { id } = await requestSet(set, U.memberB);
    expect((await stepRows(id)).map((s) => s.rule)).toEqual([{ kind: "role", roles: ["admin", "owner"] }]);
    expect(await notified(id, "approvalRequested")).toEqual(sorted(U.admin, U.owner));
    expect((await (await as(U.owner)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" })).status).toBe("approved");
  });
});

describe("delegation", () => {
  let delegationId: string;

  it("is validated: not to oneself, only to members, a real range; members may not delegate", async () => {
    const manager = await as(U.manager);
    await expectFieldError(manager.approval.delegate({ orgSlug: slug(), delegateId: U.manager, startsOn: dayFromToday(0), endsOn: dayFromToday(1) }), "delegateId", "");
    const rival = await makeWorld(h.db, "appr-deleg");
    await expectFieldError(
      manager.approval.delegate({ orgSlug: slug(), delegateId: rival.org.users.admin.id, startsOn: dayFromToday(0), endsOn: dayFromToday(1) }),
      "delegateId",
      "",
    );
    await expectFieldError(manager.approval.delegate({ orgSlug: slug(), delegateId: U.memberB, startsOn: dayFromToday(2), endsOn: dayFromToday(1) }), "endsOn", "");
    await expectCode(
      (await as(U.member)).approval.delegate({ orgSlug: slug(), delegateId: U.memberB, startsOn: dayFromToday(0), endsOn: dayFromToday(1) }),
      "FORBIDDEN",
    );
    expect(await h.db.select().from(approvalDelegations).where(eq(approvalDelegations.orgId, w.org.orgId))).toEqual([]);
  });

  it("a delegation in the past or in the future gives no power", async () => {
    const manager = await as(U.manager);
    await manager.approval.delegate({ orgSlug: slug(), delegateId: U.memberB, startsOn: dayFromToday(-10), endsOn: dayFromToday(-5) });
    await manager.approval.delegate({ orgSlug: slug(), delegateId: U.memberB, startsOn: dayFromToday(2), endsOn: dayFromToday(5) });
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    expect(await notified(id, "approvalRequested")).toEqual([U.manager]);
    expect(await waitingIds(U.memberB)).toEqual([]);
    await expectCode((await as(U.memberB)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    // the past one is no longer listed, the future one is
    const list = await (await as(U.memberB)).approval.delegations({ orgSlug: slug() });
    expect(list.map((d) => [d.startsOn, d.delegatorName, d.delegateName, d.mine])).toEqual([[dayFromToday(2), NAMES.manager, NAMES.memberB, false]]);
    await (await as(U.member)).approval.cancel({ orgSlug: slug(), requestId: id });
  });

  it("the manager delegates to a member of dept B for a range including today: audited, listed", async () => {
    const d = await (await as(U.manager)).approval.delegate({ orgSlug: slug(), delegateId: U.memberB, startsOn: dayFromToday(-1), endsOn: dayFromToday(1) });
    delegationId = d.id;
    expect(d).toMatchObject({ delegatorId: U.manager, delegateId: U.memberB, revokedAt: null });
    const [a] = await auditRows(d.id, "create");
    expect(a).toMatchObject({ actorId: U.manager, entityType: "delegation", after: expect.objectContaining({ delegateId: U.memberB }) });
    const list = await (await as(U.manager)).approval.delegations({ orgSlug: slug() });
    expect(list.filter((x) => x.id === d.id).map((x) => [x.mine, x.delegateName])).toEqual([[true, NAMES.memberB]]);
  });

  it("the delegate is notified, sees it waiting and decides on behalf of the manager (audit: capacity delegate)", async () => {
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    expect(await notified(id, "approvalRequested")).toEqual(sorted(U.manager, U.memberB));
    // everything waiting for the manager (earlier requests are still pending too) now waits for the delegate
    const managerWaiting = await waitingIds(U.manager);
    expect(managerWaiting).toContain(id);
    expect(sorted(...(await waitingIds(U.memberB)))).toEqual(sorted(...managerWaiting));
    expect(await (await as(U.memberB)).approval.counts({ orgSlug: slug() })).toEqual({ waiting: managerWaiting.length });
    const memberB = await as(U.memberB);
    expect((await memberB.approval.get({ orgSlug: slug(), requestId: id })).me).toMatchObject({ canDecide: true, capacity: "delegate" });
    const r = await memberB.approval.decide({ orgSlug: slug(), requestId: id, decision: "approve", comment: "For the manager" });
    expect(r.status).toBe("approved");
    expect(await statuses(set.objectiveIds)).toEqual(["approved"]);
    const [d] = await decisionRows(id);
    expect(d).toMatchObject({ deciderId: U.memberB, onBehalfOfId: U.manager, decision: "approve" });
    const got = await memberB.approval.get({ orgSlug: slug(), requestId: id });
    expect(got.decisions.map((x) => [x.deciderName, x.onBehalfOfName])).toEqual([[NAMES.memberB, NAMES.manager]]);
    const [a] = await auditRows(id, "approve");
    expect(a).toMatchObject({ actorId: U.memberB });
    expect(a!.after).toMatchObject({ capacity: "delegate", onBehalfOf: U.manager });
    // the manager still decides their own approvals while away
    const set2 = await draftSet({ count: 1 });
    const { id: id2 } = await requestSet(set2);
    expect((await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id2, decision: "approve" })).status).toBe("approved");
  });

  it("the delegate never decides on behalf of the requester (the manager's own request)", async () => {
    const set = await draftSet({ by: U.manager, count: 1 });
    const { id } = await requestSet(set, U.manager);
    await expectCode((await as(U.memberB)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    expect(await waitingIds(U.memberB)).not.toContain(id);
    await (await as(U.manager)).approval.cancel({ orgSlug: slug(), requestId: id });
  });

  it("only the delegator revokes; a revoked delegation gives no power; audited", async () => {
    await expectCode((await as(U.admin)).approval.revokeDelegation({ orgSlug: slug(), delegationId }), "NOT_FOUND");
    const set = await draftSet({ count: 1 });
    const { id } = await requestSet(set);
    await (await as(U.manager)).approval.revokeDelegation({ orgSlug: slug(), delegationId });
    const [row] = await h.db.select().from(approvalDelegations).where(eq(approvalDelegations.id, delegationId));
    expect(row!.revokedAt).toBeInstanceOf(Date);
    expect(await auditRows(delegationId, "revoke")).toHaveLength(1);
    expect(await waitingIds(U.memberB)).toEqual([]);
    await expectCode((await as(U.memberB)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN", "e.notAnApprover");
    await expectCode((await as(U.manager)).approval.revokeDelegation({ orgSlug: slug(), delegationId }), "NOT_FOUND");
    expect(await decisionRows(id)).toEqual([]);
    await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
  });
});

// ---------------------------------------------------------------------------------------------
// Subjects registered by this test: "all of" steps, and a handler whose onApproved fails
// ---------------------------------------------------------------------------------------------

const ALL_OF = "test_all_of";
const FAILING = "test_failing";
const handled = { approved: [] as string[], rejected: [] as string[], cancelled: [] as string[] };
let failOnApprove = true;

function testSubject(steps: () => { rule: { kind: "users"; userIds: string[] }; mode?: "any" | "all" }[], onApproved: (r: ApprovalRequestRow) => void) {
  return {
    async assertMayRequest() {},
    async describe(_tx: unknown, _actor: unknown, subjectId: string) {
      return { title: `Test ${subjectId}`, departmentId: null, snapshot: { subjectId }, link: "/" };
    },
    async steps() {
      return steps();
    },
    async onApproved(_tx: unknown, _actor: unknown, r: ApprovalRequestRow) {
      onApproved(r);
    },
    async onRejected(_tx: unknown, _actor: unknown, r: ApprovalRequestRow, d: string) {
      handled.rejected.push(`${r.id}:${d}`);
    },
    async onCancelled(_tx: unknown, _actor: unknown, r: ApprovalRequestRow) {
      handled.cancelled.push(r.id);
    },
  };
}

describe("'all of' steps (a test subject)", () => {
  let requestId: string;

  beforeAll(() => {
    registerSubject(ALL_OF, testSubject(() => [{ rule: { kind: "users", userIds: [U.manager, U.admin] }, mode: "all" }], (r) => handled.approved.push(r.id)));
  });

  const ask = async (by: string, id: string) =>
    (await as(by)).approval.request({ orgSlug: slug(), subjectType: ALL_OF, subjectId: id });

  it("both named users are notified; one approval keeps it pending", async () => {
    requestId = (await ask(U.member, "all-1")).id;
    expect(await notified(requestId, "approvalRequested")).toEqual(sorted(U.manager, U.admin));
    expect((await stepRows(requestId)).map((s) => [s.mode, s.status])).toEqual([["all", "pending"]]);
    const r = await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId, decision: "approve" });
    expect(r).toMatchObject({ status: "pending", currentStep: 0 });
    expect((await stepRows(requestId)).map((s) => s.status)).toEqual(["pending"]);
    expect(handled.approved).toEqual([]);
    expect(await notified(requestId, "approval_approved")).toEqual([]);
    expect((await auditRows(requestId, "approve"))[0]!.after).toMatchObject({ status: "pending", capacity: "approver" });
    // approving twice is a conflict, not a second vote
    await expectCode((await as(U.manager)).approval.decide({ orgSlug: slug(), requestId, decision: "approve" }), "CONFLICT", "e.approvalYouDecided");
    expect(await waitingIds(U.admin)).toContain(requestId);
  });

  /**
   * SERVER BUG (server/approvals/queries.ts waitingForMe(), and capacityFor() in engine.ts line 170):
   * in an "all" step, an approver who has already approved is still counted as someone the request
   * waits for (the inbox "waiting" box, the sidebar count) and get() still says canDecide — yet their
   * second decision is refused as "already decided". Fix: skip approvers (or delegators) who already
   * have a decision on the current step.
   */
  it("…and is no longer waiting for the approver who already approved", async () => {
    expect(await waitingIds(U.manager)).not.toContain(requestId);
    expect((await (await as(U.manager)).approval.get({ orgSlug: slug(), requestId })).me.canDecide).toBe(false);
  });

  it("the second approval completes it, and the handler applies it once", async () => {
    const r = await (await as(U.admin)).approval.decide({ orgSlug: slug(), requestId, decision: "approve" });
    expect(r.status).toBe("approved");
    expect((await stepRows(requestId)).map((s) => s.status)).toEqual(["approved"]);
    expect(handled.approved).toEqual([requestId]);
    expect(await notified(requestId, "approval_approved")).toEqual([U.member]);
    expect((await decisionRows(requestId)).map((d) => d.deciderId).sort()).toEqual(sorted(U.manager, U.admin));
  });

  it("one rejection ends an 'all of' step", async () => {
    const { id } = await ask(U.member, "all-2");
    const r = await (await as(U.admin)).approval.decide({ orgSlug: slug(), requestId: id, decision: "reject", comment: "No" });
    expect(r.status).toBe("rejected");
    expect(handled.rejected).toEqual([`${id}:reject`]);
    await expectCode((await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "CONFLICT", alreadyDecidedBy(NAMES.admin));
  });

  it("a requester named in the step is not waited for", async () => {
    const { id } = await ask(U.manager, "all-3");
    expect(await notified(id, "approvalRequested")).toEqual([U.admin]);
    const r = await (await as(U.admin)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
    expect(r.status).toBe("approved");
  });

  it("a delegate's approval counts for the approver they stand in for", async () => {
    const d = await (await as(U.manager)).approval.delegate({ orgSlug: slug(), delegateId: U.viewer, startsOn: dayFromToday(0), endsOn: dayFromToday(0) });
    const { id } = await ask(U.member, "all-4");
    // the viewer holds no approval.decide permission at all: a delegation does not grant it
    await expectCode((await as(U.viewer)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "FORBIDDEN");
    await (await as(U.manager)).approval.revokeDelegation({ orgSlug: slug(), delegationId: d.id });
    const d2 = await (await as(U.manager)).approval.delegate({ orgSlug: slug(), delegateId: U.memberB, startsOn: dayFromToday(0), endsOn: dayFromToday(0) });
    await (await as(U.memberB)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
    expect((await requestRow(id)).status).toBe("pending");
    const r = await (await as(U.admin)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
    expect(r.status).toBe("approved");
    await (await as(U.manager)).approval.revokeDelegation({ orgSlug: slug(), delegationId: d2.id });
  });
});

describe("a handler that fails on approval (a test subject)", () => {
  beforeAll(() => {
    registerSubject(
      FAILING,
      testSubject(
        () => [{ rule: { kind: "users", userIds: [U.manager] } }],
        (r) => {
          if (failOnApprove) throw new Error("subject refused the change");
          handled.approved.push(r.id);
        },
      ),
    );
  });

  it("rolls the decision back: still pending, no decision row, no audit event, no notification", async () => {
    const { id } = await (await as(U.member)).approval.request({ orgSlug: slug(), subjectType: FAILING, subjectId: "f-1" });
    const auditBefore = await auditRows(id);
    await expectCode((await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" }), "INTERNAL_SERVER_ERROR");
    expect(await requestRow(id)).toMatchObject({ status: "pending", currentStep: 0, decidedAt: null, version: 1 });
    expect((await stepRows(id)).map((s) => [s.status, s.decidedAt])).toEqual([["pending", null]]);
    expect(await decisionRows(id)).toEqual([]);
    expect(await auditRows(id)).toEqual(auditBefore);
    expect(await notified(id, "approval_approved")).toEqual([]);
    // once the subject accepts, the same decision goes through
    failOnApprove = false;
    const r = await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: id, decision: "approve" });
    expect(r.status).toBe("approved");
    expect(handled.approved).toContain(id);
    expect(await decisionRows(id)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe("working days and SLA escalation", () => {
  it("addWorkingDays skips weekends", () => {
    // 2025-01-03 is a Friday
    const fri = new Date("2025-01-03T10:00:00Z");
    expect(addWorkingDays(fri, 1).toISOString()).toBe("2025-01-06T10:00:00.000Z");
    expect(addWorkingDays(fri, 3).toISOString()).toBe("2025-01-08T10:00:00.000Z");
    expect(addWorkingDays(fri, 5).toISOString()).toBe("2025-01-10T10:00:00.000Z");
    expect(addWorkingDays(new Date("2025-01-04T10:00:00Z"), 1).toISOString()).toBe("2025-01-06T10:00:00.000Z"); // Saturday
    expect(addWorkingDays(new Date("2025-01-05T10:00:00Z"), 1).toISOString()).toBe("2025-01-06T10:00:00.000Z"); // Sunday
    expect(addWorkingDays(new Date("2025-01-08T10:00:00Z"), 5).toISOString()).toBe("2025-01-15T10:00:00.000Z"); // Wed → Wed
    expect(addWorkingDays(fri, 0).toISOString()).toBe(fri.toISOString());
  });

  let requestId: string;
  const FRI = new Date("2025-01-03T10:00:00Z");

  it("a request made on a Friday is due three working days later", async () => {
    const set = await draftSet({ count: 1 });
    const actor = (await loadActor(h.db, U.member, slug()))!;
    const r = await requestApproval(h.db, actor, { subjectType: "objective_set", subjectId: set.subjectId }, FRI);
    requestId = r.id;
    expect(r.dueAt.toISOString()).toBe("2025-01-08T10:00:00.000Z");
  });

  it("nothing escalates before the due date", async () => {
    expect(await escalateOverdue(h.db, new Date("2025-01-08T09:59:00Z"))).toEqual({ escalated: 0 });
    expect((await requestRow(requestId)).escalatedAt).toBeNull();
  });

  it("past the due date it escalates once: to admins, step marked, admins and requester notified, new due date", async () => {
    const now = new Date("2025-01-09T12:00:00Z"); // Thursday
    const before = await requestRow(requestId);
    expect(await escalateOverdue(h.db, now)).toEqual({ escalated: 1 });
    const after = await requestRow(requestId);
    expect(after).toMatchObject({ status: "pending", currentStep: 0 });
    expect(after.escalatedAt!.toISOString()).toBe(now.toISOString());
    expect(after.dueAt.toISOString()).toBe("2025-01-14T12:00:00.000Z");
    expect(after.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime());
    const [step] = await stepRows(requestId);
    expect(step).toMatchObject({ escalated: true, status: "pending", rule: { kind: "role", roles: ["admin", "owner"] } });
    expect(await notified(requestId, "approvalEscalated")).toEqual(sorted(U.admin, U.owner));
    expect(await notified(requestId, "approvalOverdue")).toEqual([U.member]);
    const [a] = await auditRows(requestId, "escalate");
    expect(a).toMatchObject({ actorId: null, entityType: "approval", after: { rule: { kind: "role", roles: ["admin", "owner"] } } });
    expect(a!.before).toEqual({ rule: { kind: "department_managers", departmentId: w.org.departmentIds.a } });
  });

  it("a second run escalates nothing (idempotent), even past the new due date", async () => {
    const snapshot = await requestRow(requestId);
    expect(await escalateOverdue(h.db, new Date("2025-01-09T12:00:00Z"))).toEqual({ escalated: 0 });
    expect(await escalateOverdue(h.db, new Date("2025-02-01T12:00:00Z"))).toEqual({ escalated: 0 });
    expect(await requestRow(requestId)).toEqual(snapshot);
    expect(await notified(requestId, "approvalEscalated")).toEqual(sorted(U.admin, U.owner));
    expect(await auditRows(requestId, "escalate")).toHaveLength(1);
  });

  it("the escalated step is decided by an admin; the overdue flag shows in the inbox", async () => {
    // (its new due date, in 2025, is long past by the real clock)
    const mine = await (await as(U.member)).approval.inbox({ orgSlug: slug(), box: "mine", status: "pending" });
    expect(mine.items.find((i) => i.id === requestId)).toMatchObject({ overdue: true, escalatedAt: new Date("2025-01-09T12:00:00Z") });
    expect(mine.items.filter((i) => i.id !== requestId).every((i) => !i.overdue)).toBe(true);
    expect(await waitingIds(U.admin)).toContain(requestId);
    // the step now belongs to the admins: the manager is no longer asked
    expect(await waitingIds(U.manager)).not.toContain(requestId);
    const r = await (await as(U.admin)).approval.decide({ orgSlug: slug(), requestId, decision: "approve" });
    expect(r.status).toBe("approved");
  });
});

describe("audit trail and notifications", () => {
  it("request, decisions, cancel, comment, delegation and settings changes are all in the audit log", async () => {
    const rows = await h.db.select().from(auditEvents).where(eq(auditEvents.orgId, w.org.orgId));
    const seen = new Set(rows.map((r) => `${r.entityType}.${r.action}`));
    for (const k of [
      "approval.request",
      "approval.approve",
      "approval.reject",
      "approval.request_changes",
      "approval.cancel",
      "approval.comment",
      "approval.escalate",
      "delegation.create",
      "delegation.revoke",
      "approvalSettings.update",
    ]) {
      expect(seen.has(k), k).toBe(true);
    }
    // every approval event names a request of this org
    const ids = [...new Set(rows.filter((r) => r.entityType === "approval").map((r) => r.entityId))];
    const found = await h.db.select({ id: approvalRequests.id, orgId: approvalRequests.orgId }).from(approvalRequests).where(inArray(approvalRequests.id, ids));
    expect(found).toHaveLength(ids.length);
    expect(found.every((f) => f.orgId === w.org.orgId)).toBe(true);
  });

  it("notification.list shows the caller's own notifications; markRead clears the unread count", async () => {
    const manager = await as(U.manager);
    const list = await manager.notification.list({ orgSlug: slug() });
    expect(list.unread).toBeGreaterThan(0);
    expect(list.items.every((n) => n.userId === U.manager && n.orgId === w.org.orgId)).toBe(true);
    await manager.notification.markRead({ orgSlug: slug(), ids: [list.items[0]!.id] });
    expect((await manager.notification.list({ orgSlug: slug() })).unread).toBe(list.unread - 1);
    await manager.notification.markRead({ orgSlug: slug() });
    expect((await manager.notification.list({ orgSlug: slug() })).unread).toBe(0);
    // the member's stay unread
    expect((await (await as(U.member)).notification.list({ orgSlug: slug() })).unread).toBeGreaterThan(0);
    const bad = await failure(manager.notification.markRead({ orgSlug: slug(), ids: ["nope"] }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(bad) ?? {})).toEqual(["ids.0"]);
  });
});

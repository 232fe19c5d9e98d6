/**
 * Risk acceptance through the approvals engine (subject "risk_acceptance"): what a request needs
 * (justification, a future expiry, an assessed risk above appetite), one step for a high risk and two
 * (department manager, then admin) for a critical one, the decision snapshot, rejection and withdrawal,
 * the pending-request locks, and expiry by the scheduled job (idempotent).
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditEvents, riskAcceptances, risks } from "@/db/schema";
import type { AcceptanceSnapshot } from "@/server/risks/approval";
import { runRiskJobs } from "@/server/risks/jobs";
import { runJobs } from "@/server/jobs";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import {
  acceptanceRequests,
  acceptancesOf,
  assess,
  assessedRisk,
  auditRows,
  createRisk,
  day,
  expectCode,
  noon,
  notificationsAbout,
  riskRow,
  riskWorld,
  setStatus,
  stepsOf,
  type RiskWorld,
} from "./_support/risks";

let h: DbHandle;
let rw: RiskWorld;

beforeAll(async () => {
  h = await createTestDb();
  rw = await riskWorld(h.db, "riskacc");
});
afterAll(async () => h?.close());

const HIGH = [5, 4, 4, 3] as const; // residual 12: high, above appetite 9
const CRITICAL = [5, 5, 4, 4] as const; // residual 16: critical

async function request(riskId: string, opts: { by?: string; justification?: string; expiresOn?: string; version?: number } = {}) {
  const version = opts.version ?? (await riskRow(h.db, riskId)).version;
  return (await rw.as(opts.by ?? rw.U.member)).risk.requestAcceptance({
    orgSlug: rw.slug,
    riskId,
    version,
    justification: opts.justification ?? "Fixing it costs more than carrying it this year",
    expiresOn: opts.expiresOn ?? day(90),
  });
}
async function decide(requestId: string, by: string, decision: "approve" | "reject" = "approve") {
  return (await rw.as(by)).approval.decide({ orgSlug: rw.slug, requestId, decision, comment: decision === "approve" ? "" : "Treat it first" });
}

/** Nothing about an acceptance was written for this risk. */
async function expectNoRequest(riskId: string) {
  expect(await acceptanceRequests(h.db, riskId)).toEqual([]);
  expect(await acceptancesOf(h.db, riskId)).toEqual([]);
}

describe("what a request needs", () => {
  it("a justification and a future expiry: field errors, nothing written", async () => {
    const r = await assessedRisk(rw, [...HIGH]);
    const before = await riskRow(h.db, r.id);
    await expectFieldError(request(r.id, { justification: "" }), "justification", "Give a justification");
    await expectFieldError(request(r.id, { justification: "   " }), "justification", "Give a justification");
    const m = await rw.as(rw.U.member);
    await expectFieldError(
      m.risk.requestAcceptance({ orgSlug: rw.slug, riskId: r.id, version: r.version, justification: "x" } as never),
      "expiresOn",
      "",
    );
    await expectFieldError(request(r.id, { expiresOn: "2026-02-30" }), "expiresOn", "");
    await expectFieldError(request(r.id, { expiresOn: day(0) }), "expiresOn", "must be in the future");
    await expectFieldError(request(r.id, { expiresOn: day(-10) }), "expiresOn", "must be in the future");
    // the generic approval.request reaches the same checks (no params: no justification)
    await expectFieldError(m.approval.request({ orgSlug: rw.slug, subjectType: "risk_acceptance", subjectId: r.id }), "justification", "Give a justification");
    await expectNoRequest(r.id);
    expect(await riskRow(h.db, r.id)).toEqual(before);
  });

  it("refused before the first assessment, within appetite, for closed or accepted risks, and with a stale version", async () => {
    const unassessed = await createRisk(rw);
    await expectCode(request(unassessed.id), "BAD_REQUEST", "Assess the risk before requesting an acceptance");
    const within = await assessedRisk(rw, [5, 5, 3, 3]); // inherent 25 but residual 9 = appetite
    await expectCode(request(within.id), "BAD_REQUEST", "within appetite");
    const closed = await assessedRisk(rw, [...HIGH]);
    await setStatus(rw, closed.id, "closed", { reason: "Product discontinued" });
    await expectCode(request(closed.id), "BAD_REQUEST", "cannot be accepted");
    const stale = await assessedRisk(rw, [...HIGH]);
    await expectCode(request(stale.id, { version: stale.version - 1 }), "CONFLICT");
    // someone else's risk is out of a member's scope
    const foreign = await assessedRisk(rw, [...HIGH], { by: rw.U.memberB, departmentId: rw.w.org.departmentIds.b });
    await expectCode(request(foreign.id), "FORBIDDEN");
    for (const r of [unassessed, within, closed, stale, foreign]) await expectNoRequest(r.id);
  });
});

describe("decisions", () => {
  it("a high risk: one step (the department's manager); approval accepts it until the expiry with a decision snapshot", async () => {
    const r = await assessedRisk(rw, [...HIGH], { title: "Legacy ERP outage" });
    await (await rw.as(rw.U.member)).risk.addAction({ orgSlug: rw.slug, riskId: r.id, title: "Nightly backups", status: "done", progress: 100 });
    const expiresOn = day(120);
    const req = await request(r.id, { expiresOn });
    expect(req).toMatchObject({ subjectType: "risk_acceptance", subjectId: r.id, status: "pending", departmentId: rw.w.org.departmentIds.a, title: "Legacy ERP outage" });
    expect((await stepsOf(h.db, req.id)).map((s) => [s.rule, s.status])).toEqual([
      [{ kind: "department_managers", departmentId: rw.w.org.departmentIds.a }, "pending"],
    ]);
    const [pending] = await acceptancesOf(h.db, r.id);
    expect(pending).toMatchObject({ status: "pending", approvalRequestId: req.id, justification: "Fixing it costs more than carrying it this year", expiresOn, requestedBy: rw.U.member, decisionSnapshot: null });
    const snap = req.snapshot as AcceptanceSnapshot;
    expect(snap).toMatchObject({ appetite: 9, critical: false, expiresOn, risk: { id: r.id, status: "assessed", residual: { score: 12, level: "high" }, inherent: { score: 20, level: "critical" } } });
    expect(snap.actions).toEqual([{ title: "Nightly backups", status: "done", progress: 100, dueOn: null }]);
    // the register shows the request as pending
    const listed = (await (await rw.as(rw.U.viewer)).risk.list({ orgSlug: rw.slug })).items.find((i) => i.id === r.id);
    expect(listed).toMatchObject({ acceptancePending: true, aboveAppetite: true });

    // the requester cannot decide; the manager of department A does
    await expectCode(decide(req.id, rw.U.member), "FORBIDDEN");
    const decided = await decide(req.id, rw.U.manager);
    expect(decided.status).toBe("approved");
    const after = await riskRow(h.db, r.id);
    expect(after).toMatchObject({ status: "accepted", strategy: "accept", acceptedUntil: expiresOn });
    const [approved] = await acceptancesOf(h.db, r.id);
    expect(approved!.status).toBe("approved");
    expect(approved!.decidedAt).toBeInstanceOf(Date);
    expect(approved!.decisionSnapshot).toMatchObject({
      justification: "Fixing it costs more than carrying it this year",
      expiresOn,
      appetite: 9,
      critical: false,
      risk: { id: r.id, title: "Legacy ERP outage", residual: { likelihood: 4, impact: 3, score: 12, level: "high" } },
    });
    const accepted = (await auditRows(h.db, rw.w.org.orgId, r.id, "accepted"))[0]!;
    expect(accepted.actorId).toBe(rw.U.manager);
    expect(accepted.after).toMatchObject({ status: "accepted", acceptedUntil: expiresOn, approvalRequestId: req.id });
    const got = await (await rw.as(rw.U.member)).risk.get({ orgSlug: rw.slug, riskId: r.id });
    expect(got.acceptances.map((a) => [a.status, a.requesterName])).toEqual([["approved", expect.stringContaining("member")]]);
    // an accepted risk cannot be accepted again
    await expectCode(request(r.id), "BAD_REQUEST", "cannot be accepted");
  });

  it("a critical risk: two steps, the manager then an admin; accepted only after the second", async () => {
    const r = await assessedRisk(rw, [...CRITICAL]);
    const req = await request(r.id);
    expect((await stepsOf(h.db, req.id)).map((s) => [s.rule, s.status])).toEqual([
      [{ kind: "department_managers", departmentId: rw.w.org.departmentIds.a }, "pending"],
      [{ kind: "role", roles: ["admin", "owner"] }, "waiting"],
    ]);
    expect((req.snapshot as AcceptanceSnapshot).critical).toBe(true);
    const first = await decide(req.id, rw.U.manager);
    expect(first).toMatchObject({ status: "pending", currentStep: 1 });
    expect((await riskRow(h.db, r.id)).status).toBe("assessed");
    expect((await acceptancesOf(h.db, r.id))[0]!.status).toBe("pending");
    // the manager is not an approver of the admin step
    await expectCode(decide(req.id, rw.U.manager), "FORBIDDEN");
    const second = await decide(req.id, rw.U.admin);
    expect(second.status).toBe("approved");
    expect(await riskRow(h.db, r.id)).toMatchObject({ status: "accepted", acceptedUntil: day(90) });
    expect((await acceptancesOf(h.db, r.id))[0]).toMatchObject({ status: "approved", decisionSnapshot: expect.objectContaining({ critical: true }) });
  });

  it("the manager's own critical risk goes to the admins in one step (nobody approves their own acceptance)", async () => {
    const r = await assessedRisk(rw, [...CRITICAL], { by: rw.U.manager });
    const req = await request(r.id, { by: rw.U.manager });
    expect((await stepsOf(h.db, req.id)).map((s) => s.rule)).toEqual([{ kind: "role", roles: ["admin", "owner"] }]);
    await decide(req.id, rw.U.owner);
    expect((await riskRow(h.db, r.id)).status).toBe("accepted");
  });

  it("rejection leaves the risk as it was; a new request may follow", async () => {
    const r = await assessedRisk(rw, [...HIGH]);
    const before = await riskRow(h.db, r.id);
    const req = await request(r.id);
    const rejected = await decide(req.id, rw.U.manager, "reject");
    expect(rejected.status).toBe("rejected");
    expect(await riskRow(h.db, r.id)).toEqual(before);
    expect((await acceptancesOf(h.db, r.id)).map((a) => a.status)).toEqual(["rejected"]);
    expect((await acceptancesOf(h.db, r.id))[0]!.decisionSnapshot).toBeNull();
    // the requester may ask again (for instance with a shorter expiry)
    const again = await request(r.id, { expiresOn: day(30) });
    expect(again.status).toBe("pending");
    expect((await acceptancesOf(h.db, r.id)).map((a) => a.status)).toEqual(["rejected", "pending"]);
  });

  it("withdrawing marks the acceptance withdrawn and unlocks the risk", async () => {
    const r = await assessedRisk(rw, [...HIGH]);
    const req = await request(r.id);
    const cancelled = await (await rw.as(rw.U.member)).approval.cancel({ orgSlug: rw.slug, requestId: req.id });
    expect(cancelled.status).toBe("cancelled");
    expect((await acceptancesOf(h.db, r.id)).map((a) => a.status)).toEqual(["withdrawn"]);
    expect((await riskRow(h.db, r.id)).status).toBe("assessed");
    await expectCode(decide(req.id, rw.U.manager), "CONFLICT");
    expect((await setStatus(rw, r.id, "treating")).status).toBe("treating");
  });

  it("while a request is pending: a second request, status changes and deletion are refused; assessing is not", async () => {
    const r = await assessedRisk(rw, [...HIGH]);
    const req = await request(r.id);
    await expectCode(request(r.id), "CONFLICT");
    await expectCode(setStatus(rw, r.id, "treating"), "BAD_REQUEST", "acceptance request is waiting");
    await expectCode(setStatus(rw, r.id, "closed", { reason: "Gone" }), "BAD_REQUEST", "acceptance request is waiting");
    await expectCode((await rw.as(rw.U.manager)).risk.delete({ orgSlug: rw.slug, riskId: r.id }), "BAD_REQUEST", "acceptance request is waiting");
    expect(await riskRow(h.db, r.id)).toMatchObject({ status: "assessed" });
    expect(await acceptanceRequests(h.db, r.id)).toHaveLength(1);
    // once decided, the locks lift
    await decide(req.id, rw.U.manager, "reject");
    expect((await (await rw.as(rw.U.manager)).risk.delete({ orgSlug: rw.slug, riskId: r.id })).id).toBe(r.id);
    expect(await acceptancesOf(h.db, r.id)).toEqual([]); // cascade with the risk
  });

  it("approving after the risk was closed does not reopen it: the acceptance is withdrawn", async () => {
    const r = await assessedRisk(rw, [...HIGH]);
    const req = await request(r.id);
    // closed behind the pending lock's back (a direct data fix)
    await h.db.update(risks).set({ status: "closed", closedReason: "Moot" }).where(eq(risks.id, r.id));
    await decide(req.id, rw.U.manager);
    expect((await riskRow(h.db, r.id)).status).toBe("closed");
    expect((await acceptancesOf(h.db, r.id)).map((a) => a.status)).toEqual(["withdrawn"]);
  });
});

describe("expiry (scheduled job)", () => {
  it("after the expiry date the risk goes back to assessed, the owner is told, audited without an actor; a second run does nothing", async () => {
    const expiresOn = day(45);
    const r = await assessedRisk(rw, [...HIGH]);
    const req = await request(r.id, { expiresOn });
    await decide(req.id, rw.U.manager);
    expect((await riskRow(h.db, r.id)).status).toBe("accepted");

    // on the expiry day itself it still holds
    const onDay = await runRiskJobs(h.db, noon(expiresOn));
    expect((await riskRow(h.db, r.id)).status).toBe("accepted");
    expect(onDay.acceptancesExpired).toBe(0);

    const nextDay = day(1, noon(expiresOn));
    const res = await runRiskJobs(h.db, noon(nextDay));
    expect(res.acceptancesExpired).toBeGreaterThanOrEqual(1);
    const after = await riskRow(h.db, r.id);
    expect(after).toMatchObject({ status: "assessed", acceptedUntil: null, nextReviewOn: nextDay });
    expect((await acceptancesOf(h.db, r.id)).map((a) => a.status)).toEqual(["expired"]);
    const told = await notificationsAbout(h.db, "riskAcceptanceExpired", r.id);
    expect(told.map((n) => [n.userId, n.params])).toEqual([[rw.U.member, { title: r.title }]]);
    const audit = await auditRows(h.db, rw.w.org.orgId, r.id, "acceptance_expired");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, before: { status: "accepted", acceptedUntil: expiresOn }, after: { status: "assessed" } });

    // again, and through runJobs: nothing more
    await runRiskJobs(h.db, noon(nextDay));
    await runJobs(h.db, noon(day(2, noon(expiresOn))));
    expect(await notificationsAbout(h.db, "riskAcceptanceExpired", r.id)).toHaveLength(1);
    expect(await auditRows(h.db, rw.w.org.orgId, r.id, "acceptance_expired")).toHaveLength(1);
    expect((await riskRow(h.db, r.id)).version).toBe(after.version);

    // reopened, it may be accepted again
    const again = await request(r.id, { expiresOn: day(10) });
    expect(again.status).toBe("pending");
    expect(
      await h.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, r.id), eq(auditEvents.action, "acceptance_expired"))),
    ).toHaveLength(1);
  });

  it("a risk reassessed within appetite while accepted still expires back to assessed", async () => {
    const r = await assessedRisk(rw, [...HIGH]);
    const req = await request(r.id, { expiresOn: day(5) });
    await decide(req.id, rw.U.manager);
    await assess(rw, r.id, [5, 4, 2, 2], { rationale: "Control in place" });
    expect((await riskRow(h.db, r.id)).status).toBe("accepted");
    await runRiskJobs(h.db, noon(day(6)));
    expect(await riskRow(h.db, r.id)).toMatchObject({ status: "assessed", acceptedUntil: null });
    expect((await h.db.select().from(riskAcceptances).where(eq(riskAcceptances.riskId, r.id))).map((a) => a.status)).toEqual(["expired"]);
  });
});

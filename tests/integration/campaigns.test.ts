/**
 * Marketing campaigns through the tRPC caller: the status machine, launch approval with one and two
 * steps (through approval.decide), the locked approved budget and the overspend warning, budget
 * raises, the KR feed, cloning, lists, calendar, detail and CSV, settings and rates, and bad input
 * that writes nothing.
 */
import { TRPCError } from "@trpc/server";
import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { approvalRequests, approvalSteps, campaigns, checkIns, keyResults, notifications, objectives, periods } from "@/db/schema";
import { translate } from "@/server/i18n";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { callerFor } from "../helpers/factories";
import { build, makeWorld, mine, snapshotOrg, whoFor, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;
let U: { owner: string; admin: string; manager: string; member: string; viewer: string; memberB: string };

const as = (userId: string) => callerFor(h.db, userId);
const slug = () => w.org.slug;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "camp");
  const u = w.org.users;
  U = { owner: u.owner.id, admin: u.admin.id, manager: u.manager.id, member: u.member.id, viewer: u.viewer.id, memberB: w.other.id };
});
afterAll(async () => h?.close());

async function expectCode(p: Promise<unknown>, code: TRPCError["code"], text?: string) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(TRPCError);
  expect((err as TRPCError).code).toBe(code);
  if (text) expect(translate("en", (err as TRPCError).message)).toContain(text);
  return err as TRPCError;
}

/** A draft campaign of the member in department A with budget lines adding up to `budget` (minor units). */
async function draft(opts: { budget?: number; by?: string; currency?: string; name?: string; departmentId?: string | null; channels?: string[]; extra?: Record<string, unknown> } = {}) {
  const by = opts.by ?? U.member;
  const c = await as(by);
  const created = await c.campaign.create({
    orgSlug: slug(),
    name: opts.name ?? "Spring launch",
    ownerId: by,
    departmentId: opts.departmentId === undefined ? w.org.departmentIds.a : opts.departmentId,
    channels: opts.channels ?? ["email", "social"],
    audience: "SMB owners",
    audienceTags: ["smb"],
    startsOn: "2030-03-01",
    endsOn: "2030-03-31",
    currency: opts.currency,
    ...opts.extra,
  });
  if (!opts.budget) return created;
  const half = Math.floor(opts.budget / 2);
  const res = await c.campaign.setBudgetLines({
    orgSlug: slug(),
    campaignId: created.id,
    version: created.version,
    lines: [
      { channel: "email", category: "Tools", amountMinor: half },
      { channel: "social", category: "Ads", amountMinor: opts.budget - half },
    ],
  });
  return res.campaign;
}

async function submit(campaignId: string, by = U.member, subjectType = "campaign_launch") {
  return (await as(by)).approval.request({ orgSlug: slug(), subjectType, subjectId: campaignId, comment: "Ready" });
}
async function approve(requestId: string, by: string) {
  return (await as(by)).approval.decide({ orgSlug: slug(), requestId, decision: "approve" });
}
async function row(id: string) {
  return (await h.db.select().from(campaigns).where(eq(campaigns.id, id)))[0]!;
}
async function steps(requestId: string) {
  return h.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, requestId)).orderBy(asc(approvalSteps.position));
}
async function notified(kind: string, campaignId: string) {
  const rows = await h.db.select().from(notifications).where(and(eq(notifications.kind, kind), like(notifications.link, `%/campaigns/${campaignId}`)));
  return rows.map((r) => r.userId).sort();
}
/** An approved campaign with an approved budget of `budget`, through the real approval flow (manager approves). */
async function approved(budget: number, opts: Parameters<typeof draft>[0] = {}) {
  const c = await draft({ ...opts, budget });
  const r = await submit(c.id, opts.by ?? U.member);
  await approve(r.id, U.manager);
  return row(c.id);
}

describe("creating and editing", () => {
  it("creates a draft in the org's base currency with normalised fields, audited", async () => {
    const c = await draft({ extra: { tags: ["q1", "q1"], teamMemberIds: [U.manager, U.manager], goals: [{ metric: "leads", target: 500 }] } });
    expect(c).toMatchObject({ status: "draft", currency: "USD", version: 1, tags: ["q1"], teamMemberIds: [U.manager], approvedBudgetMinor: null });
    expect(c.goals).toEqual([{ metric: "leads", customName: "", target: 500 }]);
  });

  it("updates with a version check: a stale version is a CONFLICT", async () => {
    const c = await draft();
    const m = await as(U.member);
    const fields = { orgSlug: slug(), campaignId: c.id, name: "Renamed", ownerId: U.member, departmentId: w.org.departmentIds.a, channels: ["email"], startsOn: "2030-03-02", endsOn: "2030-03-20" };
    const after = await m.campaign.update({ ...fields, version: c.version });
    expect(after).toMatchObject({ name: "Renamed", version: 2, startsOn: "2030-03-02" });
    await expectCode(m.campaign.update({ ...fields, version: c.version }), "CONFLICT");
  });

  it("channels come from the org's list; removing a channel with budget on it is refused", async () => {
    const m = await as(U.member);
    await expectFieldError(
      m.campaign.create({ orgSlug: slug(), name: "X", ownerId: U.member, channels: ["carrier_pigeon"], startsOn: "2030-01-01", endsOn: "2030-01-02" }),
      "channels",
      "carrier_pigeon",
    );
    const c = await draft({ budget: 10_000 });
    await expectFieldError(
      m.campaign.update({ orgSlug: slug(), campaignId: c.id, version: c.version, name: c.name, ownerId: U.member, departmentId: c.departmentId, channels: ["email"], startsOn: c.startsOn, endsOn: c.endsOn }),
      "channels",
      "social",
    );
    // and the currency cannot change once amounts are recorded in it
    await expectFieldError(
      m.campaign.update({ orgSlug: slug(), campaignId: c.id, version: c.version, name: c.name, ownerId: U.member, departmentId: c.departmentId, channels: c.channels, startsOn: c.startsOn, endsOn: c.endsOn, currency: "EUR" }),
      "currency",
      "currency",
    );
  });

  it("a member may not create or edit a campaign owned by someone else; the team records spend and results", async () => {
    const m = await as(U.member);
    await expectCode(
      m.campaign.create({ orgSlug: slug(), name: "X", ownerId: U.manager, departmentId: w.org.departmentIds.a, channels: ["email"], startsOn: "2030-01-01", endsOn: "2030-01-02" }),
      "FORBIDDEN",
    );
    const c = await draft({ by: U.manager, extra: { teamMemberIds: [U.member] } });
    await expectCode(
      m.campaign.update({ orgSlug: slug(), campaignId: c.id, version: c.version, name: "Mine now", ownerId: U.manager, departmentId: c.departmentId, channels: c.channels, startsOn: c.startsOn, endsOn: c.endsOn }),
      "FORBIDDEN",
    );
    const spend = await m.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-02", channel: "email", amountMinor: 1_000 });
    expect(spend.amountMinor).toBe(1_000);
    await m.campaign.recordResult({ orgSlug: slug(), campaignId: c.id, metric: "clicks", observedOn: "2030-03-02", value: 40 });
    // a viewer reads but does not write
    const v = await as(U.viewer);
    expect((await v.campaign.get({ orgSlug: slug(), campaignId: c.id })).id).toBe(c.id);
    await expectCode(v.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-02", channel: "email", amountMinor: 1 }), "FORBIDDEN");
  });
});

describe("bad input: clear field errors, nothing written", () => {
  it("end before start, unknown currency, negative amounts, spend on a cancelled campaign, conversions > exposures, a malformed URL", async () => {
    const m = await as(U.member);
    const c = await draft({ budget: 10_000 });
    const cancelled = await draft();
    await m.campaign.setStatus({ orgSlug: slug(), campaignId: cancelled.id, status: "cancelled", version: cancelled.version });
    const v = await m.campaign.addVariant({ orgSlug: slug(), campaignId: c.id, name: "A", exposures: 100, conversions: 5 });
    const base = { orgSlug: slug(), name: "Bad", ownerId: U.member, channels: ["email"], startsOn: "2030-05-10", endsOn: "2030-05-31" };
    const cases: [string, () => Promise<unknown>, string, string][] = [
      ["end before start", () => m.campaign.create({ ...base, endsOn: "2030-05-01" }), "endsOn", "end date must not be before the start date"],
      [
        "end before start on update",
        () => m.campaign.update({ ...base, campaignId: c.id, version: c.version, channels: c.channels, endsOn: "2030-05-01" }),
        "endsOn",
        "end date",
      ],
      ["unknown currency", () => m.campaign.create({ ...base, currency: "XYZ" }), "currency", "Unknown currency code"],
      ["not a currency at all", () => m.campaign.create({ ...base, currency: "dollars" }), "currency", "Unknown currency code"],
      [
        "negative budget line",
        () => m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: c.version, lines: [{ channel: "email", amountMinor: -500 }] }),
        "lines.0.amountMinor",
        "Cannot be negative",
      ],
      [
        "fractional minor units",
        () => m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: c.version, lines: [{ channel: "email", amountMinor: 10.5 }] }),
        "lines.0.amountMinor",
        "",
      ],
      [
        "budget line in another currency",
        () => m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: c.version, lines: [{ channel: "email", amountMinor: 5, currency: "EUR" }] }),
        "lines.0.currency",
        "USD",
      ],
      [
        "budget line on a channel the campaign does not use",
        () => m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: c.version, lines: [{ channel: "pr", amountMinor: 5 }] }),
        "lines.0.channel",
        "pr",
      ],
      ["negative spend", () => m.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-03", channel: "email", amountMinor: -1 }), "amountMinor", "Cannot be negative"],
      [
        "spend on a cancelled campaign",
        () => m.campaign.recordSpend({ orgSlug: slug(), campaignId: cancelled.id, spentOn: "2030-03-03", channel: "email", amountMinor: 100 }),
        "campaignId",
        "cancelled",
      ],
      [
        "results on a cancelled campaign",
        () => m.campaign.recordResult({ orgSlug: slug(), campaignId: cancelled.id, metric: "leads", observedOn: "2030-03-03", value: 1 }),
        "campaignId",
        "cancelled",
      ],
      ["custom metric without a name", () => m.campaign.recordResult({ orgSlug: slug(), campaignId: c.id, metric: "custom", observedOn: "2030-03-03", value: 1 }), "customName", "Required"],
      [
        "conversions above exposures",
        () => m.campaign.addVariant({ orgSlug: slug(), campaignId: c.id, name: "B", exposures: 10, conversions: 11 }),
        "conversions",
        "Conversions cannot exceed exposures",
      ],
      [
        "conversions above exposures on update",
        () => m.campaign.updateVariant({ orgSlug: slug(), variantId: v.id, version: v.version, name: "A", exposures: 3, conversions: 4 }),
        "conversions",
        "exceed",
      ],
      ["malformed landing URL", () => m.campaign.createUtmLink({ orgSlug: slug(), campaignId: c.id, landingUrl: "htp:/example", channel: "email" }), "landingUrl", "valid URL"],
      ["landing URL without scheme", () => m.campaign.createUtmLink({ orgSlug: slug(), campaignId: c.id, landingUrl: "example.com/x", channel: "email" }), "landingUrl", "valid URL"],
      ["UTM link for a channel without defaults needs a source", () => m.campaign.createUtmLink({ orgSlug: slug(), campaignId: c.id, landingUrl: "https://example.com" }), "source", "Required"],
    ];
    for (const [label, run, field, text] of cases) {
      const snap = await snapshotOrg(h.db, w.org.orgId);
      await expectFieldError(run(), field, text);
      expect(await snapshotOrg(h.db, w.org.orgId), label).toEqual(snap);
    }
  });
});

describe("the status machine", () => {
  it("draft → pending (by approval) → approved → live → completed; other moves are refused", async () => {
    const m = await as(U.member);
    const c = await draft({ budget: 50_000 });
    await expectCode(m.campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "live", version: c.version }), "BAD_REQUEST", "Cannot go from draft to live");
    await expectCode(m.campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "approved", version: c.version }), "BAD_REQUEST");
    const r = await submit(c.id);
    let cur = await row(c.id);
    expect(cur.status).toBe("pending_approval");
    // locked while pending
    await expectCode(
      m.campaign.update({ orgSlug: slug(), campaignId: c.id, version: cur.version, name: "X", ownerId: U.member, departmentId: cur.departmentId, channels: cur.channels, startsOn: cur.startsOn, endsOn: cur.endsOn }),
      "PRECONDITION_FAILED",
      "waiting for launch approval",
    );
    await expectCode(m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: cur.version, lines: [] }), "PRECONDITION_FAILED");
    await expectCode(m.campaign.delete({ orgSlug: slug(), campaignId: c.id }), "FORBIDDEN"); // members may not delete at all
    await expectCode((await as(U.manager)).campaign.delete({ orgSlug: slug(), campaignId: c.id }), "PRECONDITION_FAILED");
    await expectCode(submit(c.id), "BAD_REQUEST", "this one is waiting for approval"); // one pending request at a time
    await approve(r.id, U.manager);
    cur = await row(c.id);
    expect(cur).toMatchObject({ status: "approved", approvedBudgetMinor: 50_000 });
    expect(cur.approvedAt).not.toBeNull();
    await expectCode(submit(c.id), "BAD_REQUEST", "Only a draft campaign");
    // the approved plan is locked
    await expectFieldError(
      m.campaign.update({ orgSlug: slug(), campaignId: c.id, version: cur.version, name: "Renamed", ownerId: U.member, departmentId: cur.departmentId, channels: cur.channels, startsOn: "2030-03-10", endsOn: cur.endsOn }),
      "startsOn",
      "locked",
    );
    const renamed = await m.campaign.update({ orgSlug: slug(), campaignId: c.id, version: cur.version, name: "Renamed", ownerId: U.member, departmentId: cur.departmentId, channels: cur.channels, startsOn: cur.startsOn, endsOn: cur.endsOn });
    const live = await m.campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "live", version: renamed.version });
    const done = await m.campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "completed", version: live.version });
    expect(done.status).toBe("completed");
    await expectCode(m.campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "cancelled", version: done.version }), "BAD_REQUEST");
    await expectCode(m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: done.version, lines: [] }), "PRECONDITION_FAILED");
  });

  it("a rejection returns the campaign to draft; it can be edited and submitted again", async () => {
    const c = await draft({ budget: 10_000 });
    const r = await submit(c.id);
    await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: r.id, decision: "request_changes", comment: "Smaller audience please" });
    const cur = await row(c.id);
    expect(cur.status).toBe("draft");
    expect(cur.approvedBudgetMinor).toBeNull();
    const again = await submit(c.id);
    expect(again.status).toBe("pending");
  });

  it("cancelling a pending campaign withdraws its approval request in the same transaction", async () => {
    const c = await draft({ budget: 10_000 });
    const r = await submit(c.id);
    const cur = await row(c.id);
    // a stale version changes nothing
    const snap = await snapshotOrg(h.db, w.org.orgId);
    await expectCode((await as(U.member)).campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "cancelled", version: cur.version - 1 }), "CONFLICT");
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
    const after = await (await as(U.member)).campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "cancelled", version: cur.version });
    expect(after.status).toBe("cancelled");
    const [req] = await h.db.select().from(approvalRequests).where(eq(approvalRequests.id, r.id));
    expect(req!.status).toBe("cancelled");
    // and a manager deletes it
    await (await as(U.manager)).campaign.delete({ orgSlug: slug(), campaignId: c.id });
    expect(await h.db.select().from(campaigns).where(eq(campaigns.id, c.id))).toEqual([]);
  });
});

describe("launch approval", () => {
  it("within the threshold: one step, the department's managers", async () => {
    const c = await draft({ budget: 1_000_000 }); // exactly 10,000.00 = the threshold: not above it
    const r = await submit(c.id);
    expect((await steps(r.id)).map((s) => s.rule)).toEqual([{ kind: "department_managers", departmentId: w.org.departmentIds.a }]);
    expect(r.snapshot).toMatchObject({ kind: "campaign_launch", requestedMinor: 1_000_000, requestedBaseMinor: 1_000_000, twoStep: false, currency: "USD" });
    // the requester cannot decide, nor can an admin on a managers' step
    await expectCode(approve(r.id, U.member), "FORBIDDEN");
    await expectCode(approve(r.id, U.admin), "FORBIDDEN");
    const decided = await approve(r.id, U.manager);
    expect(decided.status).toBe("approved");
    expect(await row(c.id)).toMatchObject({ status: "approved", approvedBudgetMinor: 1_000_000 });
  });

  it("above the threshold: managers, then an admin; the campaign is approved only after both", async () => {
    const c = await draft({ budget: 2_000_000 });
    const r = await submit(c.id);
    expect((await steps(r.id)).map((s) => s.rule)).toEqual([
      { kind: "department_managers", departmentId: w.org.departmentIds.a },
      { kind: "role", roles: ["admin", "owner"] },
    ]);
    const first = await approve(r.id, U.manager);
    expect(first).toMatchObject({ status: "pending", currentStep: 1 });
    expect((await row(c.id)).status).toBe("pending_approval");
    await expectCode(approve(r.id, U.manager), "FORBIDDEN");
    const second = await approve(r.id, U.admin);
    expect(second.status).toBe("approved");
    expect(await row(c.id)).toMatchObject({ status: "approved", approvedBudgetMinor: 2_000_000 });
    const detail = await (await as(U.viewer)).campaign.get({ orgSlug: slug(), campaignId: c.id });
    expect(detail.approvals).toHaveLength(1);
    expect(detail.approvals[0]!.decisions.map((d) => d.decision)).toEqual(["approve", "approve"]);
  });

  it("the threshold is in the base currency: a foreign budget converts with the manual rate, and needs one", async () => {
    const c = await draft({ budget: 950_000, currency: "EUR" }); // 9,500.00 EUR
    await expectCode(submit(c.id), "BAD_REQUEST", "no exchange rate from EUR to USD");
    expect((await row(c.id)).status).toBe("draft");
    const admin = await as(U.admin);
    const settings = await admin.campaign.settings({ orgSlug: slug() });
    const eur = settings.rates.find((r) => r.currency === "EUR");
    await admin.campaign.setRate({ orgSlug: slug(), currency: "EUR", rate: "1.08", version: eur?.version ?? 0 });
    const r = await submit(c.id);
    // 9,500.00 EUR × 1.08 = 10,260.00 USD > 10,000.00
    expect(r.snapshot).toMatchObject({ requestedMinor: 950_000, requestedBaseMinor: 1_026_000, rate: "1.08", twoStep: true });
    expect(await steps(r.id)).toHaveLength(2);
    const detail = await (await as(U.member)).campaign.get({ orgSlug: slug(), campaignId: c.id });
    expect(detail.base).toMatchObject({ currency: "USD", rate: "1.08", plannedMinor: 1_026_000 });
  });

  it("a campaign without a department (or without another manager) goes to the admins in one step", async () => {
    const c = await draft({ budget: 5_000_000, departmentId: null });
    const r = await submit(c.id);
    expect((await steps(r.id)).map((s) => s.rule)).toEqual([{ kind: "role", roles: ["admin", "owner"] }]);
    await approve(r.id, U.owner);
    expect((await row(c.id)).status).toBe("approved");
    const byManager = await draft({ budget: 10_000, by: U.manager });
    const r2 = await submit(byManager.id, U.manager);
    expect((await steps(r2.id)).map((s) => s.rule)).toEqual([{ kind: "role", roles: ["admin", "owner"] }]);
  });

  it("a member cannot submit a campaign out of their scope", async () => {
    const c = await draft({ by: U.memberB, departmentId: w.org.departmentIds.b });
    await expectCode(submit(c.id, U.member), "FORBIDDEN");
  });
});

describe("the approved budget: lock, overspend warning, raise", () => {
  it("spend past the approved budget flags the campaign and notifies the owner and the approvers, once", async () => {
    const c = await approved(100_000); // 1,000.00, approved by the manager
    const m = await as(U.member);
    const first = await m.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-02", channel: "email", amountMinor: 60_000, vendor: "ESP" });
    expect(first).toMatchObject({ overBudget: false, spendMinor: 60_000, approvedBudgetMinor: 100_000 });
    expect((await row(c.id)).overBudgetAt).toBeNull();
    const second = await m.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-05", channel: "social", amountMinor: 50_000 });
    expect(second).toMatchObject({ overBudget: true, spendMinor: 110_000 });
    expect((await row(c.id)).overBudgetAt).not.toBeNull();
    // the member (owner) recorded it; the approver is told. Another entry does not notify again.
    expect(await notified("campaignOverBudget", c.id)).toEqual([U.manager]);
    await (await as(U.manager)).campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-06", channel: "social", amountMinor: 1 });
    expect(await notified("campaignOverBudget", c.id)).toEqual([U.manager]);
    const list = await m.campaign.list({ orgSlug: slug(), overBudget: true });
    expect(list.items.map((i) => i.id)).toContain(c.id);
    const detail = await m.campaign.get({ orgSlug: slug(), campaignId: c.id });
    expect(detail.metrics).toMatchObject({ budgetMinor: 100_000, overBudget: true, remainingMinor: -10_001 });
    expect(detail.metrics.burn).toBeCloseTo(1.10001, 10);
    expect(detail.activity.map((a) => a.action)).toContain("over_budget");
  });

  it("when someone else records the overspend, the owner is notified too", async () => {
    const c = await approved(10_000);
    await (await as(U.manager)).campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-02", channel: "email", amountMinor: 10_001 });
    expect(await notified("campaignOverBudget", c.id)).toEqual([U.member]);
  });

  it("raising the plan keeps the approved budget locked until a budget approval; then the warning clears", async () => {
    const c = await approved(100_000);
    const m = await as(U.member);
    await m.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-02", channel: "email", amountMinor: 120_000 });
    expect((await row(c.id)).overBudgetAt).not.toBeNull();
    await expectCode(submit(c.id, U.member, "campaign_budget"), "BAD_REQUEST", "not above the approved budget");
    const cur = await row(c.id);
    const raised = await m.campaign.setBudgetLines({
      orgSlug: slug(),
      campaignId: c.id,
      version: cur.version,
      lines: [
        { channel: "email", amountMinor: 100_000 },
        { channel: "social", amountMinor: 50_000 },
      ],
    });
    expect(raised).toMatchObject({ plannedMinor: 150_000, approvedBudgetMinor: 100_000, needsBudgetApproval: true });
    expect((await row(c.id)).approvedBudgetMinor).toBe(100_000);
    const r = await submit(c.id, U.member, "campaign_budget");
    expect(r.snapshot).toMatchObject({ kind: "campaign_budget", approvedMinor: 100_000, requestedMinor: 150_000 });
    // lines are locked while the raise is pending
    await expectCode(m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: raised.campaign.version, lines: [] }), "PRECONDITION_FAILED", "budget increase");
    await approve(r.id, U.manager);
    const after = await row(c.id);
    expect(after).toMatchObject({ status: "approved", approvedBudgetMinor: 150_000, overBudgetAt: null });
  });

  it("a rejected raise leaves the approved budget as it was", async () => {
    const c = await approved(100_000);
    const cur = await row(c.id);
    await (await as(U.member)).campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: cur.version, lines: [{ channel: "email", amountMinor: 300_000 }] });
    const r = await submit(c.id, U.member, "campaign_budget");
    await (await as(U.manager)).approval.decide({ orgSlug: slug(), requestId: r.id, decision: "reject", comment: "Not this quarter" });
    expect((await row(c.id)).approvedBudgetMinor).toBe(100_000);
  });

  it("deleting a spend entry below the approved budget clears the warning", async () => {
    const c = await approved(10_000);
    const m = await as(U.member);
    const s = await m.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-03-02", channel: "email", amountMinor: 20_000 });
    expect(s.overBudget).toBe(true);
    const del = await m.campaign.deleteSpend({ orgSlug: slug(), spendId: s.id });
    expect(del).toMatchObject({ overBudget: false, spendMinor: 0 });
    expect((await row(c.id)).overBudgetAt).toBeNull();
  });
});

describe("results feed linked key results", () => {
  it("new values of the feed metric become KR check-ins with source 'campaign'", async () => {
    const s = mine(w, whoFor(w, "member"));
    const leadsKr = await build.keyResult(w, s);
    const revenueKr = await build.keyResult(w, s);
    const untouched = await build.keyResult(w, s);
    const closedPeriod = await build.period(w, "closed");
    const closedKr = await build.keyResult(w, s, closedPeriod.id);
    await h.db.update(keyResults).set({ startValue: 100, targetValue: 5000 }).where(eq(keyResults.id, leadsKr.id));
    const c = await draft({
      extra: {
        keyResultLinks: [
          { keyResultId: leadsKr.id, feedMetric: "leads" },
          { keyResultId: revenueKr.id, feedMetric: "revenue" },
          { keyResultId: untouched.id },
          { keyResultId: closedKr.id, feedMetric: "leads" },
        ],
      },
    });
    const m = await as(U.member);
    const r1 = await m.campaign.recordResult({ orgSlug: slug(), campaignId: c.id, metric: "leads", observedOn: "2030-03-03", value: 30, note: "Webinar" });
    expect(r1.fedKeyResults).toEqual([leadsKr.id]);
    await m.campaign.recordResult({ orgSlug: slug(), campaignId: c.id, metric: "leads", observedOn: "2030-03-10", value: 20 });
    await m.campaign.recordResult({ orgSlug: slug(), campaignId: c.id, metric: "clicks", observedOn: "2030-03-10", value: 999 });
    await m.campaign.recordResult({ orgSlug: slug(), campaignId: c.id, metric: "revenue", observedOn: "2030-03-10", value: 123_456 });
    const history = await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, leadsKr.id)).orderBy(asc(checkIns.createdAt));
    expect(history.map((x) => [x.value, x.source, x.note])).toEqual([
      [130, "campaign", "Webinar"],
      [150, "campaign", c.name],
    ]);
    const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.id, leadsKr.id));
    expect(kr!.currentValue).toBe(150);
    const [rev] = await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, revenueKr.id));
    expect(rev).toMatchObject({ value: 1234.56, source: "campaign" });
    expect(await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, untouched.id))).toEqual([]);
    expect(await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, closedKr.id))).toEqual([]);
    const detail = await m.campaign.get({ orgSlug: slug(), campaignId: c.id });
    expect(detail.keyResultLinks.map((l) => l.keyResultId).sort()).toEqual([leadsKr.id, revenueKr.id, untouched.id, closedKr.id].sort());
    expect(detail.resultTotals).toMatchObject({ leads: 50, clicks: 999, revenue: 123_456 });
  });

  it("skips key results of cancelled objectives", async () => {
    const s = mine(w, whoFor(w, "member"));
    const kr = await build.keyResult(w, s);
    await h.db.update(objectives).set({ status: "cancelled" }).where(eq(objectives.id, kr.objective.id));
    const c = await draft({ extra: { keyResultLinks: [{ keyResultId: kr.id, feedMetric: "signups" }] } });
    const r = await (await as(U.member)).campaign.recordResult({ orgSlug: slug(), campaignId: c.id, metric: "signups", observedOn: "2030-03-03", value: 5 });
    expect(r.fedKeyResults).toEqual([]);
    void periods;
  });
});

describe("clone", () => {
  it("copies the plan into new dates, without results, spend or approvals", async () => {
    const s = mine(w, whoFor(w, "member"));
    const kr = await build.keyResult(w, s);
    const src = await approved(40_000, { name: "Monthly newsletter", extra: { keyResultLinks: [{ keyResultId: kr.id, feedMetric: "leads" }], goals: [{ metric: "leads", target: 100 }] } });
    const m = await as(U.member);
    await m.campaign.recordSpend({ orgSlug: slug(), campaignId: src.id, spentOn: "2030-03-02", channel: "email", amountMinor: 5_000 });
    await m.campaign.recordResult({ orgSlug: slug(), campaignId: src.id, metric: "leads", observedOn: "2030-03-02", value: 7 });
    await m.campaign.addVariant({ orgSlug: slug(), campaignId: src.id, name: "Subject A", exposures: 500, conversions: 50 });
    const copy = await m.campaign.clone({ orgSlug: slug(), campaignId: src.id, startsOn: "2030-04-01" });
    // the same length as the source (31 days, March 1–31)
    expect(copy).toMatchObject({ status: "draft", startsOn: "2030-04-01", endsOn: "2030-05-01", name: "Monthly newsletter", approvedBudgetMinor: null, clonedFromId: src.id });
    const d = await m.campaign.get({ orgSlug: slug(), campaignId: copy.id });
    expect(d.totals).toMatchObject({ plannedMinor: 40_000, spendMinor: 0, leads: 0 });
    expect(d.spend).toEqual([]);
    expect(d.results).toEqual([]);
    expect(d.approvals).toEqual([]);
    expect(d.variants.map((v) => [v.name, v.exposures, v.conversions])).toEqual([["Subject A", 0, 0]]);
    expect(d.keyResultLinks.map((l) => [l.keyResultId, l.feedMetric])).toEqual([[kr.id, "leads"]]);
    expect(d.goals).toEqual([{ metric: "leads", customName: "", target: 100, actual: 0 }]);
    const explicit = await m.campaign.clone({ orgSlug: slug(), campaignId: src.id, startsOn: "2030-06-01", endsOn: "2030-06-10", name: "June edition" });
    expect(explicit).toMatchObject({ endsOn: "2030-06-10", name: "June edition" });
    await expectFieldError(m.campaign.clone({ orgSlug: slug(), campaignId: src.id, startsOn: "2030-06-10", endsOn: "2030-06-01" }), "endsOn", "end date");
  });
});

describe("variants and UTM links on the detail page", () => {
  it("compares each variant with the control (first) by a z-test, with the sample size needed", async () => {
    const c = await draft();
    const m = await as(U.member);
    await m.campaign.addVariant({ orgSlug: slug(), campaignId: c.id, name: "Control", exposures: 1000, conversions: 200 });
    const b = await m.campaign.addVariant({ orgSlug: slug(), campaignId: c.id, name: "B", exposures: 1000, conversions: 250 });
    const updated = await m.campaign.updateVariant({ orgSlug: slug(), variantId: b.id, version: b.version, name: "B", exposures: 1000, conversions: 250 });
    expect(updated.version).toBe(2);
    await expectCode(m.campaign.updateVariant({ orgSlug: slug(), variantId: b.id, version: 1, name: "B", exposures: 1, conversions: 0 }), "CONFLICT");
    const d = await m.campaign.get({ orgSlug: slug(), campaignId: c.id });
    expect(d.variants[0]).toMatchObject({ name: "Control", isControl: true, rate: 0.2, test: null });
    expect(d.variants[1]!.test).toMatchObject({ verdict: "significant_better", significant: true });
    expect(d.variants[1]!.test!.pValue!).toBeCloseTo(0.00742, 5);
    expect(d.variants[1]!.neededPerVariant).toBeGreaterThan(900);
  });

  it("builds UTM links from the channel's defaults and the campaign's name", async () => {
    const c = await draft({ name: "Spring Launch 2030" });
    const m = await as(U.member);
    const l = await m.campaign.createUtmLink({ orgSlug: slug(), campaignId: c.id, landingUrl: "https://example.com/spring?ref=x", channel: "email", content: "hero" });
    expect(l.url).toBe("https://example.com/spring?ref=x&utm_source=newsletter&utm_medium=email&utm_campaign=spring_launch_2030&utm_content=hero");
    const custom = await m.campaign.createUtmLink({ orgSlug: slug(), campaignId: c.id, landingUrl: "https://example.com", source: "wechat", medium: "social", campaign: "cny" });
    expect(custom.url).toBe("https://example.com/?utm_source=wechat&utm_medium=social&utm_campaign=cny");
    await expectFieldError(m.campaign.createUtmLink({ orgSlug: slug(), campaignId: c.id, landingUrl: "https://example.com", channel: "pr" }), "channel", "pr");
    await m.campaign.deleteUtmLink({ orgSlug: slug(), utmLinkId: custom.id });
    const d = await m.campaign.get({ orgSlug: slug(), campaignId: c.id });
    expect(d.utmLinks.map((x) => x.id)).toEqual([l.id]);
  });
});

describe("list, calendar and CSV", () => {
  let x: World;
  let ids: string[];

  beforeAll(async () => {
    x = await makeWorld(h.db, "camplist");
    const c = await callerFor(h.db, x.org.users.owner.id);
    ids = [];
    const mk = async (name: string, startsOn: string, endsOn: string, channels: string[], audienceTags: string[], departmentId: string | null = x.org.departmentIds.a) =>
      (await c.campaign.create({ orgSlug: x.org.slug, name, ownerId: x.org.users.owner.id, departmentId, channels, audienceTags, startsOn, endsOn })).id;
    ids.push(await mk("Jan email", "2030-01-05", "2030-01-25", ["email"], ["smb"]));
    ids.push(await mk("Jan social", "2030-01-20", "2030-02-10", ["social", "email"], ["smb"]));
    ids.push(await mk("Feb PR", "2030-02-01", "2030-02-28", ["pr"], ["press"], x.org.departmentIds.b));
    ids.push(await mk("Mar events", "2030-03-01", "2030-03-31", ["events"], []));
    for (let i = 0; i < 6; i++) ids.push(await mk(`Filler ${i}`, "2030-03-15", "2030-03-20", ["display"], [], null));
    await c.campaign.setBudgetLines({ orgSlug: x.org.slug, campaignId: ids[0]!, version: 1, lines: [{ channel: "email", amountMinor: 12_345 }] });
    await c.campaign.recordSpend({ orgSlug: x.org.slug, campaignId: ids[0]!, spentOn: "2030-01-06", channel: "email", amountMinor: 2_345 });
    await c.campaign.recordResult({ orgSlug: x.org.slug, campaignId: ids[0]!, metric: "impressions", observedOn: "2030-01-06", value: 1000 });
    await c.campaign.recordResult({ orgSlug: x.org.slug, campaignId: ids[0]!, metric: "clicks", observedOn: "2030-01-06", value: 50 });
  });

  it("pages through everything with a keyset cursor, newest start first, without gaps or repeats", async () => {
    const c = await callerFor(h.db, x.org.users.viewer.id);
    for (const limit of [1, 3, 4, 10, 100]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const r = await c.campaign.list({ orgSlug: x.org.slug, limit, cursor });
        seen.push(...r.items.map((i) => i.id));
        if (!r.nextCursor) break;
        cursor = r.nextCursor;
      }
      expect(new Set(seen).size, `limit ${limit}`).toBe(ids.length);
      expect(seen.length).toBe(ids.length);
    }
    await expectFieldError(c.campaign.list({ orgSlug: x.org.slug, cursor: "garbage" }), "cursor", "Invalid");
  });

  it("filters by status, channel, department, owner and period, with totals and metrics", async () => {
    const c = await callerFor(h.db, x.org.users.viewer.id);
    const names = async (f: Record<string, unknown>) => (await c.campaign.list({ orgSlug: x.org.slug, ...f })).items.map((i) => i.name).sort();
    expect(await names({ channel: "email" })).toEqual(["Jan email", "Jan social"]);
    expect(await names({ departmentId: x.org.departmentIds.b })).toEqual(["Feb PR"]);
    expect(await names({ from: "2030-02-05", to: "2030-02-20" })).toEqual(["Feb PR", "Jan social"]);
    expect(await names({ status: "cancelled" })).toEqual([]);
    expect(await names({ ownerId: x.org.users.viewer.id })).toEqual([]);
    expect(await names({ search: "fill" })).toHaveLength(6);
    expect(await names({ search: "%" })).toEqual([]);
    const first = (await c.campaign.list({ orgSlug: x.org.slug, channel: "email", from: "2030-01-01", to: "2030-01-10" })).items[0]!;
    expect(first.totals).toMatchObject({ plannedMinor: 12_345, spendMinor: 2_345, impressions: 1000, clicks: 50 });
    expect(first.metrics).toMatchObject({ remainingMinor: 10_000, ctr: 0.05, roi: -1, overBudget: false });
  });

  it("the calendar shows campaigns overlapping the range and flags same channel and audience", async () => {
    const c = await callerFor(h.db, x.org.users.viewer.id);
    const cal = await c.campaign.calendar({ orgSlug: x.org.slug, from: "2030-01-01", to: "2030-01-31" });
    expect(cal.items.map((i) => i.name)).toEqual(["Jan email", "Jan social"]);
    expect(cal.overlaps).toEqual([{ campaignIds: [ids[0], ids[1]], channels: ["email"], from: "2030-01-20", to: "2030-01-25" }]);
    expect(cal.items[0]!.overlapsWith).toEqual([ids[1]]);
    const q1 = await c.campaign.calendar({ orgSlug: x.org.slug, from: "2030-01-01", to: "2030-03-31", channel: "pr" });
    expect(q1.items.map((i) => i.name)).toEqual(["Feb PR"]);
    await expectFieldError(c.campaign.calendar({ orgSlug: x.org.slug, from: "2030-01-01", to: "2031-06-30" }), "to", "at most 400 days");
    await expectFieldError(c.campaign.calendar({ orgSlug: x.org.slug, from: "2030-02-01", to: "2030-01-01" }), "to", "end date");
  });

  it("exports the filtered list as CSV with exact money", async () => {
    const c = await callerFor(h.db, x.org.users.viewer.id);
    const r = await c.campaign.exportCsv({ orgSlug: x.org.slug, channel: "email" });
    expect(r.rows).toBe(2);
    const lines = r.csv.split("\r\n");
    expect(lines[0]).toContain("name,status,department,owner,channels");
    const jan = lines.find((l) => l.startsWith("Jan email"))!;
    expect(jan).toContain(",USD,123.45,,23.45,100.00,0.1900,");
    expect(jan).toContain(",0.0500,");
  });
});

describe("settings and rates", () => {
  it("admins edit channels, the threshold and rates; versions are checked", async () => {
    const y = await makeWorld(h.db, "campset");
    const admin = await callerFor(h.db, y.org.users.admin.id);
    const s0 = await admin.campaign.settings({ orgSlug: y.org.slug });
    expect(s0).toMatchObject({ baseCurrency: "USD", approvalThresholdMinor: 1_000_000, version: 0, rates: [] });
    expect(s0.channels).toContain("in_app");
    const s1 = await admin.campaign.updateSettings({ orgSlug: y.org.slug, baseCurrency: "CNY", approvalThresholdMinor: 5_000_000, channels: ["email", "wechat", "wechat"], version: 0 });
    expect(s1).toMatchObject({ baseCurrency: "CNY", channels: ["email", "wechat"], version: 1 });
    await expectCode(admin.campaign.updateSettings({ orgSlug: y.org.slug, baseCurrency: "CNY", approvalThresholdMinor: 1, channels: ["email"], version: 0 }), "CONFLICT");
    await expectFieldError(admin.campaign.updateSettings({ orgSlug: y.org.slug, baseCurrency: "CNY", approvalThresholdMinor: -1, channels: ["email"], version: 1 }), "approvalThresholdMinor", "negative");
    await expectFieldError(admin.campaign.updateSettings({ orgSlug: y.org.slug, baseCurrency: "CNY", approvalThresholdMinor: 1, channels: ["WeChat!"], version: 1 }), "channels.0", "lowercase");
    // a campaign now defaults to CNY and may use the new channel
    const owner = await callerFor(h.db, y.org.users.owner.id);
    const c = await owner.campaign.create({ orgSlug: y.org.slug, name: "CNY", ownerId: y.org.users.owner.id, channels: ["wechat"], startsOn: "2030-01-20", endsOn: "2030-02-10" });
    expect(c.currency).toBe("CNY");
    const usd = await admin.campaign.setRate({ orgSlug: y.org.slug, currency: "usd", rate: "7.1000", version: 0 });
    expect(usd).toMatchObject({ currency: "USD", rate: "7.1", version: 1 });
    await expectCode(admin.campaign.setRate({ orgSlug: y.org.slug, currency: "USD", rate: "7.2", version: 0 }), "CONFLICT");
    const usd2 = await admin.campaign.setRate({ orgSlug: y.org.slug, currency: "USD", rate: "7.2", version: 1 });
    expect(usd2!.rate).toBe("7.2");
    await expectFieldError(admin.campaign.setRate({ orgSlug: y.org.slug, currency: "CNY", rate: "1", version: 0 }), "currency", "base currency");
    await expectFieldError(admin.campaign.setRate({ orgSlug: y.org.slug, currency: "EUR", rate: "-1", version: 0 }), "rate", "positive decimal");
    await expectFieldError(admin.campaign.setRate({ orgSlug: y.org.slug, currency: "EUR", rate: "1e3", version: 0 }), "rate", "positive decimal");
    await expectFieldError(admin.campaign.setRate({ orgSlug: y.org.slug, currency: "ZZZ", rate: "1", version: 0 }), "currency", "Unknown currency");
    // the base currency cannot change while rates to it exist
    await expectFieldError(admin.campaign.updateSettings({ orgSlug: y.org.slug, baseCurrency: "EUR", approvalThresholdMinor: 1, channels: ["email", "wechat"], version: 1 }), "baseCurrency", "exchange rates");
    expect(await admin.campaign.setRate({ orgSlug: y.org.slug, currency: "USD", rate: null, version: 2 })).toBeNull();
    expect((await admin.campaign.settings({ orgSlug: y.org.slug })).rates).toEqual([]);
    // managers may not
    await expectCode((await callerFor(h.db, y.org.users.manager.id)).campaign.setRate({ orgSlug: y.org.slug, currency: "EUR", rate: "1", version: 0 }), "FORBIDDEN");
  });
});

/** Round trips of the two measured writes (bench/run.ts): a KR check-in and a campaign launch decision. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { and, asc, eq } from "drizzle-orm";
import { approvalRequests, approvalSteps, auditEvents, campaigns, campaignSpend, keyResults, notifications, riskKris } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { statementLog } from "../helpers/statement-log";
import { callerFor } from "../helpers/factories";
import { build, makeWorld, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;
const { logQuery, counted } = statementLog();

beforeAll(async () => {
  h = await createTestDb({ logQuery });
  w = await makeWorld(h.db, "wstmts");
});
afterAll(async () => h?.close());

const short = (s: string[]) => s.map((q) => q.replace(/\s+/g, " ").slice(0, 150));

/** A campaign awaiting launch approval with one admin/owner step, like the benchmark's fixtures. */
async function pendingLaunch(opts: { spendMinor: number; requestedMinor?: number }) {
  const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
  const c = await build.campaign(w, s, { status: "pending_approval" });
  if (opts.spendMinor) {
    await h.db.insert(campaignSpend).values({ orgId: w.org.orgId, campaignId: c.id, spentOn: "2030-01-05", channel: "email", amountMinor: opts.spendMinor, currency: "USD" });
  }
  const [r] = await h.db
    .insert(approvalRequests)
    .values({
      orgId: w.org.orgId,
      subjectType: "campaign_launch",
      subjectId: c.id,
      requesterId: s.ownerId,
      departmentId: s.departmentId,
      title: c.name,
      snapshot: { kind: "campaign_launch", requestedMinor: opts.requestedMinor ?? 1_000_000, currency: "USD", lines: [], keyResults: [] },
      dueAt: new Date(Date.now() + 3 * 86_400_000),
    })
    .returning();
  await h.db.insert(approvalSteps).values({ orgId: w.org.orgId, requestId: r!.id, position: 0, rule: { kind: "role", roles: ["admin", "owner"] }, status: "pending" });
  return { campaign: c, request: r! };
}

/** The statements of a call, without the transaction's begin/commit (node-postgres logs them, PGlite does not). */
const own = (statements: string[]) => statements.filter((q) => !/^\s*(begin|commit)\b/i.test(q));
const matching = (statements: string[], re: RegExp) => statements.filter((q) => re.test(q));

describe("keyResult.checkIn", () => {
  it("unwatched: session, load (with the KRI watch), check-in + KR update, audit (+ webhook lookup) — no risk_kris query", async () => {
    const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const kr = await build.keyResult(w, s);
    const member = await callerFor(h.db, w.org.users.member.id);
    const { value, statements } = await counted(() => member.keyResult.checkIn({ orgSlug: w.org.slug, keyResultId: kr.id, value: 5, confidence: 7, note: "" }));
    expect(value).toMatchObject({ keyResultId: kr.id, value: 5, confidence: 7 });
    const list = own(statements);
    expect(list.length, short(list).join("\n")).toBeLessThanOrEqual(4);
    expect(matching(list, /^select "risk_kris"/)).toHaveLength(0);
    const [after] = await h.db.select().from(keyResults).where(eq(keyResults.id, kr.id));
    expect(after).toMatchObject({ currentValue: 5, confidence: 7 });
    const audits = await h.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, kr.id), eq(auditEvents.action, "check_in")));
    expect(audits).toHaveLength(1);
  });

  it("watched by a key risk indicator: the indicator is still judged in the same call", async () => {
    const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const kr = await build.keyResult(w, s);
    const r = await build.risk(w, s);
    const [kri] = await h.db.insert(riskKris).values({ orgId: w.org.orgId, riskId: r.id, kind: "key_result", keyResultId: kr.id }).returning();
    const member = await callerFor(h.db, w.org.users.member.id);
    const { statements } = await counted(() => member.keyResult.checkIn({ orgSlug: w.org.slug, keyResultId: kr.id, value: 5, confidence: 3, note: "" }));
    const list = own(statements);
    expect(matching(list, /^select "risk_kris"/)).toHaveLength(1);
    expect(list.length, short(list).join("\n")).toBeLessThanOrEqual(13);
    const [k] = await h.db.select().from(riskKris).where(eq(riskKris.id, kri!.id));
    expect(k!.state).toBe("breached");
  });
});

describe("approval.decide (campaign launch, one admin/owner step)", () => {
  it("within budget: one statement loads request, steps, settings and the approver check; audits and notifications are one insert each", async () => {
    const owner = await callerFor(h.db, w.org.users.owner.id);
    const { campaign, request } = await pendingLaunch({ spendMinor: 500_000 });
    const { value, statements } = await counted(() => owner.approval.decide({ orgSlug: w.org.slug, requestId: request.id, decision: "approve", comment: "" }));
    expect(value.status).toBe("approved");
    const list = own(statements);
    expect(list.length, short(list).join("\n")).toBeLessThanOrEqual(8);
    // decision row, closed step and request change: one statement
    expect(matching(list, /^with "decided" as \(insert into "approval_decisions"/)).toHaveLength(1);
    expect(matching(list, /from "approval_steps"|from "approval_settings"|from "memberships"/).filter((q) => !/^select "approval_requests"/.test(q))).toHaveLength(0);
    expect(matching(list, /campaign_spend/).filter((q) => !/^update "campaigns"/.test(q))).toHaveLength(0);
    expect(matching(list, /^select "risk_kris"/)).toHaveLength(0);
    expect(matching(list, /insert into "audit_events"/)).toHaveLength(1);
    expect(matching(list, /insert into "notifications"/)).toHaveLength(1);
    const audits = await h.db.select().from(auditEvents).where(eq(auditEvents.orgId, w.org.orgId)).orderBy(asc(auditEvents.id));
    expect(audits.filter((a) => a.entityId === campaign.id || a.entityId === request.id).map((a) => `${a.entityType}.${a.action}`)).toEqual([
      "campaign.status_approved",
      "approval.approve",
    ]);
    const [c] = await h.db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(c).toMatchObject({ status: "approved", approvedBudgetMinor: 1_000_000, overBudgetAt: null });
    const sent = await h.db.select().from(notifications).where(eq(notifications.link, `/${w.org.slug}/approvals/${request.id}`));
    expect(sent.map((n) => [n.userId, n.kind])).toEqual([[w.org.users.member.id, "approval_approved"]]);
  });

  it("over budget: the warning, its notification and audit row cost a few statements more; the count does not grow with the organisation", async () => {
    const owner = await callerFor(h.db, w.org.users.owner.id);
    const first = await pendingLaunch({ spendMinor: 2_000_000 });
    const a = await counted(() => owner.approval.decide({ orgSlug: w.org.slug, requestId: first.request.id, decision: "approve", comment: "" }));
    const list = own(a.statements);
    expect(list.length, short(list).join("\n")).toBeLessThanOrEqual(10);
    expect(matching(list, /insert into "audit_events"/)).toHaveLength(1);
    const [c] = await h.db.select().from(campaigns).where(eq(campaigns.id, first.campaign.id));
    expect(c!.overBudgetAt).toBeInstanceOf(Date);
    const actions = (await h.db.select().from(auditEvents).where(eq(auditEvents.entityId, first.campaign.id))).map((e) => e.action);
    expect(actions.sort()).toEqual(["over_budget", "status_approved"]);
    const warned = await h.db.select().from(notifications).where(and(eq(notifications.kind, "campaignOverBudget"), eq(notifications.link, `/${w.org.slug}/campaigns/${first.campaign.id}`)));
    expect(warned.map((n) => n.userId)).toEqual([w.org.users.member.id]);

    // More admins and owners (the step's approvers) and more spend rows: the same statements.
    for (let i = 0; i < 6; i++) await build.member(w, i % 2 ? "admin" : "owner");
    const second = await pendingLaunch({ spendMinor: 2_000_000 });
    for (let i = 0; i < 5; i++) {
      await h.db.insert(campaignSpend).values({ orgId: w.org.orgId, campaignId: second.campaign.id, spentOn: "2030-01-06", channel: "social", amountMinor: 10, currency: "USD" });
    }
    const b = await counted(() => owner.approval.decide({ orgSlug: w.org.slug, requestId: second.request.id, decision: "approve", comment: "" }));
    expect(own(b.statements).length).toBe(list.length);
  });
});

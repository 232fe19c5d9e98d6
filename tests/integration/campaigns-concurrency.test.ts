/**
 * Campaign races on real PostgreSQL (TEST_DB=neon; skipped on PGlite, which runs one statement at a
 * time): concurrent spend past the approved budget warns once; cancelling a campaign while its launch
 * is being approved (or requested) ends in one consistent outcome, never a deadlock.
 */
import { TRPCError } from "@trpc/server";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { approvalRequests, auditEvents, campaigns, notifications } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { makeWorld, type World } from "./_support/procedures";

const cfg = inject("testDb");

describe.runIf(cfg.kind === "neon")("concurrent campaign changes (PostgreSQL)", () => {
  let h: DbHandle;
  let w: World;
  const as = (userId: string) => callerFor(h.db, userId);
  const slug = () => w.org.slug;

  beforeAll(async () => {
    h = await createTestDb();
    w = await makeWorld(h.db, "camprace");
  });
  afterAll(async () => h?.close());

  async function draft(budget: number) {
    const m = await as(w.org.users.member.id);
    const c = await m.campaign.create({
      orgSlug: slug(),
      name: "Race",
      ownerId: w.org.users.member.id,
      departmentId: w.org.departmentIds.a,
      channels: ["email"],
      startsOn: "2030-01-01",
      endsOn: "2030-01-31",
    });
    return (await m.campaign.setBudgetLines({ orgSlug: slug(), campaignId: c.id, version: c.version, lines: [{ channel: "email", amountMinor: budget }] })).campaign;
  }
  const row = async (id: string) => (await h.db.select().from(campaigns).where(eq(campaigns.id, id)))[0]!;
  const settle = (ps: Promise<unknown>[]) => Promise.allSettled(ps);
  const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === "fulfilled" ? "OK" : ((r.reason as TRPCError).code ?? String(r.reason)));

  it("ten spend entries at once past the approved budget: all recorded, one warning, one notification each", async () => {
    const c = await draft(100_000);
    const r = await (await as(w.org.users.member.id)).approval.request({ orgSlug: slug(), subjectType: "campaign_launch", subjectId: c.id });
    await (await as(w.org.users.manager.id)).approval.decide({ orgSlug: slug(), requestId: r.id, decision: "approve" });
    const spenders = [w.org.users.owner.id, w.org.users.admin.id];
    const callers = await Promise.all(Array.from({ length: 10 }, (_, i) => as(spenders[i % 2]!)));
    const res = await settle(callers.map((k) => k.campaign.recordSpend({ orgSlug: slug(), campaignId: c.id, spentOn: "2030-01-05", channel: "email", amountMinor: 20_000 })));
    expect(res.map(codeOf)).toEqual(Array(10).fill("OK"));
    const after = await row(c.id);
    expect(after.overBudgetAt).not.toBeNull();
    const warned = await h.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, c.id), eq(auditEvents.action, "over_budget")));
    expect(warned).toHaveLength(1);
    const notes = await h.db.select().from(notifications).where(and(eq(notifications.kind, "campaignOverBudget"), like(notifications.link, `%/campaigns/${c.id}`)));
    expect(notes.map((n) => n.userId).sort()).toEqual([w.org.users.manager.id, w.org.users.member.id].sort());
  });

  it("cancel while the manager approves: one wins, the other gets a conflict, no deadlock", async () => {
    for (let i = 0; i < 5; i++) {
      const c = await draft(10_000);
      const r = await (await as(w.org.users.member.id)).approval.request({ orgSlug: slug(), subjectType: "campaign_launch", subjectId: c.id });
      const pendingVersion = (await row(c.id)).version;
      const [member, manager] = await Promise.all([as(w.org.users.member.id), as(w.org.users.manager.id)]);
      const [cancel, decide] = await settle([
        member.campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "cancelled", version: pendingVersion }),
        manager.approval.decide({ orgSlug: slug(), requestId: r.id, decision: "approve" }),
      ]);
      const outcome = [codeOf(cancel!), codeOf(decide!)].sort();
      expect(outcome, `round ${i}`).toEqual(["CONFLICT", "OK"]);
      const [req] = await h.db.select().from(approvalRequests).where(eq(approvalRequests.id, r.id));
      const cur = await row(c.id);
      if (codeOf(cancel!) === "OK") {
        expect([cur.status, req!.status]).toEqual(["cancelled", "cancelled"]);
      } else {
        expect([cur.status, req!.status, cur.approvedBudgetMinor]).toEqual(["approved", "approved", 10_000]);
      }
    }
  });

  it("cancel while the launch is being requested: never a pending request on a cancelled campaign", async () => {
    for (let i = 0; i < 5; i++) {
      const c = await draft(10_000);
      const [a, b] = await Promise.all([as(w.org.users.member.id), as(w.org.users.member.id)]);
      await settle([
        a.approval.request({ orgSlug: slug(), subjectType: "campaign_launch", subjectId: c.id }),
        b.campaign.setStatus({ orgSlug: slug(), campaignId: c.id, status: "cancelled", version: c.version }),
      ]);
      const cur = await row(c.id);
      const pending = await h.db
        .select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.subjectId, c.id), eq(approvalRequests.status, "pending")));
      if (cur.status === "cancelled") expect(pending, `round ${i}`).toEqual([]);
      else expect([cur.status, pending.length], `round ${i}`).toEqual(["pending_approval", 1]);
    }
  });
});

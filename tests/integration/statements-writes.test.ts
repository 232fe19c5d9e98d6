/** Round trips of the two measured writes (bench/run.ts): a KR check-in and a campaign launch decision. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { approvalRequests, approvalSteps, campaignSpend, riskKris } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, makeWorld, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;
let log: string[] = [];

beforeAll(async () => {
  h = await createTestDb({ logQuery: (q) => log.push(q) });
  w = await makeWorld(h.db, "wstmts");
});
afterAll(async () => h?.close());

async function counted<T>(fn: () => Promise<T>) {
  log = [];
  const value = await fn();
  return { value, statements: [...log] };
}
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

describe("statements per write", () => {
  it("check-in, unwatched and watched", async () => {
    const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const kr = await build.keyResult(w, s);
    const member = await callerFor(h.db, w.org.users.member.id);
    const a = await counted(() => member.keyResult.checkIn({ orgSlug: w.org.slug, keyResultId: kr.id, value: 5, confidence: 7, note: "" }));
    console.log("CHECKIN unwatched", a.statements.length, short(a.statements));
    const r = await build.risk(w, s);
    await h.db.insert(riskKris).values({ orgId: w.org.orgId, riskId: r.id, kind: "key_result", keyResultId: kr.id });
    const b = await counted(() => member.keyResult.checkIn({ orgSlug: w.org.slug, keyResultId: kr.id, value: 5, confidence: 3, note: "" }));
    console.log("CHECKIN watched", b.statements.length, short(b.statements));
  });
  it("decide", async () => {
    const owner = await callerFor(h.db, w.org.users.owner.id);
    for (const spend of [0, 2_000_000]) {
      const { request } = await pendingLaunch({ spendMinor: spend });
      const a = await counted(() => owner.approval.decide({ orgSlug: w.org.slug, requestId: request.id, decision: "approve", comment: "" }));
      console.log("DECIDE spend", spend, a.statements.length, short(a.statements));
      expect(a.value.status).toBe("approved");
    }
  });
});

/**
 * "My work" through the tRPC caller: each list holds exactly the caller's own open items, and only
 * those that need them now.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { campaigns, keyResults, retroActions, risks } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, dayFromToday, makeWorld, type World } from "./_support/procedures";

let h: DbHandle;
let w: World;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "mywork");
});
afterAll(async () => h?.close());

describe("my work", () => {
  it("lists my KRs, approvals waiting for me, my open actions, my risks due for review and my live campaigns — and nobody else's", async () => {
    const me = w.org.users.member.id;
    const mine = { ownerId: me, departmentId: w.org.departmentIds.a };
    const theirs = { ownerId: w.other.id, departmentId: w.org.departmentIds.b };

    const kr = await build.keyResult(w, mine);
    const otherKr = await build.keyResult(w, theirs);
    // Checked in yesterday: listed, but not due.
    await h.db.update(keyResults).set({ lastCheckInAt: new Date(Date.now() - 86_400_000) }).where(eq(keyResults.id, otherKr.id));

    const liveMine = await build.campaign(w, mine, { status: "live", approvedBudgetMinor: 0 });
    const liveTeam = await build.campaign(w, theirs, { status: "live", approvedBudgetMinor: 0 });
    await h.db.update(campaigns).set({ teamMemberIds: [me] }).where(eq(campaigns.id, liveTeam.id));
    const draftMine = await build.campaign(w, mine);
    const liveTheirs = await build.campaign(w, theirs, { status: "live", approvedBudgetMinor: 0 });

    const overdueRisk = await build.risk(w, mine, { scores: [3, 3, 2, 2] });
    await h.db.update(risks).set({ nextReviewOn: dayFromToday(-3) }).where(eq(risks.id, overdueRisk.id));
    const warnedRisk = await build.risk(w, mine, { scores: [3, 3, 2, 2] });
    await h.db.update(risks).set({ nextReviewOn: dayFromToday(60), warningAt: new Date() }).where(eq(risks.id, warnedRisk.id));
    const laterRisk = await build.risk(w, mine, { scores: [3, 3, 2, 2] });
    await h.db.update(risks).set({ nextReviewOn: dayFromToday(60) }).where(eq(risks.id, laterRisk.id));
    const closedRisk = await build.risk(w, mine, { status: "closed" });
    await h.db.update(risks).set({ nextReviewOn: dayFromToday(-3) }).where(eq(risks.id, closedRisk.id));

    const action = await build.retroAction(w, mine);
    const doneAction = await build.retroAction(w, mine);
    await h.db.update(retroActions).set({ status: "done" }).where(eq(retroActions.id, doneAction.id));
    await h.db.update(retroActions).set({ dueOn: dayFromToday(-1) }).where(eq(retroActions.id, action.id));
    const theirAction = await build.retroAction(w, theirs);

    const work = await (await callerFor(h.db, me)).dashboard.myWork({ orgSlug: w.org.slug });
    expect(work.keyResults.map((k) => [k.id, k.due])).toEqual([[kr.id, true]]);
    expect(work.campaigns.map((c) => c.id).sort()).toEqual([liveMine.id, liveTeam.id].sort());
    expect(work.campaigns.map((c) => c.id)).not.toContain(draftMine.id);
    expect(work.campaigns.map((c) => c.id)).not.toContain(liveTheirs.id);
    expect(work.risks.map((r) => [r.id, r.reviewOverdue]).sort()).toEqual([[overdueRisk.id, true], [warnedRisk.id, false]].sort());
    expect(work.actions.map((a) => [a.id, a.overdue])).toEqual([[action.id, true]]);
    expect(work.actions.map((a) => a.id)).not.toContain(theirAction.id);
    expect(work.approvals.items).toEqual([]);

    // The other person sees their own KR and action, none of mine.
    const theirWork = await (await callerFor(h.db, w.other.id)).dashboard.myWork({ orgSlug: w.org.slug });
    expect(theirWork.keyResults.map((k) => [k.id, k.due])).toEqual([[otherKr.id, false]]);
    expect(theirWork.actions.map((a) => a.id)).toEqual([theirAction.id]);
    expect(theirWork.campaigns.map((c) => c.id).sort()).toEqual([liveTeam.id, liveTheirs.id].sort());
  });

  it("shows the approvals waiting for me", async () => {
    const manager = w.org.users.manager.id;
    const s = { ownerId: w.org.users.member.id, departmentId: w.org.departmentIds.a };
    const request = await build.approvalRequest(w, s, { requesterId: w.org.users.member.id, rule: { kind: "department_managers", departmentId: w.org.departmentIds.a } });
    const work = await (await callerFor(h.db, manager)).dashboard.myWork({ orgSlug: w.org.slug });
    expect(work.approvals.items.map((r) => r.id)).toContain(request.id);
  });
});

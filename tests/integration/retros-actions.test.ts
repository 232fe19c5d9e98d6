/**
 * Retro action items and inputs through the tRPC caller: actions are added in discuss/actions, come
 * back as open actions in the next retro of the same department, and convert (once) into a draft
 * objective for a period, a key result of an objective or a risk, linked back. The prepare step's
 * inputs: objective scores of the period, campaigns over budget, risks whose residual score went up,
 * overdue actions of earlier retros.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { campaigns, keyResults, objectives, retroActions, retros, riskAssessments, risks } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { build } from "./_support/procedures";
import { createRetro, expectError, expectFieldKey, getFull, moveTo, retroWorld, type RetroWorld } from "./_support/retros";

let h: DbHandle;
let rw: RetroWorld;

beforeAll(async () => {
  h = await createTestDb();
  rw = await retroWorld(h.db, "ract");
});
afterAll(async () => h?.close());

const actionRow = async (id: string) => (await h.db.select().from(retroActions).where(eq(retroActions.id, id)))[0]!;

describe("action items", () => {
  it("are added in discuss and actions only, by participants, with a group of the same retro", async () => {
    const r = await createRetro(rw, { hideUntilReveal: false });
    const s = rw.slug;
    const ann = await rw.as(rw.ann);
    await moveTo(rw, r.id, "collect");
    await ann.retro.addCard({ orgSlug: s, retroId: r.id, columnKey: "start", body: "A" });
    await moveTo(rw, r.id, "vote");
    await expectError(ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "Too early" }), "BAD_REQUEST", "e.retro.wrongPhase");
    await moveTo(rw, r.id, "discuss");
    const g = (await getFull(rw, rw.ann, r.id)).groups[0]!;
    const a = await ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "In discuss", ownerId: rw.bob.id, dueOn: "2030-02-01", groupId: g.id });
    expect([a.status, a.ownerId, a.dueOn, a.groupId, a.convertedTo]).toEqual(["open", rw.bob.id, "2030-02-01", g.id, null]);
    // A group of another retro is refused on the groupId field.
    const other = await createRetro(rw, { hideUntilReveal: false });
    await moveTo(rw, other.id, "collect");
    await ann.retro.addCard({ orgSlug: s, retroId: other.id, columnKey: "start", body: "B" });
    await moveTo(rw, other.id, "vote");
    const og = (await getFull(rw, rw.ann, other.id)).groups[0]!;
    await expectFieldKey(ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "Wrong group", groupId: og.id }), "groupId", "e.retro.otherRetro");
    // The owner must belong to the organisation.
    await expectFieldKey(ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "Nobody", ownerId: "00000000-0000-4000-8000-000000000000" }), "ownerId", "e.notAMember");
    await moveTo(rw, r.id, "actions");
    await ann.retro.addAction({ orgSlug: s, retroId: r.id, title: "In actions" });
    expect((await getFull(rw, rw.viewer, r.id)).actions.map((x) => [x.title, x.ownerName])).toEqual([
      ["In discuss", rw.bob.name],
      ["In actions", null],
    ]);
    // After closing, the action's owner still updates its status (reviewed in the next retro).
    const closed = await moveTo(rw, r.id, "closed");
    expect(closed.phase).toBe("closed");
    const done = await (await rw.as(rw.bob)).retro.updateAction({ orgSlug: s, actionId: a.id, version: a.version, title: a.title, ownerId: rw.bob.id, dueOn: a.dueOn, groupId: g.id, status: "done" });
    expect(done.status).toBe("done");
    await expectError(
      (await rw.as(rw.outsider)).retro.updateAction({ orgSlug: s, actionId: a.id, version: done.version, title: "Hijack", ownerId: null, dueOn: null, groupId: null, status: "dropped" }),
      "FORBIDDEN",
      "e.retro.notParticipant",
    );
    expect((await actionRow(a.id)).title).toBe("In discuss");
  });

  it("open actions carry over to the next retro of the same department, not to other departments", async () => {
    const r1 = await createRetro(rw, { hideUntilReveal: false });
    const s = rw.slug;
    const ann = await rw.as(rw.ann);
    await moveTo(rw, r1.id, "discuss");
    const open = await ann.retro.addAction({ orgSlug: s, retroId: r1.id, title: "Still open", ownerId: rw.ann.id, dueOn: "2030-03-01" });
    const doing = await ann.retro.addAction({ orgSlug: s, retroId: r1.id, title: "Under way" });
    await ann.retro.updateAction({ orgSlug: s, actionId: doing.id, version: doing.version, title: doing.title, ownerId: null, dueOn: null, groupId: null, status: "in_progress" });
    const finished = await ann.retro.addAction({ orgSlug: s, retroId: r1.id, title: "Finished" });
    await ann.retro.updateAction({ orgSlug: s, actionId: finished.id, version: finished.version, title: finished.title, ownerId: null, dueOn: null, groupId: null, status: "done" });
    const dropped = await ann.retro.addAction({ orgSlug: s, retroId: r1.id, title: "Dropped" });
    await ann.retro.updateAction({ orgSlug: s, actionId: dropped.id, version: dropped.version, title: dropped.title, ownerId: null, dueOn: null, groupId: null, status: "dropped" });
    await moveTo(rw, r1.id, "closed");
    // The retro itself does not review its own actions.
    expect((await getFull(rw, rw.ann, r1.id)).openActions.filter((a) => a.retroId === r1.id)).toEqual([]);

    const r2 = await createRetro(rw, { title: "Next quarter" });
    const carried = (await getFull(rw, rw.bob, r2.id)).openActions.filter((a) => a.retroId === r1.id);
    expect(carried.map((a) => [a.title, a.status, a.retroTitle]).sort()).toEqual(
      [
        ["Still open", "open", r1.title],
        ["Under way", "in_progress", r1.title],
      ].sort(),
    );
    expect(carried.find((a) => a.id === open.id)!.ownerName).toBe(rw.ann.name);
    // A retro of department B does not see department A's actions.
    const rb = await createRetro(rw, { departmentIds: [rw.w.org.departmentIds.b] });
    expect((await getFull(rw, rw.bob, rb.id)).openActions.filter((a) => a.retroId === r1.id)).toEqual([]);
    // Once done, it no longer carries over.
    const cur = await actionRow(open.id);
    await ann.retro.updateAction({ orgSlug: s, actionId: open.id, version: cur.version, title: cur.title, ownerId: cur.ownerId, dueOn: cur.dueOn, groupId: null, status: "done" });
    expect((await getFull(rw, rw.bob, r2.id)).openActions.filter((a) => a.retroId === r1.id).map((a) => a.title)).toEqual(["Under way"]);
  });

  async function actionToConvert(title: string) {
    const r = await createRetro(rw, { hideUntilReveal: false });
    await moveTo(rw, r.id, "discuss");
    const a = await (await rw.as(rw.fac)).retro.addAction({ orgSlug: rw.slug, retroId: r.id, title, ownerId: rw.fac.id });
    return { r, a };
  }

  it("converts into a draft objective for a period, linked back; a second conversion is refused", async () => {
    const { r, a } = await actionToConvert("Shorten onboarding");
    const next = await build.period(rw.w, "planning");
    const fac = await rw.as(rw.fac);
    const out = await fac.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "objective", periodId: next.id });
    expect(out.convertedTo?.type).toBe("objective");
    const [o] = await h.db.select().from(objectives).where(eq(objectives.id, out.convertedTo!.id));
    expect([o!.title, o!.status, o!.periodId, o!.departmentId, o!.ownerId, o!.orgId]).toEqual(["Shorten onboarding", "draft", next.id, rw.w.org.departmentIds.a, rw.fac.id, rw.w.org.orgId]);
    expect((await actionRow(a.id)).convertedTo).toEqual({ type: "objective", id: o!.id });
    expect((await getFull(rw, rw.viewer, r.id)).actions[0]!.convertedTo).toEqual({ type: "objective", id: o!.id });
    const before = await h.db.select().from(objectives).where(eq(objectives.orgId, rw.w.org.orgId));
    await expectError(fac.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "objective", periodId: next.id }), "BAD_REQUEST", "e.retro.alreadyConverted");
    await expectError(fac.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "risk", category: "operational" }), "BAD_REQUEST", "e.retro.alreadyConverted");
    expect(await h.db.select().from(objectives).where(eq(objectives.orgId, rw.w.org.orgId))).toHaveLength(before.length);
  });

  it("converts into a key result of an objective, linked back; once only", async () => {
    const { a } = await actionToConvert("Weekly demo");
    const o = await build.objective(rw.w, { ownerId: rw.fac.id, departmentId: rw.w.org.departmentIds.a });
    const fac = await rw.as(rw.fac);
    const out = await fac.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "key_result", objectiveId: o.id });
    expect(out.convertedTo?.type).toBe("key_result");
    const [kr] = await h.db.select().from(keyResults).where(eq(keyResults.id, out.convertedTo!.id));
    expect([kr!.title, kr!.objectiveId, kr!.ownerId, kr!.type]).toEqual(["Weekly demo", o.id, rw.fac.id, "milestone"]);
    expect((await actionRow(a.id)).convertedTo).toEqual({ type: "key_result", id: kr!.id, objectiveId: o.id });
    await expectError(fac.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "key_result", objectiveId: o.id }), "BAD_REQUEST", "e.retro.alreadyConverted");
    expect(await h.db.select().from(keyResults).where(eq(keyResults.objectiveId, o.id))).toHaveLength(1);
  });

  it("a failed conversion (unknown objective) writes nothing", async () => {
    const { a } = await actionToConvert("Nowhere");
    const e = await (await rw.as(rw.fac)).retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "key_result", objectiveId: "00000000-0000-4000-8000-000000000000" }).then(
      () => null,
      (err: { code: string }) => err,
    );
    expect(e?.code).toMatch(/BAD_REQUEST|NOT_FOUND/);
    expect((await actionRow(a.id)).convertedTo).toBeNull();
  });

  it("converts into a risk (by a manager of the department, who is no participant), linked back; once only", async () => {
    const { r, a } = await actionToConvert("Single supplier for laptops");
    const mgr = await rw.as(rw.manager);
    const out = await mgr.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "risk", category: "operational" });
    expect(out.convertedTo?.type).toBe("risk");
    const [risk] = await h.db.select().from(risks).where(eq(risks.id, out.convertedTo!.id));
    expect([risk!.title, risk!.category, risk!.departmentId, risk!.ownerId, risk!.status]).toEqual(["Single supplier for laptops", "operational", rw.w.org.departmentIds.a, rw.fac.id, "identified"]);
    expect(risk!.description).toContain(r.title);
    await expectError(mgr.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "risk", category: "operational" }), "BAD_REQUEST", "e.retro.alreadyConverted");
    // Someone neither participant nor facilitator may not convert.
    const { a: b } = await actionToConvert("Not yours");
    await expectError((await rw.as(rw.outsider)).retro.convertAction({ orgSlug: rw.slug, actionId: b.id, to: "risk", category: "operational" }), "FORBIDDEN", "e.retro.notParticipant");
    expect((await actionRow(b.id)).convertedTo).toBeNull();
  });
});

describe("inputs", () => {
  it("shows the period's objective scores, campaigns over budget, risks whose residual went up and overdue actions of earlier retros", async () => {
    const w = rw.w;
    const A = { ownerId: rw.fac.id, departmentId: w.org.departmentIds.a };
    const B = { ownerId: w.other.id, departmentId: w.org.departmentIds.b };
    // Objectives: of the period in A (listed), in B (not), of another period (not).
    const oA = await build.objective(w, A);
    await h.db.update(objectives).set({ score: 0.7 }).where(eq(objectives.id, oA.id));
    const oB = await build.objective(w, B);
    const later = await build.period(w);
    const oLater = await build.objective(w, A, later.id);
    // Campaigns: over budget in A (listed), within budget in A, over budget in B (not).
    const cOver = await build.campaign(w, A, { status: "live", approvedBudgetMinor: 100 });
    await h.db.update(campaigns).set({ overBudgetAt: new Date("2030-02-01T00:00:00Z") }).where(eq(campaigns.id, cOver.id));
    const cFine = await build.campaign(w, A, { status: "live", approvedBudgetMinor: 100 });
    const cOverB = await build.campaign(w, B, { status: "live", approvedBudgetMinor: 100 });
    // Over budget, but it ran in another quarter: not a fact of this period.
    const cOverOld = await build.campaign(w, A, { status: "completed", approvedBudgetMinor: 100 });
    await h.db.update(campaigns).set({ startsOn: "2029-04-01", endsOn: "2029-06-30", overBudgetAt: new Date("2029-05-01T00:00:00Z") }).where(eq(campaigns.id, cOverOld.id));
    await h.db.update(campaigns).set({ overBudgetAt: new Date("2030-02-01T00:00:00Z") }).where(eq(campaigns.id, cOverB.id));
    // Risks: residual 4 → 12 during the period (listed); 16 → 2 (not); moved only before the period (not); closed (not).
    const assess = (riskId: string, rl: number, ri: number, at: string) =>
      h.db.insert(riskAssessments).values({ orgId: w.org.orgId, riskId, inherentLikelihood: 5, inherentImpact: 5, residualLikelihood: rl, residualImpact: ri, createdAt: new Date(at) });
    const up = await build.risk(w, A, { scores: [5, 5, 3, 4] });
    await assess(up.id, 2, 2, "2030-01-10T00:00:00Z");
    await assess(up.id, 3, 4, "2030-02-10T00:00:00Z");
    const down = await build.risk(w, A, { scores: [5, 5, 1, 2] });
    await assess(down.id, 4, 4, "2030-01-10T00:00:00Z");
    await assess(down.id, 1, 2, "2030-02-10T00:00:00Z");
    const before = await build.risk(w, A, { scores: [5, 5, 4, 4] });
    await assess(before.id, 1, 1, "2029-10-10T00:00:00Z");
    const closed = await build.risk(w, A, { scores: [5, 5, 4, 4], status: "closed" });
    await assess(closed.id, 1, 1, "2030-01-10T00:00:00Z");
    // Actions of an earlier retro: overdue and open (listed), overdue but done (not), due later (not).
    const past = await build.retro(w, A, { phase: "closed" });
    const [overdue] = await h.db.insert(retroActions).values({ orgId: w.org.orgId, retroId: past.id, title: "Overdue one", dueOn: "2020-01-01", status: "open" }).returning();
    const [overdueDone] = await h.db.insert(retroActions).values({ orgId: w.org.orgId, retroId: past.id, title: "Done late", dueOn: "2020-01-01", status: "done" }).returning();
    const [future] = await h.db.insert(retroActions).values({ orgId: w.org.orgId, retroId: past.id, title: "Not yet due", dueOn: "2999-01-01", status: "open" }).returning();

    // Overdue actions of a department B retro are not this retro's business.
    const pastB = await build.retro(w, B, { phase: "closed" });
    const [overdueB] = await h.db.insert(retroActions).values({ orgId: w.org.orgId, retroId: pastB.id, title: "Other dept", dueOn: "2020-01-01", status: "open" }).returning();
    const r = await createRetro(rw);
    // Nor those of a later retro.
    const later2 = await build.retro(w, A, { phase: "actions" });
    await h.db.update(retros).set({ createdAt: new Date(Date.now() + 86_400_000) }).where(eq(retros.id, later2.id));
    const [overdueLater] = await h.db.insert(retroActions).values({ orgId: w.org.orgId, retroId: later2.id, title: "Later retro", dueOn: "2020-01-01", status: "open" }).returning();
    // An overdue action of this very retro is not an input to it.
    const [own] = await h.db.insert(retroActions).values({ orgId: w.org.orgId, retroId: r.id, title: "Own overdue", dueOn: "2020-01-01", status: "open" }).returning();
    const inputs = await (await rw.as(rw.viewer)).retro.inputs({ orgSlug: rw.slug, retroId: r.id });
    expect(inputs.period).toEqual({ id: w.periodId, name: "2030-Q1" });
    const gradeIds = inputs.grades.map((g) => g.id);
    expect(gradeIds).toContain(oA.id);
    expect(gradeIds).not.toContain(oB.id);
    expect(gradeIds).not.toContain(oLater.id);
    expect(inputs.grades.find((g) => g.id === oA.id)!.score).toBe(0.7);
    expect(inputs.overBudget.map((c) => c.id)).toEqual([cOver.id]);
    expect(inputs.overBudget.map((c) => c.id)).not.toContain(cFine.id);
    expect(inputs.overBudget.map((c) => c.id)).not.toContain(cOverOld.id);
    expect(inputs.risksUp).toEqual([{ id: up.id, title: up.title, residualScore: 12, from: 4 }]);
    const overdueIds = inputs.overdueActions.map((a) => a.id);
    expect(overdueIds).toContain(overdue!.id);
    expect(overdueIds).not.toContain(overdueDone!.id);
    expect(overdueIds).not.toContain(future!.id);
    expect(overdueIds).not.toContain(own!.id);
    expect(overdueIds).not.toContain(overdueB!.id);
    expect(overdueIds).not.toContain(overdueLater!.id);
    expect(inputs.overdueActions.find((a) => a.id === overdue!.id)!.retroTitle).toBe(past.title);
  });
});

describe("action into a KPI", () => {
  it("creates the KPI with the action's title and thresholds, linked back; thresholds in the wrong order are refused", async () => {
    const r = await createRetro(rw);
    await moveTo(rw, r.id, "actions");
    // A participant writes the action; the department's manager (who may manage KPIs) turns it into one.
    const a = await (await rw.as(rw.fac)).retro.addAction({ orgSlug: rw.slug, retroId: r.id, title: `Lead response time ${Date.now()}` });
    const mgr = await rw.as(rw.manager);
    await expectError(
      mgr.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "kpi", direction: "lower_is_better", greenThreshold: 48, amberThreshold: 24 }),
      "BAD_REQUEST",
      "e.kpiBand.lower_is_better",
    );
    const out = await mgr.retro.convertAction({ orgSlug: rw.slug, actionId: a.id, to: "kpi", unit: "h", direction: "lower_is_better", greenThreshold: 24, amberThreshold: 48 });
    expect(out.convertedTo?.type).toBe("kpi");
    const kpi = (await mgr.kpi.list({ orgSlug: rw.slug })).find((k) => k.id === out.convertedTo!.id);
    expect(kpi).toMatchObject({ name: a.title, unit: "h", direction: "lower_is_better", greenThreshold: 24, amberThreshold: 48 });
  });
});

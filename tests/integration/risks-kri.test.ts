/**
 * Key risk indicators through the tRPC caller: a KR check-in with low confidence, a KPI value leaving
 * green and campaign overspend breach the indicator of the linked risk (warning, review brought
 * forward to today, owner notified, event recorded); coming back clears it; a KRI must point at the
 * caller's own organisation; addKri judges at once. And the overdue-review job: one notice per missed
 * review date, again once the date changes.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { risks } from "@/db/schema";
import { runRiskJobs } from "@/server/risks/jobs";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { build, makeWorld, mine, type World } from "./_support/procedures";
import {
  assess,
  assessedRisk,
  auditRows,
  day,
  kriEventsOf,
  krisOf,
  noon,
  notificationsAbout,
  riskRow,
  riskWorld,
  setStatus,
  type RiskWorld,
} from "./_support/risks";

let h: DbHandle;
let rw: RiskWorld;
let rival: World;

beforeAll(async () => {
  h = await createTestDb();
  rw = await riskWorld(h.db, "riskkri");
  rival = await makeWorld(h.db, "rivalkri");
});
afterAll(async () => h?.close());

/** The member's subject: owned by the member, in department A. */
const memberSubject = () => mine(rw.w, { userId: rw.U.member, email: rw.w.org.users.member.email });

async function addKri(riskId: string, kind: "kpi" | "key_result" | "campaign", targetId: string, marginPct?: number) {
  return (await rw.as(rw.U.member)).risk.addKri({ orgSlug: rw.slug, riskId, kind, targetId, marginPct });
}
async function checkIn(keyResultId: string, confidence: number, value = 5) {
  return (await rw.as(rw.U.member)).keyResult.checkIn({ orgSlug: rw.slug, keyResultId, value, confidence, note: "" });
}
async function recordValue(kpiId: string, value: number, observedOn: string) {
  return (await rw.as(rw.U.member)).kpi.recordValue({ orgSlug: rw.slug, kpiId, value, observedOn });
}
/** A risk whose next review is well ahead of today (so "brought forward to today" is visible). */
async function watchedRisk() {
  const r = await assessedRisk(rw, [4, 4, 3, 3]);
  expect(r.nextReviewOn).toBe(day(180));
  return r;
}
const warnings = (riskId: string) => notificationsAbout(h.db, "riskWarning", riskId);

describe("key result indicators", () => {
  it("confidence off track (≤ 3) or at risk (4–6) breaches; on track clears; each change is an event, each breach a notice", async () => {
    const r = await watchedRisk();
    // the KR's period (2030-Q1) has not started: the ideal line is at the start, nobody is behind it
    const kr = await build.keyResult(rw.w, memberSubject());
    const kri = await addKri(r.id, "key_result", kr.id);
    expect(kri).toMatchObject({ kind: "key_result", keyResultId: kr.id, state: "ok", marginPct: 10 });
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();

    await checkIn(kr.id, 3);
    let k = (await krisOf(h.db, r.id))[0]!;
    expect(k).toMatchObject({ state: "breached", reason: "risks.kri.kr.off_track" });
    const risk = await riskRow(h.db, r.id);
    expect(risk.warningAt).toBeInstanceOf(Date);
    expect(risk.nextReviewOn).toBe(day(0));
    expect((await warnings(r.id)).map((n) => [n.userId, n.params])).toEqual([[rw.U.member, { title: r.title }]]);
    expect((await kriEventsOf(h.db, r.id)).map((e) => [e.kriId, e.state, e.reason])).toEqual([[kri.id, "breached", "risks.kri.kr.off_track"]]);

    // still breached (now at risk): the reason follows, no new event or notice
    await checkIn(kr.id, 5);
    k = (await krisOf(h.db, r.id))[0]!;
    expect(k).toMatchObject({ state: "breached", reason: "risks.kri.kr.at_risk" });
    expect(await kriEventsOf(h.db, r.id)).toHaveLength(1);
    expect(await warnings(r.id)).toHaveLength(1);

    await checkIn(kr.id, 8);
    k = (await krisOf(h.db, r.id))[0]!;
    expect(k).toMatchObject({ state: "ok", reason: "risks.kri.kr.ok" });
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();

    // from on track straight to at risk (4 and 6 are the edges)
    await checkIn(kr.id, 6);
    expect((await krisOf(h.db, r.id))[0]).toMatchObject({ state: "breached", reason: "risks.kri.kr.at_risk" });
    await checkIn(kr.id, 7);
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("ok");
    await checkIn(kr.id, 4);
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("breached");

    expect((await kriEventsOf(h.db, r.id)).map((e) => e.state)).toEqual(["breached", "ok", "breached", "ok", "breached"]);
    expect(await warnings(r.id)).toHaveLength(3);
    // the detail shows the indicator and its history
    const got = await (await rw.as(rw.U.viewer)).risk.get({ orgSlug: rw.slug, riskId: r.id });
    expect(got.kris.map((x) => [x.state, x.targetName])).toEqual([["breached", kr.title]]);
    expect(got.kriEvents).toHaveLength(5);
    expect(got.warningAt).toBeInstanceOf(Date);
    const flagged = await (await rw.as(rw.U.viewer)).risk.list({ orgSlug: rw.slug, warning: true });
    expect(flagged.items.map((i) => i.id)).toContain(r.id);
  });

  it("progress behind the ideal line by more than the margin breaches (judged when the job runs later in the period)", async () => {
    const r = await watchedRisk();
    const kr = await build.keyResult(rw.w, memberSubject()); // 0 → 10 over 2030-01-01..2030-03-31
    await addKri(r.id, "key_result", kr.id, 20);
    await checkIn(kr.id, 8, 3); // 30 % progress, on track
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("ok");
    // mid-February: ideal ≈ 49 %, 30 % is 19 points behind — within the margin
    await runRiskJobs(h.db, new Date("2030-02-14T12:00:00Z"));
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("ok");
    // mid-March: ideal ≈ 82 %, more than 20 points behind
    await runRiskJobs(h.db, new Date("2030-03-15T12:00:00Z"));
    const k = (await krisOf(h.db, r.id))[0]!;
    expect(k.state).toBe("breached");
    expect(k.reason).toMatch(/^risks\.kri\.kr\.behind\|points=\d+\|margin=20$/);
    expect(Number(/points=(\d+)/.exec(k.reason)![1])).toBeGreaterThan(20);
  });

  it("a later on-track check-in clears the warning only when no other indicator of the risk is breached", async () => {
    const r = await watchedRisk();
    const kr = await build.keyResult(rw.w, memberSubject());
    const kpi = await build.kpi(rw.w, memberSubject()); // higher is better: green ≥ 10, amber ≥ 5
    await addKri(r.id, "key_result", kr.id);
    await addKri(r.id, "kpi", kpi.id);
    await checkIn(kr.id, 2);
    await recordValue(kpi.id, 3, "2030-01-05");
    expect((await krisOf(h.db, r.id)).map((k) => k.state)).toEqual(["breached", "breached"]);
    await checkIn(kr.id, 9);
    expect((await krisOf(h.db, r.id)).map((k) => k.state)).toEqual(["ok", "breached"]);
    expect((await riskRow(h.db, r.id)).warningAt).toBeInstanceOf(Date);
    await recordValue(kpi.id, 11, "2030-01-12");
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
  });

  it("addKri judges at once: a KR already off track raises the warning when linked", async () => {
    const r = await watchedRisk();
    const kr = await build.keyResult(rw.w, memberSubject());
    await checkIn(kr.id, 1);
    expect(await warnings(r.id)).toHaveLength(0);
    const kri = await addKri(r.id, "key_result", kr.id);
    expect(kri).toMatchObject({ state: "breached", reason: "risks.kri.kr.off_track" });
    expect(await riskRow(h.db, r.id)).toMatchObject({ nextReviewOn: day(0) });
    expect((await riskRow(h.db, r.id)).warningAt).toBeInstanceOf(Date);
    expect(await warnings(r.id)).toHaveLength(1);
    expect((await auditRows(h.db, rw.w.org.orgId, r.id, "kri_add"))[0]!.after).toMatchObject({ id: kri.id, keyResultId: kr.id });
    // removing the only breached indicator lifts the warning
    await (await rw.as(rw.U.member)).risk.removeKri({ orgSlug: rw.slug, kriId: kri.id });
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
    expect(await krisOf(h.db, r.id)).toEqual([]);
  });

  it("a closed risk watches nothing", async () => {
    const r = await assessedRisk(rw, [3, 3, 2, 2]);
    const kr = await build.keyResult(rw.w, memberSubject());
    await addKri(r.id, "key_result", kr.id);
    await setStatus(rw, r.id, "closed", { reason: "Obsolete" });
    await checkIn(kr.id, 1);
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("ok");
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
    expect(await warnings(r.id)).toHaveLength(0);
    // reopened, it is judged at once: the KR went off track while it was closed
    const reopened = await setStatus(rw, r.id, "identified");
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("breached");
    const row = await riskRow(h.db, r.id);
    expect(row.warningAt).toBeInstanceOf(Date);
    expect(row.nextReviewOn).toBe(day(0));
    expect(reopened.version).toBe(row.version); // the caller gets the current version back
    expect(await warnings(r.id)).toHaveLength(1);
  });

  it("a risk closed while its indicator was breached gets its warning back when reopened (no second notice)", async () => {
    const r = await watchedRisk();
    const kr = await build.keyResult(rw.w, memberSubject());
    await addKri(r.id, "key_result", kr.id);
    await checkIn(kr.id, 2);
    expect(await warnings(r.id)).toHaveLength(1);
    await setStatus(rw, r.id, "closed", { reason: "Moved to another register" });
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
    const reopened = await setStatus(rw, r.id, "identified");
    expect(reopened.warningAt).toBeInstanceOf(Date);
    expect((await riskRow(h.db, r.id)).warningAt).toBeInstanceOf(Date);
    expect(await warnings(r.id)).toHaveLength(1);
    expect((await kriEventsOf(h.db, r.id)).map((e) => e.state)).toEqual(["breached"]);
    // and it clears as usual
    await checkIn(kr.id, 9);
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
  });
});

describe("KPI indicators", () => {
  it("a KPI value leaving green breaches (amber keeps it breached), back to green clears", async () => {
    const r = await watchedRisk();
    const kpi = await build.kpi(rw.w, memberSubject());
    const kri = await addKri(r.id, "kpi", kpi.id);
    expect(kri).toMatchObject({ state: "ok", reason: "risks.kri.kpi.noValue" });
    await recordValue(kpi.id, 12, "2030-01-01");
    expect((await krisOf(h.db, r.id))[0]).toMatchObject({ state: "ok", reason: "risks.kri.kpi.green|value=12" });
    expect(await kriEventsOf(h.db, r.id)).toEqual([]);

    await recordValue(kpi.id, 3, "2030-01-08");
    expect((await krisOf(h.db, r.id))[0]).toMatchObject({ state: "breached", reason: "risks.kri.kpi.red|value=3" });
    const risk = await riskRow(h.db, r.id);
    expect(risk.nextReviewOn).toBe(day(0));
    expect(risk.warningAt).toBeInstanceOf(Date);
    expect(await warnings(r.id)).toHaveLength(1);

    await recordValue(kpi.id, 7, "2030-01-15");
    expect((await krisOf(h.db, r.id))[0]).toMatchObject({ state: "breached", reason: "risks.kri.kpi.amber|value=7" });
    expect(await warnings(r.id)).toHaveLength(1);

    // a back-filled older green value does not clear it: the latest observation counts
    await recordValue(kpi.id, 15, "2030-01-02");
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("breached");

    await recordValue(kpi.id, 10, "2030-01-22");
    expect((await krisOf(h.db, r.id))[0]).toMatchObject({ state: "ok", reason: "risks.kri.kpi.green|value=10" });
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
    expect((await kriEventsOf(h.db, r.id)).map((e) => [e.state, e.reason])).toEqual([
      ["breached", "risks.kri.kpi.red|value=3"],
      ["ok", "risks.kri.kpi.green|value=10"],
    ]);
  });
});

describe("campaign indicators", () => {
  it("spend past the approved budget breaches; back within it clears", async () => {
    const r = await watchedRisk();
    const c = await build.campaign(rw.w, memberSubject(), { status: "live", approvedBudgetMinor: 10_000 });
    await addKri(r.id, "campaign", c.id);
    const m = await rw.as(rw.U.member);
    await m.campaign.recordSpend({ orgSlug: rw.slug, campaignId: c.id, spentOn: "2030-01-10", channel: "email", amountMinor: 8_000 });
    expect((await krisOf(h.db, r.id))[0]!.state).toBe("ok");
    const over = await m.campaign.recordSpend({ orgSlug: rw.slug, campaignId: c.id, spentOn: "2030-01-11", channel: "social", amountMinor: 3_000 });
    expect(over.overBudget).toBe(true);
    expect((await krisOf(h.db, r.id))[0]).toMatchObject({ state: "breached", reason: expect.stringMatching(/^risks\.kri\.campaign\.over/) });
    expect(await riskRow(h.db, r.id)).toMatchObject({ nextReviewOn: day(0) });
    expect(await warnings(r.id)).toHaveLength(1);

    await m.campaign.deleteSpend({ orgSlug: rw.slug, spendId: over.id });
    expect((await krisOf(h.db, r.id))[0]).toMatchObject({ state: "ok", reason: "risks.kri.campaign.ok" });
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
  });
});

describe("bad indicators", () => {
  it("a KRI pointing at another organisation's KPI, KR or campaign (or the wrong kind) is a field error on targetId; nothing written", async () => {
    const r = await watchedRisk();
    const theirs = mine(rival, { userId: rival.org.users.member.id, email: "" });
    const kpi = await build.kpi(rival, theirs);
    const kr = await build.keyResult(rival, theirs);
    const c = await build.campaign(rival, theirs);
    const ownKpi = await build.kpi(rw.w, memberSubject());
    const before = await riskRow(h.db, r.id);
    for (const [kind, targetId] of [
      ["kpi", kpi.id],
      ["key_result", kr.id],
      ["campaign", c.id],
      ["key_result", ownKpi.id],
      ["kpi", "00000000-0000-4000-8000-000000000000"],
    ] as const) {
      await expectFieldError(addKri(r.id, kind, targetId), "targetId", "The indicator must be a KPI, key result or campaign of your organisation");
    }
    await expectFieldError(addKri(r.id, "kpi", "not-a-uuid"), "targetId", "");
    await expectFieldError(addKri(r.id, "kpi", ownKpi.id, 101), "marginPct", "");
    expect(await krisOf(h.db, r.id)).toEqual([]);
    expect(await auditRows(h.db, rw.w.org.orgId, r.id, "kri_add")).toEqual([]);
    expect(await riskRow(h.db, r.id)).toEqual(before);
  });
});

describe("overdue reviews (scheduled job)", () => {
  it("notifies the owner once per missed review date; again after the date changes; never before the date or for closed risks", async () => {
    const r = await assessedRisk(rw, [4, 4, 4, 4]); // critical: review in 30 days
    const due = r.nextReviewOn!;
    expect(due).toBe(day(30));
    const closed = await assessedRisk(rw, [4, 4, 4, 4]);
    await setStatus(rw, closed.id, "closed", { reason: "Done" });
    const overdue = () => notificationsAbout(h.db, "riskReviewOverdue", r.id);

    await runRiskJobs(h.db, noon(due));
    expect(await overdue()).toHaveLength(0);

    const late = noon(day(1, noon(due)));
    await runRiskJobs(h.db, late);
    expect((await overdue()).map((n) => [n.userId, n.params])).toEqual([[rw.U.member, { title: r.title, date: due }]]);
    expect((await riskRow(h.db, r.id)).reviewNoticeFor).toBe(due);

    // idempotent: the same and later runs send nothing more for this date
    await runRiskJobs(h.db, late);
    await runRiskJobs(h.db, noon(day(10, late)));
    expect(await overdue()).toHaveLength(1);
    expect(await notificationsAbout(h.db, "riskReviewOverdue", closed.id)).toHaveLength(0);

    // a KRI breach (or anyone) moving the review date: one more notice for the new date
    const moved = day(-2);
    await h.db.update(risks).set({ nextReviewOn: moved }).where(eq(risks.id, r.id));
    await runRiskJobs(h.db);
    await runRiskJobs(h.db);
    expect((await overdue()).map((n) => n.params.date)).toEqual([due, moved]);
    const listed = await (await rw.as(rw.U.member)).risk.list({ orgSlug: rw.slug, overdue: true });
    expect(listed.items.find((i) => i.id === r.id)).toMatchObject({ reviewOverdue: true });

    // reassessing sets a new date (and forgets the notice); missing that one is told once more
    const re = await assess(rw, r.id, [4, 4, 2, 2]); // low: a year
    expect(re).toMatchObject({ nextReviewOn: day(365), reviewNoticeFor: null });
    await runRiskJobs(h.db, noon(day(366)));
    await runRiskJobs(h.db, noon(day(367)));
    expect((await overdue()).map((n) => n.params.date)).toEqual([due, moved, day(365)]);
  });
});

describe("watched item deleted", () => {
  it("the indicator goes with its KR (cascade); the scheduled job lifts the warning it left behind", async () => {
    const r = await watchedRisk();
    const kr = await build.keyResult(rw.w, memberSubject());
    await addKri(r.id, "key_result", kr.id);
    await checkIn(kr.id, 2);
    expect((await riskRow(h.db, r.id)).warningAt).toBeInstanceOf(Date);
    const other = await watchedRisk(); // a warning with a breached indicator stays
    const kpi = await build.kpi(rw.w, memberSubject());
    await addKri(other.id, "kpi", kpi.id);
    await recordValue(kpi.id, 1, "2030-01-03");
    await (await rw.as(rw.U.member)).keyResult.delete({ orgSlug: rw.slug, keyResultId: kr.id });
    expect(await krisOf(h.db, r.id)).toEqual([]);
    const res = await runRiskJobs(h.db);
    expect((await riskRow(h.db, r.id)).warningAt).toBeNull();
    expect((await riskRow(h.db, other.id)).warningAt).toBeInstanceOf(Date);
    expect(res.indicators.warningsLifted).toBeGreaterThanOrEqual(1);
    expect((await runRiskJobs(h.db)).indicators.warningsLifted).toBe(0);
  });
});

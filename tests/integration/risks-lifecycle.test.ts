/**
 * Risks through the tRPC caller: the status machine (identified → assessed on the first assessment,
 * manual transitions, monitoring refused above appetite, closing with a reason, reopening, stale
 * versions), assessments kept as history with their bad input, review dates from the level, and
 * organisation settings (custom matrix, appetite and review cadence) changing levels and dates.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { riskAssessments, risks } from "@/db/schema";
import { RISK_STATUS_TRANSITIONS } from "@/server/risks/service";
import { defaultMatrix, type RiskLevel } from "@/server/risks/scoring";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { build, mine } from "./_support/procedures";
import {
  assess,
  assessedRisk,
  assessmentsOf,
  auditRows,
  createRisk,
  day,
  expectCode,
  riskRow,
  riskWorld,
  setStatus,
  type RiskWorld,
} from "./_support/risks";

let h: DbHandle;
let rw: RiskWorld;

beforeAll(async () => {
  h = await createTestDb();
  rw = await riskWorld(h.db, "risklife");
});
afterAll(async () => h?.close());

describe("status machine", () => {
  it("a new risk is identified; the first assessment makes it assessed, later ones keep the status", async () => {
    const r = await createRisk(rw, { title: "Supplier insolvency" });
    expect(r).toMatchObject({ status: "identified", version: 1, inherentScore: null, residualScore: null, nextReviewOn: null });
    const a = await assess(rw, r.id, [4, 4, 3, 3]);
    expect(a).toMatchObject({ status: "assessed", version: 2, inherentScore: 16, residualScore: 9 });
    await setStatus(rw, r.id, "treating");
    const again = await assess(rw, r.id, [4, 4, 2, 2]);
    expect(again).toMatchObject({ status: "treating", residualScore: 4 });
    expect((await auditRows(h.db, rw.w.org.orgId, r.id)).map((e) => e.action)).toEqual(["create", "assess", "status_treating", "assess"]);
  });

  it("manual transitions follow RISK_STATUS_TRANSITIONS from every status; 'assessed' and 'accepted' are never set by hand", async () => {
    expect(RISK_STATUS_TRANSITIONS).toEqual({
      identified: ["closed"],
      assessed: ["treating", "closed"],
      treating: ["monitoring", "closed"],
      monitoring: ["treating", "closed"],
      accepted: ["treating", "closed"],
      closed: ["identified"],
    });
    const m = await rw.as(rw.U.member);
    const statuses = ["identified", "assessed", "treating", "monitoring", "closed", "accepted"] as const;
    const targets = ["treating", "monitoring", "closed", "identified"] as const;
    for (const from of statuses) {
      for (const to of targets) {
        // within appetite (residual 4), so monitoring is never refused for the score
        const r = await build.risk(rw.w, mine(rw.w, { userId: rw.U.member, email: "" }), { scores: [3, 3, 2, 2], status: from });
        const call = m.risk.setStatus({ orgSlug: rw.slug, riskId: r.id, version: r.version, status: to, reason: "Because" });
        if (RISK_STATUS_TRANSITIONS[from]!.includes(to)) {
          const after = await call;
          expect(after.status, `${from} → ${to}`).toBe(to);
          expect(after.version).toBe(r.version + 1);
        } else {
          await expectCode(call, "BAD_REQUEST", `Cannot go from ${from} to ${to}`);
          expect((await riskRow(h.db, r.id)).status, `${from} → ${to} wrote nothing`).toBe(from);
        }
      }
    }
    // the enum refuses the statuses that only the system sets
    await expectFieldError(
      m.risk.setStatus({ orgSlug: rw.slug, riskId: (await createRisk(rw)).id, version: 1, status: "accepted" as never, reason: "" }),
      "status",
      "",
    );
    await expectFieldError(
      m.risk.setStatus({ orgSlug: rw.slug, riskId: (await createRisk(rw)).id, version: 1, status: "assessed" as never, reason: "" }),
      "status",
      "",
    );
  });

  it("monitoring is refused while the residual score is above appetite; allowed once treated down to it", async () => {
    const r = await assessedRisk(rw, [5, 4, 3, 4]); // residual 12 > appetite 9
    await setStatus(rw, r.id, "treating");
    const before = await riskRow(h.db, r.id);
    await expectCode(setStatus(rw, r.id, "monitoring"), "BAD_REQUEST", "above appetite");
    expect(await riskRow(h.db, r.id)).toEqual(before);
    await assess(rw, r.id, [5, 4, 3, 3], { rationale: "Second supplier signed" }); // residual 9 = appetite
    expect((await setStatus(rw, r.id, "monitoring")).status).toBe("monitoring");
  });

  it("monitoring uses the inherent score when no residual is assessed (imported risks keep theirs)", async () => {
    const s = mine(rw.w, { userId: rw.U.member, email: "" });
    const [r] = await h.db
      .insert(risks)
      .values({ orgId: rw.w.org.orgId, title: "Inherent only", category: "operational", ownerId: s.ownerId, departmentId: s.departmentId, status: "treating", inherentLikelihood: 4, inherentImpact: 3, inherentScore: 12 })
      .returning();
    await expectCode(setStatus(rw, r!.id, "monitoring"), "BAD_REQUEST", "above appetite");
  });

  it("closing needs a reason (field error, nothing written); closing clears the warning; reopening goes back to identified", async () => {
    const r = await assessedRisk(rw, [3, 3, 2, 2]);
    await h.db.update(risks).set({ warningAt: new Date() }).where(eq(risks.id, r.id));
    const before = await riskRow(h.db, r.id);
    await expectFieldError(setStatus(rw, r.id, "closed"), "reason", "Give a reason");
    await expectFieldError(setStatus(rw, r.id, "closed", { reason: "   " }), "reason", "Give a reason");
    expect(await riskRow(h.db, r.id)).toEqual(before);

    const closed = await setStatus(rw, r.id, "closed", { reason: "The supplier was replaced" });
    expect(closed).toMatchObject({ status: "closed", closedReason: "The supplier was replaced", warningAt: null });
    // a closed risk is not assessed until reopened
    await expectCode(assess(rw, r.id, [2, 2, 1, 1]), "BAD_REQUEST", "This risk is closed");
    const reopened = await setStatus(rw, r.id, "identified");
    expect(reopened).toMatchObject({ status: "identified", closedReason: "" });
    expect((await assess(rw, r.id, [2, 2, 1, 1])).status).toBe("assessed");
    const audit = await auditRows(h.db, rw.w.org.orgId, r.id);
    expect(audit.find((e) => e.action === "status_closed")?.after).toEqual({ status: "closed", reason: "The supplier was replaced" });
    expect(audit.map((e) => e.action).slice(-3)).toEqual(["status_closed", "status_identified", "assess"]);
  });

  it("leaving 'accepted' by hand drops the acceptance date", async () => {
    const s = mine(rw.w, { userId: rw.U.member, email: "" });
    const r = await build.risk(rw.w, s, { scores: [4, 4, 4, 3], status: "accepted" });
    await h.db.update(risks).set({ acceptedUntil: day(60), strategy: "accept" }).where(eq(risks.id, r.id));
    const after = await setStatus(rw, r.id, "treating");
    expect(after).toMatchObject({ status: "treating", acceptedUntil: null });
  });

  it("a stale version is a CONFLICT for update, assess, treatment and status, and writes nothing", async () => {
    const r = await assessedRisk(rw, [3, 4, 3, 3]);
    const m = await rw.as(rw.U.member);
    const stale = r.version - 1;
    const before = await riskRow(h.db, r.id);
    const history = (await assessmentsOf(h.db, r.id)).length;
    await expectCode(
      m.risk.update({ orgSlug: rw.slug, riskId: r.id, version: stale, title: "Renamed", category: "operational", ownerId: rw.U.member, departmentId: rw.w.org.departmentIds.a }),
      "CONFLICT",
    );
    await expectCode(
      m.risk.assess({ orgSlug: rw.slug, riskId: r.id, version: stale, inherentLikelihood: 2, inherentImpact: 2, residualLikelihood: 1, residualImpact: 1 }),
      "CONFLICT",
    );
    await expectCode(m.risk.setTreatment({ orgSlug: rw.slug, riskId: r.id, version: stale, strategy: "mitigate" }), "CONFLICT");
    await expectCode(setStatus(rw, r.id, "treating", { version: stale }), "CONFLICT");
    expect(await riskRow(h.db, r.id)).toEqual(before);
    expect(await assessmentsOf(h.db, r.id)).toHaveLength(history);
    // the current version works
    expect((await setStatus(rw, r.id, "treating", { version: r.version })).version).toBe(r.version + 1);
  });

  it("setting the strategy to 'accept' by hand is refused above appetite (that needs an approval) and allowed within", async () => {
    const m = await rw.as(rw.U.member);
    const above = await assessedRisk(rw, [4, 4, 4, 3]);
    await expectFieldError(m.risk.setTreatment({ orgSlug: rw.slug, riskId: above.id, version: above.version, strategy: "accept" }), "strategy", "request an acceptance");
    expect((await riskRow(h.db, above.id)).strategy).toBeNull();
    const within = await assessedRisk(rw, [4, 4, 2, 2]);
    const t = await m.risk.setTreatment({ orgSlug: rw.slug, riskId: within.id, version: within.version, strategy: "accept", targetLikelihood: 1, targetImpact: 2 });
    expect(t).toMatchObject({ strategy: "accept", targetLikelihood: 1, targetImpact: 2 });
    const got = await m.risk.get({ orgSlug: rw.slug, riskId: within.id });
    expect(got).toMatchObject({ targetScore: 2, targetLevel: "low" });
  });
});

describe("assessments", () => {
  it("every assessment is kept as history, in order, with who assessed and why; the risk carries the latest", async () => {
    const r = await createRisk(rw, { title: "Key engineer leaves" });
    await assess(rw, r.id, [3, 4, 3, 3], { rationale: "First look" });
    await assess(rw, r.id, [3, 4, 2, 3], { rationale: "Knowledge sharing started", by: rw.U.manager });
    await assess(rw, r.id, [4, 4, 2, 2], { rationale: "Market is hot, but docs are done" });
    const rows = await assessmentsOf(h.db, r.id);
    expect(rows.map((a) => [a.inherentLikelihood, a.inherentImpact, a.residualLikelihood, a.residualImpact, a.rationale, a.assessorId])).toEqual([
      [3, 4, 3, 3, "First look", rw.U.member],
      [3, 4, 2, 3, "Knowledge sharing started", rw.U.manager],
      [4, 4, 2, 2, "Market is hot, but docs are done", rw.U.member],
    ]);
    const got = await (await rw.as(rw.U.viewer)).risk.get({ orgSlug: rw.slug, riskId: r.id });
    expect(got.assessments.map((a) => [a.inherentScore, a.residualScore, a.assessorName])).toEqual([
      [12, 9, expect.stringContaining("member")],
      [12, 6, expect.stringContaining("manager")],
      [16, 4, expect.stringContaining("member")],
    ]);
    expect(got).toMatchObject({
      inherentScore: 16,
      residualScore: 4,
      inherentLevel: "critical",
      residualLevel: "low",
      level: "low",
      score: 4,
      aboveAppetite: false,
      appetite: 9,
    });
    expect(got.lastAssessedAt).toEqual(rows[2]!.createdAt);
  });

  it("a residual above the inherent score needs a rationale: field error on rationale, nothing written", async () => {
    const r = await assessedRisk(rw, [2, 2, 2, 2]);
    const before = await riskRow(h.db, r.id);
    await expectFieldError(assess(rw, r.id, [2, 2, 3, 2]), "rationale", "explain why in the rationale");
    await expectFieldError(assess(rw, r.id, [2, 2, 3, 2], { rationale: "   " }), "rationale", "explain why in the rationale");
    expect(await riskRow(h.db, r.id)).toEqual(before);
    expect(await assessmentsOf(h.db, r.id)).toHaveLength(1);
    // equal is fine without one; higher is fine with one
    await assess(rw, r.id, [2, 3, 3, 2]);
    const a = await assess(rw, r.id, [2, 2, 3, 2], { rationale: "The control itself adds a failure mode" });
    expect(a).toMatchObject({ inherentScore: 4, residualScore: 6 });
    expect(await assessmentsOf(h.db, r.id)).toHaveLength(3);
  });

  it("scores outside 1–5 or not whole numbers are field errors on each score; nothing written", async () => {
    const r = await createRisk(rw);
    const m = await rw.as(rw.U.member);
    const base = { orgSlug: rw.slug, riskId: r.id, version: r.version, inherentLikelihood: 3, inherentImpact: 3, residualLikelihood: 2, residualImpact: 2 };
    for (const [field, value] of [
      ["inherentLikelihood", 0],
      ["inherentImpact", 6],
      ["residualLikelihood", -1],
      ["residualImpact", 2.5],
      ["inherentLikelihood", 10],
    ] as const) {
      await expectFieldError(m.risk.assess({ ...base, [field]: value }), field, "Choose a score from 1 to 5");
    }
    expect(await riskRow(h.db, r.id)).toMatchObject({ status: "identified", version: 1, inherentScore: null });
    expect(await h.db.select().from(riskAssessments).where(eq(riskAssessments.riskId, r.id))).toHaveLength(0);
  });

  it("the next review is today + the cadence of the decisive (residual) level", async () => {
    const cases: [Parameters<typeof assess>[2], RiskLevel, number][] = [
      [[5, 5, 4, 4], "critical", 30],
      [[5, 5, 3, 4], "high", 90],
      [[5, 5, 2, 3], "medium", 180],
      [[5, 5, 1, 2], "low", 365],
    ];
    for (const [scores, level, days] of cases) {
      const r = await assessedRisk(rw, scores);
      const got = await (await rw.as(rw.U.member)).risk.get({ orgSlug: rw.slug, riskId: r.id });
      expect(got.level, String(scores)).toBe(level);
      expect(r.nextReviewOn, level).toBe(day(days));
      expect(got.reviewOverdue).toBe(false);
    }
    // reassessing at another level moves the date
    const r = await assessedRisk(rw, [3, 3, 1, 1]);
    expect(r.nextReviewOn).toBe(day(365));
    expect((await assess(rw, r.id, [5, 5, 5, 4], { rationale: "" })).nextReviewOn).toBe(day(30));
  });
});

describe("organisation settings", () => {
  let sw: RiskWorld;
  beforeAll(async () => {
    sw = await riskWorld(h.db, "risksettings");
  });

  it("the defaults until an admin saves; a custom matrix, appetite and cadence change levels, flags and dates", async () => {
    const admin = await sw.as(sw.U.admin);
    const defaults = await admin.risk.settings({ orgSlug: sw.slug });
    expect(defaults).toMatchObject({ version: 0, appetite: 9, categoryAppetite: {}, matrix: defaultMatrix(), reviewDays: { low: 365, medium: 180, high: 90, critical: 30 } });
    expect(defaults.categories).toEqual(["strategic", "financial", "operational", "market", "compliance", "technology", "reputational", "people"]);

    const r = await assessedRisk(sw, [4, 4, 2, 3]); // residual 6: medium, within 9
    const compliance = await assessedRisk(sw, [4, 4, 2, 3], { category: "compliance" });
    expect(r.nextReviewOn).toBe(day(180));

    // impact decides: impact 3 is high, 4–5 critical, whatever the likelihood
    const byImpact: RiskLevel[] = ["low", "medium", "high", "critical", "critical"];
    const saved = await admin.risk.updateSettings({
      orgSlug: sw.slug,
      version: 0,
      categories: [...defaults.categories, "climate"],
      appetite: 5,
      categoryAppetite: { compliance: 2 },
      likelihoodScale: [],
      impactScale: [],
      matrix: [1, 2, 3, 4, 5].map(() => [...byImpact]),
      reviewDays: { low: 200, medium: 100, high: 14, critical: 7 },
    });
    expect(saved.version).toBe(1);

    const m = await sw.as(sw.U.member);
    const got = await m.risk.get({ orgSlug: sw.slug, riskId: r.id });
    expect(got).toMatchObject({ level: "high", inherentLevel: "critical", residualLevel: "high", appetite: 5, aboveAppetite: true });
    expect((await m.risk.get({ orgSlug: sw.slug, riskId: compliance.id })).appetite).toBe(2);
    // dates move on the next assessment
    const again = await assess(sw, r.id, [4, 4, 2, 3]);
    expect(again.nextReviewOn).toBe(day(14));
    expect((await assess(sw, r.id, [4, 4, 4, 1])).nextReviewOn).toBe(day(200));
    // the new category is usable; monitoring now compares with appetite 5
    const climate = await assessedRisk(sw, [2, 3, 2, 3], { category: "climate" });
    expect(climate.category).toBe("climate");
    await setStatus(sw, climate.id, "treating");
    await expectCode(setStatus(sw, climate.id, "monitoring"), "BAD_REQUEST", "above appetite");
    // the register filters by the custom level
    const high = await m.risk.list({ orgSlug: sw.slug, level: "high" });
    expect(high.items.map((i) => i.id).sort()).toEqual([climate.id, compliance.id].sort());
    expect(high.categories).toContain("climate");
  });

  it("bad settings: field errors, nothing saved", async () => {
    const admin = await sw.as(sw.U.admin);
    const current = await admin.risk.settings({ orgSlug: sw.slug });
    const base = {
      orgSlug: sw.slug,
      version: current.version,
      categories: current.categories,
      appetite: current.appetite,
      categoryAppetite: current.categoryAppetite,
      likelihoodScale: [],
      impactScale: [],
      matrix: current.matrix,
      reviewDays: current.reviewDays,
    };
    const dropping = defaultMatrix();
    dropping[4]![4] = "low";
    await expectFieldError(admin.risk.updateSettings({ ...base, matrix: dropping }), "matrix", "cannot drop");
    await expectFieldError(admin.risk.updateSettings({ ...base, categoryAppetite: { nuclear: 3 } }), "categoryAppetite", "not in your organisation's list");
    await expectFieldError(admin.risk.updateSettings({ ...base, appetite: 26 }), "appetite", "");
    // "climate" and "compliance" have open risks
    await expectFieldError(
      admin.risk.updateSettings({ ...base, categories: current.categories.filter((c) => c !== "climate"), categoryAppetite: {} }),
      "categories",
      "climate",
    );
    await expectCode(admin.risk.updateSettings({ ...base, version: current.version - 1 }), "CONFLICT");
    expect(await admin.risk.settings({ orgSlug: sw.slug })).toEqual(current);
    // an unknown category on a risk is a field error too
    await expectFieldError(createRisk(sw, { category: "weather" }), "category", "not in your organisation's list");
  });
});

/**
 * Automatic stage-gate criteria through the tRPC caller: "launch campaign approved" over the
 * campaigns linked to the product, "every KR of the linked objective has a baseline" over OKR
 * check-ins; both shown as passed/failed with a reason, counted by the gate, frozen in its snapshot.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { campaigns } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { build } from "./_support/procedures";
import { createProduct, decide, getProduct, productRow, productWorld, requestGate, tickAll, type ProductWorld } from "./_support/products";

let h: DbHandle;
let pw: ProductWorld;

beforeAll(async () => {
  h = await createTestDb();
  pw = await productWorld(h.db, "chk");
});
afterAll(async () => h?.close());

async function autoItem(productId: string, kind: "launch_campaign_approved" | "objective_baselines" | "risks_within_appetite") {
  const item = (await getProduct(pw, productId)).checklist.find((i) => i.kind === kind);
  if (!item) throw new Error(`no ${kind} item`);
  return item;
}

/** A campaign of department A linked to the product (the campaign pages do not link yet: a direct update). */
async function linkedCampaign(productId: string | null, status: (typeof campaigns.$inferInsert)["status"], name?: string) {
  const c = await build.campaign(pw.w, { ownerId: pw.U.member, departmentId: pw.w.org.departmentIds.a }, { status });
  await h.db
    .update(campaigns)
    .set({ productId, ...(name ? { name } : {}) })
    .where(eq(campaigns.id, c.id));
  return c;
}

describe("launch campaign approved", () => {
  it("fails without a linked campaign, or with one that is not approved yet, and passes once one is approved", async () => {
    const p = await createProduct(pw, { stageKey: "launch" });
    const other = await createProduct(pw, { stageKey: "launch" });
    let item = await autoItem(p.id, "launch_campaign_approved");
    expect(item).toMatchObject({ passed: false, checkedAt: null });
    expect(item.reason).toMatch(/check\.launchCampaign\.failed$/);

    // Approved campaigns of no product or of another product do not count; neither do drafts,
    // pending or cancelled ones of this product.
    await linkedCampaign(null, "approved");
    const others = await linkedCampaign(other.id, "approved", "Other product launch");
    for (const status of ["draft", "pending_approval", "cancelled"] as const) await linkedCampaign(p.id, status);
    item = await autoItem(p.id, "launch_campaign_approved");
    expect(item.passed).toBe(false);

    // The other product passes, naming its campaign.
    const otherItem = (await getProduct(pw, other.id)).checklist.find((i) => i.kind === "launch_campaign_approved")!;
    expect(otherItem.passed).toBe(true);
    expect(otherItem.reason).toMatch(/check\.launchCampaign\.passed\|name=Other product launch$/);
    expect(others.id).toBeTruthy();

    // With support ready ticked, the only open item is the campaign: the gate is refused.
    await tickAll(pw, p.id);
    await expectFieldError(requestGate(pw, p.id), "checklist", "1 checklist item is still open");

    const c = await linkedCampaign(p.id, "approved", "Spring | launch");
    item = await autoItem(p.id, "launch_campaign_approved");
    expect(item.passed).toBe(true);
    // The separators of message parameters are kept out of the campaign name.
    expect(item.reason).toMatch(/check\.launchCampaign\.passed\|name=Spring {3}launch$/);
    const got = await getProduct(pw, p.id);
    expect(got.checklistState).toEqual({ done: 2, total: 2, complete: true });
    expect(got.campaigns.map((x) => x.id)).toContain(c.id);

    // Live and completed campaigns count too.
    for (const status of ["live", "completed"] as const) {
      await h.db.update(campaigns).set({ status }).where(eq(campaigns.id, c.id));
      expect((await autoItem(p.id, "launch_campaign_approved")).passed, status).toBe(true);
    }

    // The gate passes without an override, and its snapshot freezes the result.
    const req = await requestGate(pw, p.id);
    const snap = req.snapshot as { checklist: { kind: string; passed: boolean; reason: string | null }[] };
    expect(snap.checklist.find((i) => i.kind === "launch_campaign_approved")).toMatchObject({ passed: true });
    await decide(pw, req.id, pw.U.manager);
    expect((await productRow(h.db, p.id)).stageId).toBe(await pw.stageId("growth"));
  });

  it("the list counts an automatic item as done only while it passes", async () => {
    const p = await createProduct(pw, { stageKey: "launch" });
    await tickAll(pw, p.id);
    const listed = async () => (await (await pw.as(pw.U.viewer)).product.list({ orgSlug: pw.slug })).find((x) => x.id === p.id)!.checklist;
    expect(await listed()).toEqual({ done: 1, total: 2, complete: false });
    const c = await linkedCampaign(p.id, "live");
    expect(await listed()).toEqual({ done: 2, total: 2, complete: true });
    await h.db.update(campaigns).set({ status: "cancelled" }).where(eq(campaigns.id, c.id));
    expect(await listed()).toEqual({ done: 1, total: 2, complete: false });
  });
});

describe("objective baselines", () => {
  it("fails without a linked objective, names the KRs without a check-in, and passes once every KR has one", async () => {
    const member = await pw.as(pw.U.member);
    const p = await createProduct(pw, { stageKey: "development" });
    let item = await autoItem(p.id, "objective_baselines");
    expect(item.passed).toBe(false);
    expect(item.reason).toMatch(/check\.baselines\.noObjective$/);

    // An objective without key results is not enough either.
    const o = await member.objective.create({
      orgSlug: pw.slug,
      periodId: pw.w.periodId,
      title: "Win the SMB segment",
      level: "department",
      ownerId: pw.U.member,
      departmentId: pw.w.org.departmentIds.a,
    });
    const row = await productRow(h.db, p.id);
    await member.product.update({
      orgSlug: pw.slug,
      productId: p.id,
      version: row.version,
      name: row.name,
      ownerId: row.ownerId,
      departmentId: row.departmentId,
      objectiveIds: [o.id],
    });
    item = await autoItem(p.id, "objective_baselines");
    expect(item.passed).toBe(false);
    expect(item.reason).toMatch(/check\.baselines\.noKeyResults$/);
    expect((await getProduct(pw, p.id)).objectives.map((x) => x.id)).toEqual([o.id]);

    const kr1 = await member.keyResult.create({ orgSlug: pw.slug, objectiveId: o.id, title: "Activation rate", ownerId: pw.U.member, type: "percentage", targetValue: 40 });
    const kr2 = await member.keyResult.create({ orgSlug: pw.slug, objectiveId: o.id, title: "Paying accounts", ownerId: pw.U.member, type: "number", targetValue: 200 });
    item = await autoItem(p.id, "objective_baselines");
    expect(item.passed).toBe(false);
    expect(item.reason).toMatch(/check\.baselines\.missing\|count=2\|names=Activation rate; Paying accounts$/);

    await member.keyResult.checkIn({ orgSlug: pw.slug, keyResultId: kr1.id, value: 12, confidence: 6, note: "Baseline" });
    item = await autoItem(p.id, "objective_baselines");
    expect(item.passed).toBe(false);
    expect(item.reason).toMatch(/check\.baselines\.missing\|count=1\|names=Paying accounts$/);

    // With the manual item ticked, the open baseline still blocks the gate.
    await tickAll(pw, p.id);
    await expectFieldError(requestGate(pw, p.id), "checklist", "1 checklist item is still open");

    await member.keyResult.checkIn({ orgSlug: pw.slug, keyResultId: kr2.id, value: 50, confidence: 5 });
    item = await autoItem(p.id, "objective_baselines");
    expect(item.passed).toBe(true);
    expect(item.reason).toMatch(/check\.baselines\.passed\|count=2$/);
    expect(item.checkedAt).toBeNull();

    const req = await requestGate(pw, p.id);
    expect((req.snapshot as { checklist: { kind: string; passed: boolean }[] }).checklist.every((i) => i.passed)).toBe(true);
  });

  it("counts the key results of every linked objective", async () => {
    const member = await pw.as(pw.U.member);
    const mk = async (title: string) => {
      const o = await member.objective.create({ orgSlug: pw.slug, periodId: pw.w.periodId, title, level: "department", ownerId: pw.U.member, departmentId: pw.w.org.departmentIds.a });
      const kr = await member.keyResult.create({ orgSlug: pw.slug, objectiveId: o.id, title: `${title} KR`, ownerId: pw.U.member, type: "number", targetValue: 10 });
      return { o, kr };
    };
    const a = await mk("Alpha");
    const b = await mk("Beta");
    const p = await createProduct(pw, { stageKey: "development", objectiveIds: [a.o.id, b.o.id] });
    await member.keyResult.checkIn({ orgSlug: pw.slug, keyResultId: a.kr.id, value: 1, confidence: 5 });
    expect((await autoItem(p.id, "objective_baselines")).reason).toMatch(/missing\|count=1\|names=Beta KR$/);
    await member.keyResult.checkIn({ orgSlug: pw.slug, keyResultId: b.kr.id, value: 1, confidence: 5 });
    expect((await autoItem(p.id, "objective_baselines")).passed).toBe(true);
  });

  it("an objective of another organisation cannot be linked", async () => {
    const elsewhere = await productWorld(h.db, "chk2");
    const o = await build.objective(elsewhere.w, { ownerId: elsewhere.U.member, departmentId: elsewhere.w.org.departmentIds.a });
    await expectFieldError(createProduct(pw, { objectiveIds: [o.id] }), "objectiveIds", "not in your organisation");
  });
});

describe("no open risk above appetite without acceptance", () => {
  it("passes with no linked risk, fails naming a linked risk above appetite, passes again once it is treated down or closed", async () => {
    const p = await createProduct(pw, { stageKey: "development" });
    let item = await autoItem(p.id, "risks_within_appetite");
    expect(item).toMatchObject({ passed: true });
    expect(item.reason).toMatch(/check\.risks\.none$/);

    const member = await pw.as(pw.U.member);
    const risk = await member.risk.create({
      orgSlug: pw.slug,
      title: "Single supplier for the chips",
      category: "operational",
      ownerId: pw.U.member,
      departmentId: pw.w.org.departmentIds.a,
      links: { productIds: [p.id] },
    });
    // Not assessed yet: nothing to weigh against appetite.
    expect((await autoItem(p.id, "risks_within_appetite")).passed).toBe(true);
    const assessed = await member.risk.assess({ orgSlug: pw.slug, riskId: risk.id, version: risk.version, inherentLikelihood: 5, inherentImpact: 4, residualLikelihood: 4, residualImpact: 4 });
    item = await autoItem(p.id, "risks_within_appetite");
    expect(item.passed).toBe(false);
    expect(item.reason).toMatch(/check\.risks\.above\|count=1\|names=Single supplier for the chips$/);

    // The gate counts it like any other open item.
    await tickAll(pw, p.id);
    await expectFieldError(requestGate(pw, p.id), "checklist", "still open");

    // Treated down to within appetite (residual 2 × 3 = 6 ≤ 9): it passes.
    await member.risk.assess({ orgSlug: pw.slug, riskId: risk.id, version: assessed.version, inherentLikelihood: 5, inherentImpact: 4, residualLikelihood: 2, residualImpact: 3 });
    item = await autoItem(p.id, "risks_within_appetite");
    expect(item.passed).toBe(true);
    expect(item.reason).toMatch(/check\.risks\.passed\|count=1$/);
  });
});

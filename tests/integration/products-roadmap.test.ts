/**
 * Roadmap and funnel: planned stage dates (setStagePlans through the tRPC caller) next to the actual
 * stays, late stages, products per stage and median days in stage. Time is controlled by writing
 * stage visits with explicit dates and passing `now` to the query functions.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { products, productStageVisits } from "@/db/schema";
import { funnel, getProduct, listProducts, roadmap } from "@/server/products/queries";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { actorOf, createProduct, en, expectCode, productRow, productWorld, type ProductWorld } from "./_support/products";

let h: DbHandle;

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => h?.close());

const DAY = 86_400_000;

/** Replaces the product's stage history with these stays (the last one may be open) and puts it in the last stage. */
async function setHistory(pw: ProductWorld, productId: string, stays: { key: string; from: Date | string; to: Date | string | null }[]) {
  const at = (d: Date | string) => (typeof d === "string" ? new Date(`${d}T09:00:00Z`) : d);
  await h.db.delete(productStageVisits).where(eq(productStageVisits.productId, productId));
  let prev: string | null = null;
  for (const [i, s] of stays.entries()) {
    const stageId = await pw.stageId(s.key);
    await h.db.insert(productStageVisits).values({
      orgId: pw.w.org.orgId,
      productId,
      stageId,
      fromStageId: prev,
      kind: i === 0 ? "created" : "advanced",
      enteredAt: at(s.from),
      leftAt: s.to ? at(s.to) : null,
    });
    prev = stageId;
  }
  const last = stays.at(-1)!;
  await h.db
    .update(products)
    .set({ stageId: prev!, stageEnteredAt: at(last.from) })
    .where(eq(products.id, productId));
}

async function plan(pw: ProductWorld, productId: string, plans: { key: string; from: string | null; to: string | null }[]) {
  const row = await productRow(h.db, productId);
  return (await pw.as(pw.U.member)).product.setStagePlans({
    orgSlug: pw.slug,
    productId,
    version: row.version,
    plans: await Promise.all(plans.map(async (p) => ({ stageId: await pw.stageId(p.key), plannedStartOn: p.from, plannedEndOn: p.to }))),
  });
}

describe("stage plans", () => {
  it("refuses an end before the start, a stage planned twice and a stale version; nothing is written", async () => {
    const pw = await productWorld(h.db, "plan");
    const p = await createProduct(pw);
    const member = await pw.as(pw.U.member);
    const ideation = await pw.stageId("ideation");
    await expectFieldError(
      member.product.setStagePlans({ orgSlug: pw.slug, productId: p.id, version: p.version, plans: [{ stageId: ideation, plannedStartOn: "2030-02-01", plannedEndOn: "2030-01-01" }] }),
      "plans.0.plannedEndOn",
      en("e.endBeforeStart"),
    );
    await expectFieldError(
      member.product.setStagePlans({
        orgSlug: pw.slug,
        productId: p.id,
        version: p.version,
        plans: [
          { stageId: ideation, plannedStartOn: "2030-01-01", plannedEndOn: "2030-01-31" },
          { stageId: ideation, plannedStartOn: "2030-02-01", plannedEndOn: "2030-02-28" },
        ],
      }),
      "plans",
      en("e.product.duplicateStage"),
    );
    await plan(pw, p.id, [{ key: "ideation", from: "2030-01-01", to: "2030-01-31" }]);
    await expectCode(
      member.product.setStagePlans({ orgSlug: pw.slug, productId: p.id, version: p.version, plans: [] }),
      "CONFLICT",
    );
    expect((await member.product.get({ orgSlug: pw.slug, productId: p.id })).plans).toEqual([{ stageId: ideation, plannedStartOn: "2030-01-01", plannedEndOn: "2030-01-31" }]);
  });
});

describe("roadmap", () => {
  let pw: ProductWorld;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    pw = await productWorld(h.db, "road");
    for (const name of ["Aurora", "Borealis", "Comet", "Drift"]) id[name] = (await createProduct(pw, { name })).id;
    // Aurora: ideation ran past its plan (left 10 Feb, planned to 31 Jan); now in discovery, planned to 30 Apr.
    await setHistory(pw, id.Aurora!, [
      { key: "ideation", from: "2030-01-05", to: "2030-02-10" },
      { key: "discovery", from: "2030-02-10", to: null },
    ]);
    await plan(pw, id.Aurora!, [
      { key: "ideation", from: "2030-01-01", to: "2030-01-31" },
      { key: "discovery", from: "2030-02-01", to: "2030-04-30" },
    ]);
    // Borealis: ideation from last year, on time; discovery left a day late; development on plan.
    await setHistory(pw, id.Borealis!, [
      { key: "ideation", from: "2029-11-01", to: "2030-01-10" },
      { key: "discovery", from: "2030-01-10", to: "2030-03-01" },
      { key: "development", from: "2030-03-01", to: null },
    ]);
    await plan(pw, id.Borealis!, [
      { key: "ideation", from: "2029-10-01", to: "2030-01-15" },
      { key: "discovery", from: "2030-01-15", to: "2030-02-28" },
      { key: "development", from: "2030-03-01", to: "2030-06-30" },
    ]);
    // Comet: ideation last year only (not on this year's roadmap); still in discovery, planned to end in January.
    await setHistory(pw, id.Comet!, [
      { key: "ideation", from: "2029-02-01", to: "2029-05-01" },
      { key: "discovery", from: "2029-05-01", to: null },
    ]);
    await plan(pw, id.Comet!, [
      { key: "ideation", from: "2029-02-01", to: "2029-03-01" },
      { key: "discovery", from: null, to: "2030-01-31" },
      { key: "development", from: "2030-06-01", to: null },
    ]);
    // Drift: no plan at all, entered ideation this year.
    await setHistory(pw, id.Drift!, [{ key: "ideation", from: "2030-03-01", to: null }]);
  });

  it("shows planned next to actual stays of the year, and marks stages occupied past their planned end as late", async () => {
    const actor = await actorOf(pw, pw.U.viewer);
    const r = await roadmap(h.db, actor, { year: 2030 }, new Date("2030-03-15T12:00:00Z"));
    expect(r.year).toBe(2030);
    expect(r.today).toBe("2030-03-15");
    expect(r.stages.map((s) => s.key)).toEqual(["ideation", "discovery", "development", "launch", "growth", "maturity", "decline", "retired"]);
    expect(r.products.map((p) => p.name)).toEqual(["Aurora", "Borealis", "Comet", "Drift"]);
    const S = async (key: string) => pw.stageId(key);
    const byName = (name: string) => r.products.find((p) => p.name === name)!;
    const sortPlans = <T extends { stageId: string }>(xs: T[]) => [...xs].sort((a, b) => a.stageId.localeCompare(b.stageId));

    expect(byName("Aurora").actual).toEqual([
      { stageId: await S("ideation"), from: "2030-01-05", to: "2030-02-10" },
      { stageId: await S("discovery"), from: "2030-02-10", to: null },
    ]);
    expect(sortPlans(byName("Aurora").planned)).toEqual(
      sortPlans([
        { stageId: await S("ideation"), from: "2030-01-01", to: "2030-01-31", late: true },
        { stageId: await S("discovery"), from: "2030-02-01", to: "2030-04-30", late: false },
      ]),
    );

    expect(byName("Borealis").actual.map((a) => a.from)).toEqual(["2029-11-01", "2030-01-10", "2030-03-01"]);
    expect(sortPlans(byName("Borealis").planned)).toEqual(
      sortPlans([
        { stageId: await S("ideation"), from: "2029-10-01", to: "2030-01-15", late: false },
        { stageId: await S("discovery"), from: "2030-01-15", to: "2030-02-28", late: true },
        { stageId: await S("development"), from: "2030-03-01", to: "2030-06-30", late: false },
      ]),
    );

    // Last year's ideation (stay and plan) is not on this year's roadmap; the open discovery stay is.
    expect(byName("Comet").actual).toEqual([{ stageId: await S("discovery"), from: "2029-05-01", to: null }]);
    expect(sortPlans(byName("Comet").planned)).toEqual(
      sortPlans([
        { stageId: await S("discovery"), from: null, to: "2030-01-31", late: true },
        { stageId: await S("development"), from: "2030-06-01", to: null, late: false },
      ]),
    );
    expect(byName("Drift")).toMatchObject({ planned: [], actual: [{ stageId: await S("ideation"), from: "2030-03-01", to: null }] });
  });

  it("a stage becomes late once today passes its planned end while the product is still in it", async () => {
    const actor = await actorOf(pw, pw.U.viewer);
    const lateOf = async (now: string, name: string, stageId: string) =>
      (await roadmap(h.db, actor, { year: 2030 }, new Date(now))).products.find((p) => p.name === name)!.planned.find((p) => p.stageId === stageId)!.late;
    const discovery = await pw.stageId("discovery");
    const development = await pw.stageId("development");
    expect(await lateOf("2030-04-30T12:00:00Z", "Aurora", discovery)).toBe(false);
    expect(await lateOf("2030-05-01T12:00:00Z", "Aurora", discovery)).toBe(true);
    expect(await lateOf("2030-06-30T12:00:00Z", "Borealis", development)).toBe(false);
    expect(await lateOf("2030-07-01T12:00:00Z", "Borealis", development)).toBe(true);
  });

  it("another year shows only what overlaps it", async () => {
    const actor = await actorOf(pw, pw.U.viewer);
    const r = await roadmap(h.db, actor, { year: 2029 }, new Date("2030-03-15T12:00:00Z"));
    const comet = r.products.find((p) => p.name === "Comet")!;
    expect(comet.actual.map((a) => a.from)).toEqual(["2029-02-01", "2029-05-01"]);
    expect(comet.planned.map((p) => p.to).sort()).toEqual(["2029-03-01", "2030-01-31"]);
    expect(r.products.find((p) => p.name === "Drift")!.actual).toEqual([]);
    // Through the API (today's date) the same products are listed.
    const api = await (await pw.as(pw.U.viewer)).product.roadmap({ orgSlug: pw.slug, year: 2030 });
    expect(api.products.map((p) => p.name)).toEqual(["Aurora", "Borealis", "Comet", "Drift"]);
  });
});

describe("funnel", () => {
  it("counts products per stage and the median days products spend in each", async () => {
    const pw = await productWorld(h.db, "fun");
    const now = new Date("2030-06-30T00:00:00Z");
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const mk = async (name: string, stays: { key: string; from: number; to: number | null }[]) => {
      const p = await createProduct(pw, { name });
      await setHistory(pw, p.id, stays.map((s) => ({ key: s.key, from: ago(s.from), to: s.to === null ? null : ago(s.to) })));
      return p.id;
    };
    await mk("A", [{ key: "ideation", from: 10, to: null }]);
    await mk("B", [{ key: "ideation", from: 20, to: null }]);
    await mk("C", [
      { key: "ideation", from: 34, to: 4 },
      { key: "discovery", from: 4, to: null },
    ]);
    const d = await mk("D", [
      { key: "ideation", from: 60, to: 55 },
      { key: "discovery", from: 55, to: 40 },
      { key: "development", from: 40, to: null },
    ]);

    const actor = await actorOf(pw, pw.U.viewer);
    const f = await funnel(h.db, actor, now);
    expect(f.map((s) => s.key)).toEqual(["ideation", "discovery", "development", "launch", "growth", "maturity", "decline", "retired"]);
    const row = (key: string) => f.find((s) => s.key === key)!;
    // Ideation stays: 10, 20 (current), 30, 5 → median 15. Discovery: 4 (current), 15 → 9.5. Development: 40.
    expect(row("ideation")).toMatchObject({ products: 2, medianDays: 15, visits: 4 });
    expect(row("discovery")).toMatchObject({ products: 1, medianDays: 9.5, visits: 2 });
    expect(row("development")).toMatchObject({ products: 1, medianDays: 40, visits: 1 });
    for (const key of ["launch", "growth", "maturity", "decline", "retired"]) expect(row(key)).toMatchObject({ products: 0, medianDays: null, visits: 0 });

    // A month later the open stays have grown: ideation 40, 50, 30, 5 → 35.
    const later = await funnel(h.db, actor, new Date(now.getTime() + 30 * DAY));
    expect(later.find((s) => s.key === "ideation")!.medianDays).toBe(35);

    // Days in stage on the board and in the history use the same clock.
    expect((await listProducts(h.db, actor, {}, now)).find((p) => p.id === d)!.daysInStage).toBe(40);
    expect((await getProduct(h.db, actor, d, now)).history.map((v) => [v.kind, v.days])).toEqual([
      ["advanced", 40],
      ["advanced", 15],
      ["created", 5],
    ]);

    // Through the API: the same counts.
    const api = await (await pw.as(pw.U.viewer)).product.funnel({ orgSlug: pw.slug });
    expect(api.map((s) => s.products)).toEqual([2, 1, 1, 0, 0, 0, 0, 0]);
  });
});

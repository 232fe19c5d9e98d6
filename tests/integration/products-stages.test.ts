/**
 * Editing the lifecycle template through the tRPC caller (admins): adding a stage at a position,
 * renaming, reordering, and removing a stage, with its products moved to another stage (history and
 * checklist) or refused with nothing written when that would orphan them, leave fewer than two
 * stages, or pull the rug from under a pending gate.
 *
 * Tests of one describe build on each other and run in order.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { productStages } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import {
  auditRows,
  createProduct,
  decide,
  en,
  expectCode,
  getProduct,
  productRow,
  productWorld,
  requestGate,
  stageRows,
  tickAll,
  visitsOf,
  type ProductWorld,
} from "./_support/products";

let h: DbHandle;
let pw: ProductWorld;

beforeAll(async () => {
  h = await createTestDb();
  pw = await productWorld(h.db, "stg");
});
afterAll(async () => h?.close());

const label = (s: { key: string | null; name: string }) => s.name || s.key;
const admin = () => pw.as(pw.U.admin);
const lifecycle = async () => (await pw.stages()).map(label);

describe("adding, renaming and reordering stages", () => {
  it("adds a stage after a given stage, or at the end", async () => {
    const c = await admin();
    const beta = await c.product.createStage({ orgSlug: pw.slug, name: "Beta", afterStageId: await pw.stageId("development") });
    expect(beta).toMatchObject({ name: "Beta", key: null, archivedAt: null });
    await c.product.createStage({ orgSlug: pw.slug, name: "Sunset review" });
    expect(await lifecycle()).toEqual(["ideation", "discovery", "development", "Beta", "launch", "growth", "maturity", "decline", "retired", "Sunset review"]);
    // Positions stay a clean sequence.
    const rows = (await stageRows(h.db, pw.w.org.orgId)).filter((s) => !s.archivedAt);
    expect(rows.map((s) => s.position)).toEqual(rows.map((_, i) => i));
    // A new stage has no criteria until an admin adds some.
    expect((await c.product.stages({ orgSlug: pw.slug })).find((s) => s.id === beta.id)!.criteria).toEqual([]);
    expect((await auditRows(h.db, pw.w.org.orgId, beta.id, "create"))[0]).toMatchObject({ entityType: "productStage", actorId: pw.U.admin });
  });

  it("refuses a duplicate name (case-insensitive) and an unknown position", async () => {
    const c = await admin();
    const count = (await stageRows(h.db, pw.w.org.orgId)).length;
    await expectFieldError(c.product.createStage({ orgSlug: pw.slug, name: "beta" }), "name", en("e.product.stageNameTaken"));
    await expectFieldError(
      c.product.createStage({ orgSlug: pw.slug, name: "Gamma", afterStageId: "00000000-0000-4000-8000-000000000000" }),
      "afterStageId",
      en("e.product.unknownStage"),
    );
    expect(await stageRows(h.db, pw.w.org.orgId)).toHaveLength(count);
  });

  it("renames a stage; a duplicate name is a field error; a stale version a conflict", async () => {
    const c = await admin();
    const stages = await pw.stages();
    const discovery = stages.find((s) => s.key === "discovery")!;
    const renamed = await c.product.renameStage({ orgSlug: pw.slug, stageId: discovery.id, version: discovery.version, name: "Research" });
    expect(renamed).toMatchObject({ key: "discovery", name: "Research", version: discovery.version + 1 });
    expect((await pw.stages()).find((s) => s.id === discovery.id)!.name).toBe("Research");

    const beta = stages.find((s) => s.name === "Beta")!;
    await expectFieldError(c.product.renameStage({ orgSlug: pw.slug, stageId: beta.id, version: beta.version, name: "RESEARCH" }), "name", en("e.product.stageNameTaken"));
    await expectCode(c.product.renameStage({ orgSlug: pw.slug, stageId: discovery.id, version: discovery.version, name: "Exploration" }), "CONFLICT");
    // Renaming a stage to (a different case of) its own name is fine.
    const again = await c.product.renameStage({ orgSlug: pw.slug, stageId: discovery.id, version: renamed.version, name: "research" });
    expect(again.name).toBe("research");
    await c.product.renameStage({ orgSlug: pw.slug, stageId: discovery.id, version: again.version, name: "Research" });
    expect((await pw.stages()).find((s) => s.id === beta.id)!.name).toBe("Beta");
  });

  it("a default stage's (untranslated) name counts as taken too", async () => {
    const c = await admin();
    const count = (await stageRows(h.db, pw.w.org.orgId)).length;
    await expectFieldError(c.product.createStage({ orgSlug: pw.slug, name: "Launch" }), "name", en("e.product.stageNameTaken"));
    const beta = (await pw.stages()).find((s) => s.name === "Beta")!;
    await expectFieldError(c.product.renameStage({ orgSlug: pw.slug, stageId: beta.id, version: beta.version, name: "growth" }), "name", en("e.product.stageNameTaken"));
    expect(await stageRows(h.db, pw.w.org.orgId)).toHaveLength(count);
  });

  it("reorders only with every stage listed exactly once", async () => {
    const c = await admin();
    const ids = (await pw.stages()).map((s) => s.id);
    const before = await lifecycle();
    await expectFieldError(c.product.reorderStages({ orgSlug: pw.slug, stageIds: ids.slice(1) }), "stageIds", en("e.product.reorderMismatch"));
    await expectFieldError(c.product.reorderStages({ orgSlug: pw.slug, stageIds: [ids[0]!, ...ids.slice(0, -1)] }), "stageIds", en("e.product.reorderMismatch"));
    await expectFieldError(
      c.product.reorderStages({ orgSlug: pw.slug, stageIds: [...ids.slice(0, -1), "00000000-0000-4000-8000-000000000000"] }),
      "stageIds",
      en("e.product.reorderMismatch"),
    );
    await expectFieldError(c.product.reorderStages({ orgSlug: pw.slug, stageIds: [...ids, "00000000-0000-4000-8000-000000000000"] }), "stageIds", en("e.product.reorderMismatch"));
    expect(await lifecycle()).toEqual(before);

    // Swap Research (discovery) and development.
    const swapped = [ids[0]!, ids[2]!, ids[1]!, ...ids.slice(3)];
    const result = await c.product.reorderStages({ orgSlug: pw.slug, stageIds: swapped });
    expect(result.map((s) => s.id)).toEqual(swapped);
    expect(await lifecycle()).toEqual(["ideation", "development", "Research", "Beta", "launch", "growth", "maturity", "decline", "retired", "Sunset review"]);

    // The gate follows the new order: from ideation the next stage is development.
    const p = await createProduct(pw);
    await tickAll(pw, p.id);
    const req = await requestGate(pw, p.id);
    expect((req.snapshot as { toStage: { key: string } }).toStage.key).toBe("development");
    await decide(pw, req.id, pw.U.manager);
    expect((await getProduct(pw, p.id)).history[0]).toMatchObject({ kind: "advanced", stageKey: "development" });

    // Back to the default order for the tests below.
    await c.product.reorderStages({ orgSlug: pw.slug, stageIds: ids });
    expect(await lifecycle()).toEqual(before);
  });

  it("members and managers cannot edit the template", async () => {
    for (const who of [pw.U.member, pw.U.manager]) {
      await expectCode((await pw.as(who)).product.createStage({ orgSlug: pw.slug, name: `Nope ${who.slice(0, 4)}` }), "FORBIDDEN");
    }
  });
});

describe("removing a stage", () => {
  let betaId: string;
  let inBeta: string[];

  it("a stage with products and no target is refused, naming the count; nothing is written", async () => {
    const beta = (await pw.stages()).find((s) => s.name === "Beta")!;
    betaId = beta.id;
    const c = await admin();
    // Two products in Beta: one created there, one moved back into it.
    const a = await createProduct(pw, { name: "Beta one" });
    const b = await createProduct(pw, { name: "Beta two", stageKey: "launch" });
    const bRow = await productRow(h.db, b.id);
    await (await pw.as(pw.U.member)).product.moveBack({ orgSlug: pw.slug, productId: b.id, version: bRow.version, toStageId: betaId, reason: "Needs another beta round" });
    const aRow = await productRow(h.db, a.id);
    await (await pw.as(pw.U.admin)).product.advanceStage({ orgSlug: pw.slug, productId: a.id, version: aRow.version, toStageId: betaId, overrideReason: "Straight to beta" }).then((r) => decide(pw, r.id, pw.U.manager));
    inBeta = [a.id, b.id];
    expect((await productRow(h.db, a.id)).stageId).toBe(betaId);
    expect((await pw.stages()).length).toBe(10);
    expect((await c.product.stages({ orgSlug: pw.slug })).find((s) => s.id === betaId)!.productCount).toBe(2);

    const visitsBefore = await Promise.all(inBeta.map((id) => visitsOf(h.db, id)));
    await expectFieldError(c.product.removeStage({ orgSlug: pw.slug, stageId: betaId, version: beta.version }), "moveProductsTo", "2 products are in this stage");
    await expectFieldError(
      c.product.removeStage({ orgSlug: pw.slug, stageId: betaId, version: beta.version, moveProductsTo: betaId }),
      "moveProductsTo",
      en("e.product.moveToSameStage"),
    );
    await expectFieldError(
      c.product.removeStage({ orgSlug: pw.slug, stageId: betaId, version: beta.version, moveProductsTo: "00000000-0000-4000-8000-000000000000" }),
      "moveProductsTo",
      en("e.product.unknownStage"),
    );
    await expectCode(c.product.removeStage({ orgSlug: pw.slug, stageId: betaId, version: beta.version + 7, moveProductsTo: await pw.stageId("launch") }), "CONFLICT");

    expect((await pw.stages()).map((s) => s.id)).toContain(betaId);
    for (const [i, id] of inBeta.entries()) {
      expect((await productRow(h.db, id)).stageId).toBe(betaId);
      expect(await visitsOf(h.db, id)).toEqual(visitsBefore[i]);
    }
    expect(await auditRows(h.db, pw.w.org.orgId, betaId, "remove")).toHaveLength(0);
  });

  it("with a target, its products move there with a 'stage_removed' history entry and the target's checklist; the stage is archived but still named in history", async () => {
    const c = await admin();
    const beta = (await pw.stages()).find((s) => s.id === betaId)!;
    const launch = await pw.stageId("launch");
    const before = await Promise.all(inBeta.map((id) => productRow(h.db, id)));
    const res = await c.product.removeStage({ orgSlug: pw.slug, stageId: betaId, version: beta.version, moveProductsTo: launch });
    expect(res).toEqual({ id: betaId, moved: 2 });

    for (const [i, id] of inBeta.entries()) {
      const row = await productRow(h.db, id);
      expect(row.stageId).toBe(launch);
      expect(row.version).toBe(before[i]!.version + 1);
      const visits = await visitsOf(h.db, id);
      const [prev, last] = visits.slice(-2);
      expect(prev).toMatchObject({ stageId: betaId });
      expect(prev!.leftAt).toBeInstanceOf(Date);
      expect(last).toMatchObject({ kind: "stage_removed", stageId: launch, fromStageId: betaId, reason: "Beta", leftAt: null });
      const got = await getProduct(pw, id);
      expect(got.checklist.map((x) => x.key)).toEqual(["launch_campaign", "support_ready"]);
      expect(got.history.find((v) => v.stageId === betaId)).toMatchObject({ stageName: "Beta", stageKey: null });
      expect(got.stages.map((s) => s.id)).not.toContain(betaId);
      expect((await auditRows(h.db, pw.w.org.orgId, id, "stage_moved"))[0]!.after).toMatchObject({ stageId: launch, reason: "stage_removed" });
    }
    expect((await pw.stages()).map((s) => s.id)).not.toContain(betaId);
    const [archived] = await h.db.select().from(productStages).where(eq(productStages.id, betaId));
    expect(archived!.archivedAt).toBeInstanceOf(Date);
    expect((await auditRows(h.db, pw.w.org.orgId, betaId, "remove"))[0]!.after).toMatchObject({ movedProducts: expect.arrayContaining(inBeta), to: launch });

    // An archived stage is gone for every other purpose too.
    await expectCode(c.product.renameStage({ orgSlug: pw.slug, stageId: betaId, version: archived!.version, name: "Beta again" }), "NOT_FOUND");
    await expectFieldError(c.product.createCriterion({ orgSlug: pw.slug, stageId: betaId, label: "X" }), "stageId", en("e.product.unknownStage"));
    await expectFieldError(
      (await pw.as(pw.U.member)).product.create({ orgSlug: pw.slug, name: "Into the void", ownerId: pw.U.member, stageId: betaId }),
      "stageId",
      en("e.product.unknownStage"),
    );
    // Its name is free again.
    const reborn = await c.product.createStage({ orgSlug: pw.slug, name: "Beta", afterStageId: await pw.stageId("development") });
    expect(reborn.id).not.toBe(betaId);
  });

  it("an empty stage is removed without a target", async () => {
    const c = await admin();
    const sunset = (await pw.stages()).find((s) => s.name === "Sunset review")!;
    expect(await c.product.removeStage({ orgSlug: pw.slug, stageId: sunset.id, version: sunset.version })).toEqual({ id: sunset.id, moved: 0 });
    expect((await pw.stages()).map((s) => s.id)).not.toContain(sunset.id);
  });

  it("a stage a pending gate leaves from or goes to cannot be removed", async () => {
    const c = await admin();
    const p = await createProduct(pw, { stageKey: "growth" });
    await tickAll(pw, p.id);
    const req = await requestGate(pw, p.id);
    expect((req.snapshot as { toStage: { key: string } }).toStage.key).toBe("maturity");
    const stages = await pw.stages();
    for (const key of ["growth", "maturity"]) {
      const s = stages.find((x) => x.key === key)!;
      await expectCode(
        c.product.removeStage({ orgSlug: pw.slug, stageId: s.id, version: s.version, moveProductsTo: await pw.stageId("launch") }),
        "BAD_REQUEST",
        en("e.product.stageHasPendingGate"),
      );
    }
    expect((await pw.stages()).map((s) => s.key)).toEqual(expect.arrayContaining(["growth", "maturity"]));
    expect((await productRow(h.db, p.id)).stageId).toBe(await pw.stageId("growth"));
    // Once decided, the stage can go.
    await decide(pw, req.id, pw.U.manager, "reject");
    const growth = (await pw.stages()).find((x) => x.key === "growth")!;
    expect((await c.product.removeStage({ orgSlug: pw.slug, stageId: growth.id, version: growth.version, moveProductsTo: await pw.stageId("maturity") })).moved).toBe(1);
  });

  it("a lifecycle keeps at least two stages", async () => {
    const other = await productWorld(h.db, "stg2");
    const c = await other.as(other.U.owner);
    let stages = await other.stages();
    while (stages.length > 2) {
      const s = stages.at(-1)!;
      await c.product.removeStage({ orgSlug: other.slug, stageId: s.id, version: s.version });
      stages = await other.stages();
    }
    expect(stages.map((s) => s.key)).toEqual(["ideation", "discovery"]);
    for (const s of stages) {
      await expectCode(c.product.removeStage({ orgSlug: other.slug, stageId: s.id, version: s.version }), "BAD_REQUEST", en("e.product.tooFewStages"));
    }
    const rows = await h.db.select().from(productStages).where(and(eq(productStages.orgId, other.w.org.orgId)));
    expect(rows.filter((r) => !r.archivedAt)).toHaveLength(2);
    // The first organisation's lifecycle is untouched.
    expect((await pw.stages()).length).toBeGreaterThan(2);
  });
});

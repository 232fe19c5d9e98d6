/**
 * Product lifecycle through the tRPC caller: the default lifecycle on first use, checklists copied
 * from the stage template when a product enters a stage (template edits only reach later entries),
 * the stage machine (gate requests through the approvals engine, decisions through approval.decide,
 * skipping and admin override, pending-gate locks, stale versions) and moving back with a reason.
 *
 * Tests of one describe build on each other and run in order.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { approvalSteps, DEFAULT_PRODUCT_STAGES, productStageCriteria, productStages } from "@/db/schema";
import { DEFAULT_CRITERIA } from "@/server/products/refs";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import {
  auditRows,
  createProduct,
  decide,
  en,
  expectCode,
  failure,
  gateRequests,
  getProduct,
  itemsOf,
  productRow,
  productWorld,
  requestGate,
  tickAll,
  visitsOf,
  type ProductWorld,
} from "./_support/products";

let h: DbHandle;
let pw: ProductWorld;

beforeAll(async () => {
  h = await createTestDb();
  pw = await productWorld(h.db, "life");
});
afterAll(async () => h?.close());

const keysOf = (items: { key: string | null; label: string }[]) => items.map((i) => i.key ?? i.label);

describe("default lifecycle and checklists", () => {
  it("an organisation gets the eight default stages with their default criteria the first time anyone looks, once", async () => {
    expect(await h.db.select().from(productStages).where(eq(productStages.orgId, pw.w.org.orgId))).toHaveLength(0);
    const viewer = await pw.as(pw.U.viewer);
    const stages = await viewer.product.stages({ orgSlug: pw.slug });
    expect(stages.map((s) => s.key)).toEqual([...DEFAULT_PRODUCT_STAGES]);
    expect(stages.map((s) => s.key)).toEqual(["ideation", "discovery", "development", "launch", "growth", "maturity", "decline", "retired"]);
    for (const s of stages) {
      const expected = DEFAULT_CRITERIA[s.key as keyof typeof DEFAULT_CRITERIA];
      expect(s.criteria.map((c) => ({ key: c.key, kind: c.kind, requiresEvidence: c.requiresEvidence })), s.key!).toEqual(
        expected.map((c) => ({ key: c.key, kind: c.kind, requiresEvidence: c.requiresEvidence ?? false })),
      );
      expect(s.name).toBe("");
      expect(s.productCount).toBe(0);
    }
    expect(stages.find((s) => s.key === "development")!.criteria.map((c) => c.kind)).toEqual(["manual", "objective_baselines", "risks_within_appetite"]);
    expect(stages.find((s) => s.key === "launch")!.criteria.map((c) => c.kind)).toEqual(["launch_campaign_approved", "manual"]);

    // Looking again (and from every other procedure) inserts nothing more.
    await viewer.product.list({ orgSlug: pw.slug });
    await viewer.product.funnel({ orgSlug: pw.slug });
    expect(await viewer.product.stages({ orgSlug: pw.slug })).toEqual(stages);
    expect(await h.db.select().from(productStages).where(eq(productStages.orgId, pw.w.org.orgId))).toHaveLength(8);
    const criteria = await h.db.select().from(productStageCriteria).where(eq(productStageCriteria.orgId, pw.w.org.orgId));
    expect(criteria).toHaveLength(Object.values(DEFAULT_CRITERIA).flat().length);
  });

  it("a new product starts in the first stage with that stage's checklist and a 'created' history entry", async () => {
    const p = await createProduct(pw, { name: "Atlas" });
    const got = await getProduct(pw, p.id);
    expect(got.stageId).toBe(await pw.stageId("ideation"));
    expect(got.stageIndex).toBe(0);
    expect(got.nextStageId).toBe(await pw.stageId("discovery"));
    expect(got.checklist.map((i) => ({ key: i.key, kind: i.kind, checkedAt: i.checkedAt, passed: i.passed }))).toEqual([
      { key: "problem_defined", kind: "manual", checkedAt: null, passed: false },
    ]);
    expect(got.checklistState).toEqual({ done: 0, total: 1, complete: false });
    expect(got.history).toHaveLength(1);
    expect(got.history[0]).toMatchObject({ kind: "created", stageKey: "ideation", fromStageId: null, leftAt: null, approvalRequestId: null });
    expect(got.pendingGate).toBeNull();
    expect((await auditRows(h.db, pw.w.org.orgId, p.id, "create")).length).toBe(1);
  });

  it("a product created in a later stage gets that stage's checklist", async () => {
    const p = await createProduct(pw, { stageKey: "discovery" });
    const got = await getProduct(pw, p.id);
    expect(got.stageId).toBe(await pw.stageId("discovery"));
    expect(got.checklist.map((i) => [i.key, i.requiresEvidence])).toEqual([
      ["market_research", true],
      ["business_case", false],
    ]);
    expect(got.history[0]).toMatchObject({ kind: "created", stageKey: "discovery" });
  });

  it("template edits (add, rename, delete a criterion) reach only products that enter the stage afterwards", async () => {
    const admin = await pw.as(pw.U.admin);
    const discovery = await pw.stageId("discovery");
    const before = await createProduct(pw, { stageKey: "discovery" });

    const added = await admin.product.createCriterion({ orgSlug: pw.slug, stageId: discovery, label: "Pricing reviewed", requiresEvidence: true });
    expect(added).toMatchObject({ label: "Pricing reviewed", kind: "manual", requiresEvidence: true, key: null });
    const afterAdd = await createProduct(pw, { stageKey: "discovery" });
    expect(keysOf((await getProduct(pw, before.id)).checklist)).toEqual(["market_research", "business_case"]);
    expect(keysOf((await getProduct(pw, afterAdd.id)).checklist)).toEqual(["market_research", "business_case", "Pricing reviewed"]);

    // Rename a default criterion: the label replaces the translated key for later entries only.
    const stages = await admin.product.stages({ orgSlug: pw.slug });
    const research = stages.find((s) => s.id === discovery)!.criteria.find((c) => c.key === "market_research")!;
    await admin.product.updateCriterion({ orgSlug: pw.slug, criterionId: research.id, version: research.version, label: "Market sizing", requiresEvidence: true });
    const afterRename = await createProduct(pw, { stageKey: "discovery" });
    const renamed = (await getProduct(pw, afterRename.id)).checklist[0]!;
    expect(renamed).toMatchObject({ key: "market_research", label: "Market sizing", requiresEvidence: true });
    const old = (await getProduct(pw, before.id)).checklist[0]!;
    expect(old).toMatchObject({ key: "market_research", label: "", requiresEvidence: true });

    // A stale version of the criterion is a conflict.
    await expectCode(
      admin.product.updateCriterion({ orgSlug: pw.slug, criterionId: research.id, version: research.version, label: "Again" }),
      "CONFLICT",
    );

    // Delete: products already in the stage keep the item; later ones do not get it.
    await admin.product.deleteCriterion({ orgSlug: pw.slug, criterionId: added.id });
    const afterDelete = await createProduct(pw, { stageKey: "discovery" });
    expect(keysOf((await getProduct(pw, afterDelete.id)).checklist)).toEqual(["market_research", "business_case"]);
    expect(keysOf((await getProduct(pw, afterAdd.id)).checklist)).toEqual(["market_research", "business_case", "Pricing reviewed"]);
    const kept = (await itemsOf(h.db, afterAdd.id)).find((i) => i.label === "Pricing reviewed")!;
    expect(kept.criterionId).toBeNull();

    // An automatic criterion never requires evidence.
    const auto = await admin.product.createCriterion({ orgSlug: pw.slug, stageId: discovery, label: "Campaign", kind: "launch_campaign_approved", requiresEvidence: true });
    expect(auto.requiresEvidence).toBe(false);
    await admin.product.deleteCriterion({ orgSlug: pw.slug, criterionId: auto.id });
    // A criterion for a stage of another lifecycle is a field error.
    await expectFieldError(
      admin.product.createCriterion({ orgSlug: pw.slug, stageId: "00000000-0000-4000-8000-000000000000", label: "Nope" }),
      "stageId",
      en("e.product.unknownStage"),
    );
  });
});

describe("checklist items", () => {
  it("an evidence-required item needs a link or a note; the tick records who and when; unticking clears it", async () => {
    const p = await createProduct(pw, { stageKey: "discovery" });
    const member = await pw.as(pw.U.member);
    const item = (await getProduct(pw, p.id)).checklist.find((i) => i.key === "market_research")!;
    expect(item.requiresEvidence).toBe(true);

    await expectFieldError(
      member.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: item.version, checked: true }),
      "evidenceUrl",
      en("e.product.evidenceRequired"),
    );
    await expectFieldError(
      member.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: item.version, checked: true, evidenceUrl: "not a link" }),
      "evidenceUrl",
      en("v.url"),
    );
    expect((await itemsOf(h.db, p.id)).find((i) => i.id === item.id)!.checkedAt).toBeNull();

    const ticked = await member.product.checkItem({
      orgSlug: pw.slug,
      itemId: item.id,
      version: item.version,
      checked: true,
      evidenceUrl: "https://docs.example.com/research",
    });
    expect(ticked.checkedBy).toBe(pw.U.member);
    expect(ticked.checkedAt).toBeInstanceOf(Date);
    expect(ticked.evidenceUrl).toBe("https://docs.example.com/research");
    const shown = (await getProduct(pw, p.id)).checklist.find((i) => i.id === item.id)!;
    expect(shown).toMatchObject({ passed: true, checkedByName: "life member" });
    expect(await auditRows(h.db, pw.w.org.orgId, p.id, "checklist_checked")).toHaveLength(1);

    // A stale version is a conflict.
    await expectCode(member.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: item.version, checked: false }), "CONFLICT");

    // A note alone is evidence too; unticking clears who and when.
    const unticked = await member.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: ticked.version, checked: false });
    expect(unticked).toMatchObject({ checkedAt: null, checkedBy: null, evidenceUrl: "" });
    const noted = await member.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: unticked.version, checked: true, evidenceNote: "Interviews in the wiki" });
    expect(noted.evidenceNote).toBe("Interviews in the wiki");
  });

  it("automatic criteria cannot be ticked by hand", async () => {
    const p = await createProduct(pw, { stageKey: "development" });
    const auto = (await getProduct(pw, p.id)).checklist.find((i) => i.kind === "objective_baselines")!;
    expect(auto.passed).toBe(false);
    await expectFieldError(
      (await pw.as(pw.U.member)).product.checkItem({ orgSlug: pw.slug, itemId: auto.id, version: auto.version, checked: true, evidenceNote: "trust me" }),
      "checked",
      en("e.product.autoCriterion"),
    );
    expect((await itemsOf(h.db, p.id)).find((i) => i.id === auto.id)!.checkedAt).toBeNull();
  });

  it("outside the member's scope (someone else's product) a tick is forbidden", async () => {
    const p = await createProduct(pw, { by: pw.U.memberB, departmentId: pw.w.org.departmentIds.b });
    const item = (await getProduct(pw, p.id, pw.U.memberB)).checklist[0]!;
    await expectCode((await pw.as(pw.U.member)).product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: item.version, checked: true }), "FORBIDDEN");
  });
});

describe("stage gates", () => {
  let atlasId: string;
  let requestId: string;

  it("an incomplete checklist is refused naming the open items, and nothing is written", async () => {
    const p = await createProduct(pw, { name: "Gatekeeper" });
    atlasId = p.id;
    const err = await failure(requestGate(pw, p.id));
    expect(err.code).toBe("BAD_REQUEST");
    await expectFieldError(requestGate(pw, p.id), "checklist", "1 checklist item is still open");
    const details = (err.cause as { details?: { openItems?: { key: string | null; label: string }[] } }).details;
    expect(details?.openItems?.map((i) => i.key)).toEqual(["problem_defined"]);
    expect(await gateRequests(h.db, p.id)).toHaveLength(0);
    expect(await auditRows(h.db, pw.w.org.orgId, p.id, "gate_override")).toHaveLength(0);
    expect((await productRow(h.db, p.id)).version).toBe(p.version);
  });

  it("a stale version is a conflict", async () => {
    await tickAll(pw, atlasId);
    // Someone edits the product after the requester loaded it.
    const p = await productRow(h.db, atlasId);
    await (await pw.as(pw.U.manager)).product.update({ orgSlug: pw.slug, productId: atlasId, version: p.version, name: "Gatekeeper", description: "Edited", ownerId: p.ownerId, departmentId: p.departmentId });
    await expectCode(requestGate(pw, atlasId, { version: p.version }), "CONFLICT", "changed by someone else");
    expect(await gateRequests(h.db, atlasId)).toHaveLength(0);
  });

  it("a complete checklist opens a pending request with a snapshot; the product does not move yet", async () => {
    const req = await requestGate(pw, atlasId);
    requestId = req.id;
    expect(req.status).toBe("pending");
    expect(req.subjectType).toBe("stage_gate");
    expect(req.subjectId).toBe(atlasId);
    expect(req.title).toBe("Gatekeeper");
    expect(req.departmentId).toBe(pw.w.org.departmentIds.a);
    const snap = req.snapshot as {
      fromStage: { id: string; key: string };
      toStage: { id: string; key: string };
      skipped: unknown[];
      override: unknown;
      checklist: { key: string; passed: boolean; kind: string }[];
    };
    expect(snap.fromStage).toMatchObject({ id: await pw.stageId("ideation"), key: "ideation" });
    expect(snap.toStage).toMatchObject({ id: await pw.stageId("discovery"), key: "discovery" });
    expect(snap.skipped).toEqual([]);
    expect(snap.override).toBeNull();
    expect(snap.checklist).toEqual([expect.objectContaining({ key: "problem_defined", kind: "manual", passed: true })]);

    // The department's manager approves.
    const [step] = await h.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, req.id));
    expect(step!.rule).toEqual({ kind: "department_managers", departmentId: pw.w.org.departmentIds.a });

    const got = await getProduct(pw, atlasId);
    expect(got.stageId).toBe(await pw.stageId("ideation"));
    expect(got.pendingGate?.requestId).toBe(req.id);
    const listed = (await (await pw.as(pw.U.viewer)).product.list({ orgSlug: pw.slug })).find((x) => x.id === atlasId)!;
    expect(listed.pendingGate).toEqual({ requestId: req.id, toStageId: await pw.stageId("discovery") });
    expect(listed.checklist).toEqual({ done: 1, total: 1, complete: true });
    const inbox = await (await pw.as(pw.U.manager)).approval.inbox({ orgSlug: pw.slug });
    expect(JSON.stringify(inbox)).toContain(req.id);
  });

  it("while the gate is pending: a second request, ticks and moving back are refused", async () => {
    await expectCode(requestGate(pw, atlasId), "CONFLICT", en("e.approvalAlreadyPending"));
    const item = (await getProduct(pw, atlasId)).checklist[0]!;
    const member = await pw.as(pw.U.member);
    await expectCode(member.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: item.version, checked: false }), "BAD_REQUEST", en("e.product.gatePending"));
    const p = await productRow(h.db, atlasId);
    await expectCode(
      member.product.moveBack({ orgSlug: pw.slug, productId: atlasId, version: p.version, toStageId: await pw.stageId("ideation"), reason: "Why not" }),
      "BAD_REQUEST",
      en("e.product.gatePending"),
    );
    expect((await itemsOf(h.db, atlasId))[0]!.checkedAt).not.toBeNull();
    expect(await visitsOf(h.db, atlasId)).toHaveLength(1);
  });

  it("the requester cannot approve their own gate; another member is not an approver", async () => {
    await expectCode(decide(pw, requestId, pw.U.member), "FORBIDDEN", en("e.ownRequest"));
    await expectCode(decide(pw, requestId, pw.U.memberB), "FORBIDDEN", en("e.notAnApprover"));
    expect((await productRow(h.db, atlasId)).stageId).toBe(await pw.stageId("ideation"));
  });

  it("the department manager approves: the product enters the next stage with history and a new checklist", async () => {
    const before = await productRow(h.db, atlasId);
    const decided = await decide(pw, requestId, pw.U.manager);
    expect(decided.status).toBe("approved");

    const after = await productRow(h.db, atlasId);
    expect(after.stageId).toBe(await pw.stageId("discovery"));
    expect(after.version).toBe(before.version + 1);
    expect(after.stageEnteredAt.getTime()).toBeGreaterThanOrEqual(before.stageEnteredAt.getTime());

    const visits = await visitsOf(h.db, atlasId);
    expect(visits).toHaveLength(2);
    expect(visits[0]!.stageId).toBe(await pw.stageId("ideation"));
    expect(visits[0]!.leftAt).toBeInstanceOf(Date);
    expect(visits[1]).toMatchObject({
      stageId: await pw.stageId("discovery"),
      fromStageId: await pw.stageId("ideation"),
      kind: "advanced",
      approvalRequestId: requestId,
      leftAt: null,
      actorId: pw.U.manager,
    });
    expect(visits[1]!.enteredAt.getTime()).toBe(visits[0]!.leftAt!.getTime());

    const got = await getProduct(pw, atlasId);
    expect(keysOf(got.checklist)).toEqual(["market_research", "business_case"]);
    expect(got.checklist.every((i) => i.checkedAt === null)).toBe(true);
    expect(got.pendingGate).toBeNull();
    expect(got.history.map((v) => [v.kind, v.stageKey])).toEqual([
      ["advanced", "discovery"],
      ["created", "ideation"],
    ]);
    expect(got.gates[0]).toMatchObject({ id: requestId, status: "approved" });
    expect(got.gates[0]!.decisions).toEqual([expect.objectContaining({ decision: "approve", deciderName: "life manager" })]);
    const audit = await auditRows(h.db, pw.w.org.orgId, atlasId, "stage_advanced");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ stageId: await pw.stageId("discovery"), approvalRequestId: requestId, override: null });

    // The old checklist is closed: its items can no longer be ticked.
    const oldItem = (await itemsOf(h.db, atlasId)).find((i) => i.key === "problem_defined")!;
    await expectCode(
      (await pw.as(pw.U.member)).product.checkItem({ orgSlug: pw.slug, itemId: oldItem.id, version: oldItem.version, checked: false }),
      "BAD_REQUEST",
      en("e.product.checklistClosed"),
    );
  });

  it("a rejected gate leaves the product where it is, with its checklist; it can be requested again", async () => {
    const p = await createProduct(pw, { stageKey: "discovery" });
    await tickAll(pw, p.id);
    const req = await requestGate(pw, p.id);
    const rejected = await decide(pw, req.id, pw.U.manager, "reject");
    expect(rejected.status).toBe("rejected");
    const row = await productRow(h.db, p.id);
    expect(row.stageId).toBe(await pw.stageId("discovery"));
    expect(row.version).toBe(p.version); // ticks version the items, not the product
    expect(await visitsOf(h.db, p.id)).toHaveLength(1);
    const got = await getProduct(pw, p.id);
    expect(got.checklistState.complete).toBe(true);
    expect(got.pendingGate).toBeNull();
    expect(got.gates[0]).toMatchObject({ status: "rejected" });
    // Not locked any more: the checklist can change and the gate can be asked again.
    const item = got.checklist[1]!;
    const c = await pw.as(pw.U.member);
    const un = await c.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: item.version, checked: false });
    await c.product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: un.version, checked: true });
    const again = await requestGate(pw, p.id);
    expect(again.status).toBe("pending");
  });

  it("a withdrawn gate unlocks the checklist; the product stays", async () => {
    const p = await createProduct(pw);
    await tickAll(pw, p.id);
    const req = await requestGate(pw, p.id);
    const cancelled = await (await pw.as(pw.U.member)).approval.cancel({ orgSlug: pw.slug, requestId: req.id });
    expect(cancelled.status).toBe("cancelled");
    const got = await getProduct(pw, p.id);
    expect(got.pendingGate).toBeNull();
    expect(got.stageId).toBe(await pw.stageId("ideation"));
    const item = got.checklist[0]!;
    await (await pw.as(pw.U.member)).product.checkItem({ orgSlug: pw.slug, itemId: item.id, version: item.version, checked: false });
    // A decision on the withdrawn request is too late.
    await expectCode(decide(pw, req.id, pw.U.manager), "CONFLICT");
    expect((await productRow(h.db, p.id)).stageId).toBe(await pw.stageId("ideation"));
  });

  it("a manager's own product is approved by the admins, never by the manager", async () => {
    const p = await createProduct(pw, { by: pw.U.manager });
    await tickAll(pw, p.id, pw.U.manager);
    const req = await requestGate(pw, p.id, { by: pw.U.manager });
    const [step] = await h.db.select().from(approvalSteps).where(eq(approvalSteps.requestId, req.id));
    expect(step!.rule).toEqual({ kind: "role", roles: ["admin", "owner"] });
    await expectCode(decide(pw, req.id, pw.U.manager), "FORBIDDEN", en("e.ownRequest"));
    await decide(pw, req.id, pw.U.admin);
    expect((await productRow(h.db, p.id)).stageId).toBe(await pw.stageId("discovery"));
  });

  it("the last stage has no gate", async () => {
    const p = await createProduct(pw, { stageKey: "retired" });
    await expectCode(requestGate(pw, p.id), "BAD_REQUEST", en("e.product.lastStage"));
  });
});

describe("skipping stages and admin override", () => {
  it("skipping a stage without an override is a field error; so is a backward target; nothing is written", async () => {
    const p = await createProduct(pw);
    await tickAll(pw, p.id);
    await expectFieldError(requestGate(pw, p.id, { toStageKey: "development" }), "toStageId", en("e.product.skipNeedsOverride"));
    await expectFieldError(requestGate(pw, p.id, { toStageKey: "ideation" }), "toStageId", en("e.product.notForward"));
    expect(await gateRequests(h.db, p.id)).toHaveLength(0);
  });

  it("only admins may override: a member's or a manager's override reason is a field error", async () => {
    const p = await createProduct(pw);
    await expectFieldError(requestGate(pw, p.id, { overrideReason: "Urgent" }), "overrideReason", en("e.product.overrideAdminOnly"));
    await expectFieldError(requestGate(pw, p.id, { by: pw.U.manager, overrideReason: "Urgent", toStageKey: "development" }), "overrideReason", en("e.product.overrideAdminOnly"));
    // Even with a complete checklist and no skip, an override reason from a member is refused.
    await tickAll(pw, p.id);
    await expectFieldError(requestGate(pw, p.id, { overrideReason: "Just because" }), "overrideReason", en("e.product.overrideAdminOnly"));
    expect(await gateRequests(h.db, p.id)).toHaveLength(0);
    expect(await auditRows(h.db, pw.w.org.orgId, p.id, "gate_override")).toHaveLength(0);
  });

  it("an admin's override skips stages and an incomplete checklist, is audited, and is still approved by the manager", async () => {
    const p = await createProduct(pw, { name: "Skipper" });
    const req = await requestGate(pw, p.id, { by: pw.U.admin, toStageKey: "development", overrideReason: "Pilot customer already signed" });
    expect(req.status).toBe("pending");
    const snap = req.snapshot as { override: { reason: string } | null; skipped: { key: string }[]; toStage: { key: string }; checklist: { passed: boolean }[] };
    expect(snap.override).toEqual({ reason: "Pilot customer already signed" });
    expect(snap.skipped.map((s) => s.key)).toEqual(["discovery"]);
    expect(snap.toStage.key).toBe("development");
    expect(snap.checklist).toEqual([expect.objectContaining({ passed: false })]);

    const audit = await auditRows(h.db, pw.w.org.orgId, p.id, "gate_override");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "product", actorId: pw.U.admin });
    expect(audit[0]!.after).toMatchObject({
      reason: "Pilot customer already signed",
      toStageId: await pw.stageId("development"),
      skipped: [await pw.stageId("discovery")],
      approvalRequestId: req.id,
    });
    expect((await productRow(h.db, p.id)).stageId).toBe(await pw.stageId("ideation"));

    await decide(pw, req.id, pw.U.manager);
    const after = await productRow(h.db, p.id);
    expect(after.stageId).toBe(await pw.stageId("development"));
    const visits = await visitsOf(h.db, p.id);
    expect(visits.at(-1)).toMatchObject({ kind: "override", reason: "Pilot customer already signed", approvalRequestId: req.id, fromStageId: await pw.stageId("ideation") });
    expect(keysOf((await getProduct(pw, p.id)).checklist)).toEqual(["sop_written", "objective_baselines", "risks_within_appetite"]);
    expect((await auditRows(h.db, pw.w.org.orgId, p.id, "stage_advanced"))[0]!.after).toMatchObject({ override: "Pilot customer already signed" });
  });

  it("an admin's override also passes an incomplete checklist to the next stage", async () => {
    const p = await createProduct(pw);
    const req = await requestGate(pw, p.id, { by: pw.U.admin, overrideReason: "Problem is obvious" });
    expect((req.snapshot as { skipped: unknown[] }).skipped).toEqual([]);
    await decide(pw, req.id, pw.U.manager);
    expect((await productRow(h.db, p.id)).stageId).toBe(await pw.stageId("discovery"));
  });
});

describe("moving back", () => {
  let p: Awaited<ReturnType<typeof createProduct>>;

  it("needs a reason and an earlier stage; a stale version is a conflict; nothing is written", async () => {
    p = await createProduct(pw, { stageKey: "development" });
    const member = await pw.as(pw.U.member);
    const base = { orgSlug: pw.slug, productId: p.id, version: p.version };
    await expectFieldError(member.product.moveBack({ ...base, toStageId: await pw.stageId("discovery"), reason: "  " }), "reason", en("v.reasonRequired"));
    await expectFieldError(member.product.moveBack({ ...base, toStageId: await pw.stageId("development"), reason: "Same" }), "toStageId", en("e.product.notBackward"));
    await expectFieldError(member.product.moveBack({ ...base, toStageId: await pw.stageId("launch"), reason: "Later" }), "toStageId", en("e.product.notBackward"));
    await expectCode(member.product.moveBack({ ...base, version: p.version + 5, toStageId: await pw.stageId("discovery"), reason: "Stale" }), "CONFLICT");
    expect(await visitsOf(h.db, p.id)).toHaveLength(1);
    expect((await productRow(h.db, p.id)).version).toBe(p.version);
  });

  it("moves to an earlier stage with the reason in the history and a fresh checklist for that stage", async () => {
    await tickAll(pw, p.id);
    const before = await productRow(h.db, p.id);
    const oldItems = await itemsOf(h.db, p.id);
    const moved = await (await pw.as(pw.U.member)).product.moveBack({
      orgSlug: pw.slug,
      productId: p.id,
      version: before.version,
      toStageId: await pw.stageId("ideation"),
      reason: "The problem statement did not hold up",
    });
    expect(moved.stageId).toBe(await pw.stageId("ideation"));
    expect(moved.version).toBe(before.version + 1);
    const visits = await visitsOf(h.db, p.id);
    expect(visits).toHaveLength(2);
    expect(visits[0]!.leftAt).toBeInstanceOf(Date);
    expect(visits[1]).toMatchObject({
      kind: "moved_back",
      reason: "The problem statement did not hold up",
      stageId: await pw.stageId("ideation"),
      fromStageId: await pw.stageId("development"),
      leftAt: null,
      approvalRequestId: null,
    });
    const got = await getProduct(pw, p.id);
    expect(keysOf(got.checklist)).toEqual(["problem_defined"]);
    expect(got.checklist[0]!.checkedAt).toBeNull();
    expect(oldItems.map((i) => i.id)).not.toContain(got.checklist[0]!.id);
    expect(got.history[0]).toMatchObject({ kind: "moved_back", reason: "The problem statement did not hold up", actorName: "life member" });
    expect((await auditRows(h.db, pw.w.org.orgId, p.id, "stage_moved_back"))[0]!.after).toMatchObject({ reason: "The problem statement did not hold up" });
    // Moving back never asks for approval.
    expect(await gateRequests(h.db, p.id)).toHaveLength(0);
  });

  it("a member cannot move back someone else's product", async () => {
    const other = await createProduct(pw, { by: pw.U.memberB, departmentId: pw.w.org.departmentIds.b, stageKey: "discovery" });
    await expectCode(
      (await pw.as(pw.U.member)).product.moveBack({ orgSlug: pw.slug, productId: other.id, version: other.version, toStageId: await pw.stageId("ideation"), reason: "Mine now" }),
      "FORBIDDEN",
    );
    expect(await visitsOf(h.db, other.id)).toHaveLength(1);
  });
});

describe("deleting a product with a pending gate", () => {
  it("cancels the gate with the product", async () => {
    const p = await createProduct(pw);
    await tickAll(pw, p.id);
    const req = await requestGate(pw, p.id);
    await (await pw.as(pw.U.manager)).product.delete({ orgSlug: pw.slug, productId: p.id });
    const [row] = await gateRequests(h.db, p.id);
    expect(row).toMatchObject({ id: req.id, status: "cancelled" });
    const steps = await h.db.select().from(approvalSteps).where(and(eq(approvalSteps.requestId, req.id)));
    expect(steps.map((s) => s.status)).toEqual(["cancelled"]);
  });
});

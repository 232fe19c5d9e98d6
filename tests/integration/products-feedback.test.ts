/**
 * Product names and feedback through the tRPC caller: duplicate names in an organisation (any case)
 * on create and update, and feedback and ideas: adding, one vote per member, withdrawing a vote,
 * the "most wanted" order (votes + 1) × importance, who may edit, bad importance, and links to an
 * initiative or key result of the organisation.
 *
 * Tests of one describe build on each other and run in order.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { productFeedback, productFeedbackVotes, products } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { build } from "./_support/procedures";
import { auditRows, createProduct, en, expectCode, getProduct, productRow, productWorld, type ProductWorld } from "./_support/products";

let h: DbHandle;
let pw: ProductWorld;

beforeAll(async () => {
  h = await createTestDb();
  pw = await productWorld(h.db, "fb");
});
afterAll(async () => h?.close());

async function namedLike(name: string) {
  return h.db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.orgId, pw.w.org.orgId), sql`lower(${products.name}) = lower(${name})`));
}

describe("product names", () => {
  it("a second product with the same name in any case is a field error on create; nothing is written", async () => {
    await createProduct(pw, { name: "Harbor" });
    await expectFieldError(createProduct(pw, { name: "harbor" }), "name", en("e.product.nameTaken"));
    await expectFieldError(createProduct(pw, { name: "  HARBOR  ", by: pw.U.admin }), "name", en("e.product.nameTaken"));
    expect(await namedLike("harbor")).toHaveLength(1);
  });

  it("renaming to another product's name is a field error; changing the case of its own name is fine", async () => {
    const other = await createProduct(pw, { name: "Lighthouse" });
    const member = await pw.as(pw.U.member);
    const base = { orgSlug: pw.slug, productId: other.id, version: other.version, ownerId: pw.U.member, departmentId: pw.w.org.departmentIds.a };
    await expectFieldError(member.product.update({ ...base, name: "hArBoR" }), "name", en("e.product.nameTaken"));
    expect((await productRow(h.db, other.id)).name).toBe("Lighthouse");
    expect((await productRow(h.db, other.id)).version).toBe(other.version);
    const renamed = await member.product.update({ ...base, name: "LIGHTHOUSE" });
    expect(renamed.name).toBe("LIGHTHOUSE");
    expect(await auditRows(h.db, pw.w.org.orgId, other.id, "update")).toHaveLength(1);
  });

  it("the same name in another organisation is fine", async () => {
    const elsewhere = await productWorld(h.db, "fb2");
    const p = await createProduct(elsewhere, { name: "Harbor" });
    expect(p.name).toBe("Harbor");
  });
});

describe("feedback and ideas", () => {
  let productId: string;
  const ids: Record<"low" | "high" | "mid", string> = { low: "", high: "", mid: "" };

  it("any member may log feedback on any product; the author is recorded", async () => {
    // A product of the manager (department A): the member does not own it.
    const p = await createProduct(pw, { by: pw.U.manager, name: "Feedback target" });
    productId = p.id;
    const low = await (await pw.as(pw.U.member)).product.addFeedback({
      orgSlug: pw.slug,
      productId,
      title: "Export to PDF",
      detail: "Customers print reports",
      source: "customer",
      account: "Acme Ltd",
      importance: 1,
    });
    expect(low).toMatchObject({ authorId: pw.U.member, voteCount: 0, status: "new", importance: 1, account: "Acme Ltd", source: "customer" });
    ids.low = low.id;
    ids.high = (await (await pw.as(pw.U.admin)).product.addFeedback({ orgSlug: pw.slug, productId, title: "SSO", source: "sales", importance: 3 })).id;
    ids.mid = (await (await pw.as(pw.U.memberB)).product.addFeedback({ orgSlug: pw.slug, productId, title: "Dark mode", source: "internal" })).id;
    expect((await getProduct(pw, productId)).feedback.find((f) => f.id === ids.mid)!.importance).toBe(2);
    expect(await auditRows(h.db, pw.w.org.orgId, ids.low, "create")).toHaveLength(1);
  });

  it("importance outside 1–3 is a field error on add and update; nothing is written", async () => {
    const member = await pw.as(pw.U.member);
    for (const importance of [4, 0]) {
      await expectFieldError(member.product.addFeedback({ orgSlug: pw.slug, productId, title: "Too important", source: "support", importance }), "importance", en("v.importance"));
    }
    const f = (await getProduct(pw, productId)).feedback.find((x) => x.id === ids.low)!;
    await expectFieldError(
      member.product.updateFeedback({ orgSlug: pw.slug, feedbackId: f.id, version: f.version, title: f.title, source: f.source, status: f.status, importance: 4 }),
      "importance",
      en("v.importance"),
    );
    const rows = await h.db.select().from(productFeedback).where(eq(productFeedback.productId, productId));
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.id === ids.low)!.importance).toBe(1);
  });

  it("a member votes once: voting twice counts one vote; withdrawing removes it, never below zero", async () => {
    const member = await pw.as(pw.U.member);
    expect(await member.product.vote({ orgSlug: pw.slug, feedbackId: ids.low, vote: true })).toEqual({ id: ids.low, voteCount: 1, voted: true });
    expect((await member.product.vote({ orgSlug: pw.slug, feedbackId: ids.low, vote: true })).voteCount).toBe(1);
    expect((await member.product.vote({ orgSlug: pw.slug, feedbackId: ids.low, vote: false })).voteCount).toBe(0);
    expect((await member.product.vote({ orgSlug: pw.slug, feedbackId: ids.low, vote: false })).voteCount).toBe(0);
    expect(await h.db.select().from(productFeedbackVotes).where(eq(productFeedbackVotes.feedbackId, ids.low))).toHaveLength(0);
  });

  it("lists feedback by (votes + 1) × importance, with the caller's own votes marked", async () => {
    const vote = async (who: string, feedbackId: string) => (await pw.as(who)).product.vote({ orgSlug: pw.slug, feedbackId, vote: true });
    // low: importance 1, 3 votes → 4; high: importance 3, no votes → 3; mid: importance 2, 2 votes → 6.
    for (const who of [pw.U.member, pw.U.manager, pw.U.admin]) await vote(who, ids.low);
    for (const who of [pw.U.member, pw.U.owner]) await vote(who, ids.mid);
    const list = (await getProduct(pw, productId)).feedback;
    expect(list.map((f) => [f.title, f.voteCount, f.score])).toEqual([
      ["Dark mode", 2, 6],
      ["Export to PDF", 3, 4],
      ["SSO", 0, 3],
    ]);
    expect(list.map((f) => f.votedByMe)).toEqual([true, true, false]);
    expect((await getProduct(pw, productId, pw.U.admin)).feedback.map((f) => f.votedByMe)).toEqual([false, true, false]);
    // A viewer sees the list but holds no vote.
    expect((await getProduct(pw, productId, pw.U.viewer)).feedback).toHaveLength(3);
    await expectCode((await pw.as(pw.U.viewer)).product.vote({ orgSlug: pw.slug, feedbackId: ids.low, vote: true }), "FORBIDDEN");
  });

  it("another member cannot edit or delete someone else's feedback on a product they do not own; the author and the product's owner can", async () => {
    const f = (await getProduct(pw, productId)).feedback.find((x) => x.id === ids.low)!;
    const edit = { orgSlug: pw.slug, feedbackId: f.id, version: f.version, title: "Export to PDF and CSV", source: f.source, importance: 2, status: "planned" as const };
    const memberB = await pw.as(pw.U.memberB);
    await expectCode(memberB.product.updateFeedback(edit), "FORBIDDEN");
    await expectCode(memberB.product.deleteFeedback({ orgSlug: pw.slug, feedbackId: f.id }), "FORBIDDEN");
    expect((await h.db.select().from(productFeedback).where(eq(productFeedback.id, f.id)))[0]).toMatchObject({ title: "Export to PDF", version: f.version });

    // The author (who does not own the product) may.
    const updated = await (await pw.as(pw.U.member)).product.updateFeedback(edit);
    expect(updated).toMatchObject({ title: "Export to PDF and CSV", status: "planned", importance: 2, version: f.version + 1, voteCount: 3 });
    // A stale version is a conflict.
    await expectCode((await pw.as(pw.U.member)).product.updateFeedback({ ...edit, status: "done" }), "CONFLICT");

    // The product's owner may edit anyone's feedback on it; memberB may still edit their own.
    const mid = (await getProduct(pw, productId)).feedback.find((x) => x.id === ids.mid)!;
    const byOwner = await (await pw.as(pw.U.manager)).product.updateFeedback({
      orgSlug: pw.slug,
      feedbackId: mid.id,
      version: mid.version,
      title: mid.title,
      source: mid.source,
      importance: mid.importance,
      status: "declined",
    });
    expect(byOwner.status).toBe("declined");
    await memberB.product.deleteFeedback({ orgSlug: pw.slug, feedbackId: mid.id });
    expect(await h.db.select().from(productFeedback).where(eq(productFeedback.id, mid.id))).toHaveLength(0);
    expect(await h.db.select().from(productFeedbackVotes).where(eq(productFeedbackVotes.feedbackId, mid.id))).toHaveLength(0);
  });

  it("links to an initiative or a key result of the organisation, not of another one", async () => {
    const subject = { ownerId: pw.U.member, departmentId: pw.w.org.departmentIds.a };
    const initiative = await build.initiative(pw.w, subject);
    const kr = await build.keyResult(pw.w, subject);
    const member = await pw.as(pw.U.member);
    const f = await member.product.addFeedback({ orgSlug: pw.slug, productId, title: "Bulk import", source: "support", initiativeId: initiative.id, keyResultId: kr.id });
    expect(f).toMatchObject({ initiativeId: initiative.id, keyResultId: kr.id });
    const shown = (await getProduct(pw, productId)).feedback.find((x) => x.id === f.id)!;
    expect(shown).toMatchObject({ initiativeTitle: initiative.title, keyResultTitle: kr.title, authorName: "fb member" });

    const elsewhere = await productWorld(h.db, "fb3");
    const foreignSubject = { ownerId: elsewhere.U.member, departmentId: elsewhere.w.org.departmentIds.a };
    const foreignInitiative = await build.initiative(elsewhere.w, foreignSubject);
    const foreignKr = await build.keyResult(elsewhere.w, foreignSubject);
    await expectFieldError(
      member.product.addFeedback({ orgSlug: pw.slug, productId, title: "Leak", source: "support", initiativeId: foreignInitiative.id }),
      "initiativeId",
      en("e.product.unknownInitiative"),
    );
    await expectFieldError(
      member.product.updateFeedback({ orgSlug: pw.slug, feedbackId: f.id, version: f.version, title: f.title, source: f.source, status: f.status, keyResultId: foreignKr.id }),
      "keyResultId",
      en("e.product.unknownKeyResult"),
    );
    expect((await h.db.select().from(productFeedback).where(eq(productFeedback.productId, productId))).map((r) => r.title)).not.toContain("Leak");
    // Unlinking is allowed.
    const unlinked = await member.product.updateFeedback({ orgSlug: pw.slug, feedbackId: f.id, version: f.version, title: f.title, source: f.source, status: f.status });
    expect(unlinked).toMatchObject({ initiativeId: null, keyResultId: null });
  });
});

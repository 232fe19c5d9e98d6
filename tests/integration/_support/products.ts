/**
 * Helpers shared by the products-*.test.ts suites: callers per role, products created through the
 * API, checklist ticking, stage-gate requests and decisions, and direct reads of the rows a call
 * must (or must not) have written.
 */
import { TRPCError } from "@trpc/server";
import { and, asc, eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "@/db/client";
import { approvalRequests, auditEvents, productChecklistItems, products, productStages, productStageVisits } from "@/db/schema";
import { translate } from "@/server/i18n";
import { loadActor } from "@/server/org/actor";
import { callerFor } from "../../helpers/factories";
import { makeWorld, uid, type World } from "./procedures";

export interface ProductWorld {
  db: Database;
  w: World;
  /** User ids by role; memberB is a plain member of department B. */
  U: { owner: string; admin: string; manager: string; member: string; viewer: string; memberB: string };
  slug: string;
  as: (userId: string) => ReturnType<typeof callerFor>;
  /** The org's active stages by key (default lifecycle), in order. */
  stages: () => Promise<{ id: string; key: string | null; name: string; version: number }[]>;
  stageId: (key: string) => Promise<string>;
}

export async function productWorld(db: Database, label: string): Promise<ProductWorld> {
  const w = await makeWorld(db, label);
  const u = w.org.users;
  const U = { owner: u.owner.id, admin: u.admin.id, manager: u.manager.id, member: u.member.id, viewer: u.viewer.id, memberB: w.other.id };
  const as = (userId: string) => callerFor(db, userId);
  const stages = async () => (await (await as(U.owner)).product.stages({ orgSlug: w.org.slug })).map((s) => ({ id: s.id, key: s.key, name: s.name, version: s.version }));
  return {
    db,
    w,
    U,
    slug: w.org.slug,
    as,
    stages,
    stageId: async (key: string) => {
      const s = (await stages()).find((x) => x.key === key);
      if (!s) throw new Error(`no stage ${key}`);
      return s.id;
    },
  };
}

/** The error a call fails with (the test fails if it succeeds). */
export async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

/** Fails with `code`; `text` (when given) must appear in the English message. */
export async function expectCode(p: Promise<unknown>, code: TRPCError["code"], text?: string) {
  const e = await failure(p);
  expect(e.code, `${e.code}: ${e.message}`).toBe(code);
  if (text) expect(translate("en", e.message)).toContain(text);
  return e;
}

/** The English text of a catalog key. */
export const en = (key: string) => translate("en", key);

/** A product created through the API (default: by the member, owned by them, in department A). */
export async function createProduct(
  pw: ProductWorld,
  opts: { by?: string; ownerId?: string; departmentId?: string | null; name?: string; stageKey?: string; objectiveIds?: string[] } = {},
) {
  const by = opts.by ?? pw.U.member;
  return (await pw.as(by)).product.create({
    orgSlug: pw.slug,
    name: opts.name ?? `Product ${uid()}`,
    ownerId: opts.ownerId ?? by,
    departmentId: opts.departmentId === undefined ? pw.w.org.departmentIds.a : opts.departmentId,
    stageId: opts.stageKey ? await pw.stageId(opts.stageKey) : undefined,
    objectiveIds: opts.objectiveIds,
  });
}

export async function getProduct(pw: ProductWorld, productId: string, by = pw.U.member) {
  return (await pw.as(by)).product.get({ orgSlug: pw.slug, productId });
}

/** Ticks every open manual item of the product's current checklist (with a note where evidence is required). */
export async function tickAll(pw: ProductWorld, productId: string, by = pw.U.member) {
  const c = await pw.as(by);
  const p = await c.product.get({ orgSlug: pw.slug, productId });
  for (const i of p.checklist.filter((x) => x.kind === "manual" && !x.checkedAt)) {
    await c.product.checkItem({ orgSlug: pw.slug, itemId: i.id, version: i.version, checked: true, evidenceNote: i.requiresEvidence ? "See the shared drive" : "" });
  }
  return c.product.get({ orgSlug: pw.slug, productId });
}

/** Requests the gate with the product's current version. */
export async function requestGate(pw: ProductWorld, productId: string, opts: { by?: string; toStageKey?: string; overrideReason?: string; version?: number } = {}) {
  const by = opts.by ?? pw.U.member;
  const c = await pw.as(by);
  const version = opts.version ?? (await c.product.get({ orgSlug: pw.slug, productId })).version;
  return c.product.advanceStage({
    orgSlug: pw.slug,
    productId,
    version,
    toStageId: opts.toStageKey ? await pw.stageId(opts.toStageKey) : undefined,
    overrideReason: opts.overrideReason,
    comment: "Ready for the gate",
  });
}

export async function decide(pw: ProductWorld, requestId: string, by: string, decision: "approve" | "reject" = "approve") {
  return (await pw.as(by)).approval.decide({ orgSlug: pw.slug, requestId, decision, comment: decision === "approve" ? "" : "Not yet" });
}

export async function gateRequests(db: Database, productId: string) {
  return db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.subjectType, "stage_gate"), eq(approvalRequests.subjectId, productId)))
    .orderBy(asc(approvalRequests.createdAt));
}

export async function visitsOf(db: Database, productId: string) {
  return db.select().from(productStageVisits).where(eq(productStageVisits.productId, productId)).orderBy(asc(productStageVisits.enteredAt), asc(productStageVisits.kind));
}

export async function productRow(db: Database, productId: string) {
  return (await db.select().from(products).where(eq(products.id, productId)))[0]!;
}

export async function itemsOf(db: Database, productId: string) {
  return db.select().from(productChecklistItems).where(eq(productChecklistItems.productId, productId)).orderBy(asc(productChecklistItems.position));
}

export async function auditRows(db: Database, orgId: string, entityId: string, action?: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.entityId, entityId), action ? eq(auditEvents.action, action) : undefined))
    .orderBy(asc(auditEvents.id));
}

export async function stageRows(db: Database, orgId: string) {
  return db.select().from(productStages).where(eq(productStages.orgId, orgId)).orderBy(asc(productStages.position));
}

export async function actorOf(pw: ProductWorld, userId: string) {
  const a = await loadActor(pw.db, userId, pw.slug);
  if (!a) throw new Error("not a member");
  return a;
}

/**
 * Parallel conflicting edits on real PostgreSQL (TEST_DB=neon; skipped on PGlite, which runs one
 * statement at a time, so nothing can race there).
 *
 * For EVERY organisation mutation that takes an expected `version` (the optimistic-locking writes,
 * found from the router, so a new one is covered automatically), N = 10 clients send the same write
 * with the same expected version at the same moment. Exactly one must win; the other nine get
 * CONFLICT with the "changed by someone else" message; the audit log shows the one change only (the
 * same audit rows as one call alone writes).
 *
 * For the main editable entities, each client also writes a different value: the row then holds the
 * winner's value and its version went up by exactly one.
 */
import { and, eq, sql, type Column, type Table } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DbHandle } from "@/db/client";
import {
  auditEvents,
  campaigns,
  campaignVariants,
  comments,
  departments,
  initiatives,
  keyResults,
  kpis,
  objectives,
  organizations,
  productFeedback,
  products,
  productStages,
  retroActions,
  retroCards,
  retroGroups,
  retros,
  riskActions,
  risks,
  webhooks,
} from "@/db/schema";
import { translate } from "@/server/i18n";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { callPath, caseFor, describeError, kindOf, listProcedures, makeWorld, mine, outcome, whoFor, type World } from "./_support/procedures";

const cfg = inject("testDb");
const isDelete = (path: string) => /\.(delete|remove)\w*$/.test(path);
/** CONFLICT messages more precise than the generic one (the approval the first caller just requested). */
const DOMAIN_CONFLICT_MESSAGES = ["e.approvalAlreadyPending"];
const N = 10;

/** Deletes without an expected version: ten clicks on "Delete" at once must still delete (and audit) once. */
const UNVERSIONED_DELETES = listProcedures()
  .filter((p) => p.type === "mutation" && kindOf(p) === "org" && !p.inputKeys.includes("version") && /\.(delete|remove)\w*$/.test(p.path))
  .map((p) => p.path);

const VERSIONED = listProcedures()
  .filter((p) => p.type === "mutation" && kindOf(p) === "org" && p.inputKeys.includes("version"))
  .map((p) => p.path);

/** Where the row of a versioned write lives, its id in the input, and a text field each client sets differently. */
type Target = { table: Table; id: string | ((w: World) => string); field: string };
const TARGETS: Record<string, Target> = {
  "org.update": { table: organizations, id: (w) => w.org.orgId, field: "name" },
  "department.update": { table: departments, id: "departmentId", field: "name" },
  "objective.update": { table: objectives, id: "objectiveId", field: "title" },
  "keyResult.update": { table: keyResults, id: "keyResultId", field: "title" },
  "initiative.update": { table: initiatives, id: "initiativeId", field: "title" },
  "kpi.update": { table: kpis, id: "kpiId", field: "name" },
  "campaign.update": { table: campaigns, id: "campaignId", field: "name" },
  "campaign.updateVariant": { table: campaignVariants, id: "variantId", field: "name" },
  "product.update": { table: products, id: "productId", field: "name" },
  "product.renameStage": { table: productStages, id: "stageId", field: "name" },
  "product.updateFeedback": { table: productFeedback, id: "feedbackId", field: "title" },
  "risk.update": { table: risks, id: "riskId", field: "title" },
  "risk.updateAction": { table: riskActions, id: "actionId", field: "title" },
  "retro.update": { table: retros, id: "retroId", field: "title" },
  "retro.updateCard": { table: retroCards, id: "cardId", field: "body" },
  "retro.updateGroup": { table: retroGroups, id: "groupId", field: "title" },
  "retro.updateAction": { table: retroActions, id: "actionId", field: "title" },
  "comment.update": { table: comments, id: "commentId", field: "body" },
  "webhook.update": { table: webhooks, id: "webhookId", field: "description" },
};

describe.runIf(cfg.kind === "neon")("parallel conflicting edits (PostgreSQL)", () => {
  let h: DbHandle;
  let w: World;

  beforeAll(async () => {
    h = await createTestDb();
    w = await makeWorld(h.db, "conflict");
  });
  afterAll(async () => h?.close());

  async function auditCounts(): Promise<Map<string, number>> {
    const rows = await h.db
      .select({ k: sql<string>`${auditEvents.entityType} || ':' || ${auditEvents.action}`, n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(auditEvents)
      .where(eq(auditEvents.orgId, w.org.orgId))
      .groupBy(auditEvents.entityType, auditEvents.action);
    return new Map(rows.map((r) => [r.k, r.n]));
  }
  function diff(before: Map<string, number>, after: Map<string, number>) {
    const out: Record<string, number> = {};
    for (const [k, n] of after) if (n !== (before.get(k) ?? 0)) out[k] = n - (before.get(k) ?? 0);
    return out;
  }

  async function rowOf(t: Target, input: Record<string, unknown>) {
    const cols = t.table as unknown as Record<string, Column>;
    const id = typeof t.id === "function" ? t.id(w) : (input[t.id] as string);
    const [row] = await h.db.select().from(t.table).where(eq(cols.id!, id));
    return row as Record<string, unknown>;
  }

  it("finds the versioned writes, and knows the row of the main ones", () => {
    expect(VERSIONED.length).toBeGreaterThan(30);
    for (const p of Object.keys(TARGETS)) expect(VERSIONED).toContain(p);
  });

  it.each(VERSIONED.map((p) => [p] as const))(`%s: ${N} clients, one expected version → one winner, ${N - 1} CONFLICTs, one audited change`, async (path) => {
    const who = whoFor(w, "owner");
    const c = caseFor(path);

    // What one call alone writes to the audit log (a fresh subject of the same kind).
    const solo = (await c.input(w, who, mine(w, who))) as Record<string, unknown>;
    const a0 = await auditCounts();
    const soloRes = await outcome(callPath(await callerFor(h.db, who.userId), path, solo));
    expect(soloRes.ok, soloRes.ok ? "" : describeError(soloRes.error)).toBe(true);
    const soloAudit = diff(a0, await auditCounts());
    expect(soloAudit[`${c.audit!.entityType}:${c.audit!.action}`]).toBe(1);

    const input = (await c.input(w, who, mine(w, who))) as Record<string, unknown>;
    expect(typeof input.version).toBe("number");
    const target = TARGETS[path];
    const before = target ? await rowOf(target, input) : undefined;
    const inputs = Array.from({ length: N }, (_, i) => (target ? { ...input, [target.field]: `${String(input[target.field] ?? "Value").slice(0, 40)} #${i}` } : input));
    const callers = await Promise.all(inputs.map(() => callerFor(h.db, who.userId)));
    const a1 = await auditCounts();
    const results = await Promise.all(inputs.map((inp, i) => outcome(callPath(callers[i], path, inp))));

    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    const codes = results.map((r) => (r.ok ? "OK" : r.code));
    const shown = `outcomes: ${results.map((r) => (r.ok ? "OK" : describeError(r.error))).join(" | ")}`;
    expect(winners, shown).toHaveLength(1);
    // A delete's losers that look after the winner committed find no row: NOT_FOUND is their honest answer.
    const loserCodes = isDelete(path) ? ["CONFLICT", "NOT_FOUND"] : ["CONFLICT"];
    expect(codes.filter((x) => loserCodes.includes(x)), shown).toHaveLength(N - 1);
    for (const r of results) {
      if (r.ok || r.code !== "CONFLICT") continue;
      const msg = (r.error as Error).message;
      // The generic "changed by someone else" message, or a domain one that says what happened instead.
      if (!DOMAIN_CONFLICT_MESSAGES.includes(msg)) expect(msg).toMatch(/^e\.conflict\|what=\w+/);
      expect(translate("en", msg)).not.toBe(msg);
    }
    expect(diff(a1, await auditCounts())).toEqual(soloAudit);

    if (target) {
      const after = await rowOf(target, input);
      expect(after[target.field]).toBe(inputs[winners[0]!]![target.field]);
      expect(after.version).toBe((before!.version as number) + 1);
    }
  });

  it.each(UNVERSIONED_DELETES.map((p) => [p] as const))(`%s: ${N} clients delete the same row at once → one delete, one audit row`, async (path) => {
    const who = whoFor(w, "owner");
    const c = caseFor(path);
    const solo = (await c.input(w, who, mine(w, who))) as Record<string, unknown>;
    const a0 = await auditCounts();
    const soloRes = await outcome(callPath(await callerFor(h.db, who.userId), path, solo));
    expect(soloRes.ok, soloRes.ok ? "" : describeError(soloRes.error)).toBe(true);
    const soloAudit = diff(a0, await auditCounts());

    const input = (await c.input(w, who, mine(w, who))) as Record<string, unknown>;
    const callers = await Promise.all(Array.from({ length: N }, () => callerFor(h.db, who.userId)));
    const a1 = await auditCounts();
    const results = await Promise.all(callers.map((cl) => outcome(callPath(cl, path, input))));
    const shown = `outcomes: ${results.map((r) => (r.ok ? "OK" : describeError(r.error))).join(" | ")}`;
    expect(results.filter((r) => r.ok), shown).toHaveLength(1);
    expect(results.filter((r) => !r.ok && ["NOT_FOUND", "CONFLICT"].includes(r.code)), shown).toHaveLength(N - 1);
    expect(diff(a1, await auditCounts())).toEqual(soloAudit);
  });

  it("the CONFLICT message is clear in both languages", () => {
    expect(translate("en", "e.conflict|what=objective")).toMatch(/objective was changed by someone else/);
    expect(translate("zh-CN", "e.conflict|what=objective")).not.toMatch(/^e\.conflict/);
  });

  it("the audit row of the winner names the winner's value", async () => {
    const who = whoFor(w, "owner");
    const input = (await caseFor("objective.update").input(w, who, mine(w, who))) as Record<string, unknown>;
    const callers = await Promise.all(Array.from({ length: N }, () => callerFor(h.db, who.userId)));
    const results = await Promise.all(callers.map((cl, i) => outcome(cl.objective.update({ ...input, title: `Race title ${i}` } as never))));
    const won = results.findIndex((r) => r.ok);
    expect(won).toBeGreaterThanOrEqual(0);
    const rows = await h.db
      .select({ after: auditEvents.after })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, w.org.orgId), eq(auditEvents.entityId, input.objectiveId as string), eq(auditEvents.action, "update")));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.after)).toContain(`Race title ${won}`);
  });
});

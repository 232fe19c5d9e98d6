/**
 * The audit log: every successful mutation of an organisation writes its audit row(s) in the same
 * organisation and request, naming actor, entity and action; a failed mutation writes nothing and
 * changes nothing (one transaction). activity.list filters and keyset pagination.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, getTableColumns, gt, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { auditEvents, keyResults, memberships, notifications, organizations } from "@/db/schema";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { expectFieldError } from "../helpers/errors";
import {
  build,
  callPath,
  caseFor,
  countRows,
  describeError,
  ENTITY_TABLES,
  kindOf,
  KNOWN_PASSWORD,
  listProcedures,
  makeFreshUser,
  makeWorld,
  mine,
  outcome,
  snapshotOrg,
  uid,
  whoFor,
  type World,
} from "./_support/procedures";

let h: DbHandle;
let w: World;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "audit");
});
afterAll(async () => h?.close());

const MUTATIONS = listProcedures().filter((p) => p.type === "mutation");
/** Account-level mutations: they belong to no organisation, and audit_events.org_id is required. */
const NOT_ORG_AUDITED = ["auth.changePassword", "auth.confirmEmailChange", "auth.requestEmailChange", "auth.requestPasswordReset", "auth.resetPassword", "auth.revokeSession", "auth.signOutEverywhere", "auth.signUp", "auth.updateProfile"];
/** Per-user state inside an organisation that is not the organisation's data (checked below). */
const PER_USER_STATE = ["notification.markRead"];

async function maxAuditId(): Promise<number> {
  const [r] = await h.db.select({ m: sql<number>`coalesce(max(${auditEvents.id}), 0)`.mapWith(Number) }).from(auditEvents);
  return r!.m;
}

describe("every successful mutation is audited", () => {
  it("every mutation is either audited or an account-level mutation listed here", () => {
    const unaudited = MUTATIONS.filter((p) => !caseFor(p.path).audit).map((p) => p.path).sort();
    expect(unaudited).toEqual([...NOT_ORG_AUDITED, ...PER_USER_STATE].sort());
  });

  it.each(MUTATIONS.filter((p) => caseFor(p.path).audit).map((p) => [p.path, kindOf(p)] as const))("%s", async (path, kind) => {
    const c = caseFor(path);
    const who = kind === "org" ? whoFor(w, "owner") : await makeFreshUser(h.db, "Audited");
    const input = await c.input(w, who, mine(w, who));
    const requestId = `audit-${uid()}`;
    const since = await maxAuditId();
    const res = await outcome(callPath(await callerFor(h.db, who.userId, { requestId }), path, input));
    expect(res.ok ? "OK" : describeError(res.error)).toBe("OK");
    const value = (res as { value: unknown }).value;
    const rows = await h.db.select().from(auditEvents).where(gt(auditEvents.id, since));
    expect(rows.length, "at least one audit row").toBeGreaterThan(0);
    // org.create and org.import act on an organisation of their own (the new one, the import's target).
    const orgId = path === "org.create" ? (value as { id: string }).id : path === "org.import" ? (value as { orgId: string }).orgId : w.org.orgId;
    for (const r of rows) {
      expect(r.orgId, "in the organisation of the change").toBe(orgId);
      expect(r.actorId, "by the caller").toBe(who.userId);
      expect(r.requestId, "in the caller's request").toBe(requestId);
      expect(r.entityType).toBeTruthy();
      expect(r.entityId).toBeTruthy();
      expect(r.action).toBeTruthy();
    }
    const main = rows.find((r) => r.entityType === c.audit!.entityType && r.action === c.audit!.action);
    expect(main, `a ${c.audit!.entityType}.${c.audit!.action} row (got ${rows.map((r) => `${r.entityType}.${r.action}`).join(", ")})`).toBeDefined();
    // The entity id names a real entity of that type in the same organisation (or, once deleted, the
    // row recorded as "before").
    for (const r of rows) {
      const table = ENTITY_TABLES[r.entityType];
      expect(table, `known entity type ${r.entityType}`).toBeDefined();
      // (tables with one row per organisation, like approval settings, are keyed by org_id)
      const key = "id" in getTableColumns(table!) ? sql`id` : sql`org_id`;
      const res = await h.db.execute(sql`select ${key} as id, ${r.entityType === "organization" ? sql`id` : sql`org_id`} as org from ${table!} where ${key} = ${r.entityId}`);
      const found = ((res as unknown as { rows?: { org: string }[] }).rows ?? (res as unknown as { org: string }[]))[0];
      if (found) expect(found.org, `${r.entityType} ${r.entityId} belongs to the org`).toBe(r.orgId);
      else expect((r.before as { id?: string } | null)?.id, `${r.entityType}.${r.action}: deleted entity recorded as before`).toBe(r.entityId);
    }
  });

  it("updates record before and after; deletes record before", async () => {
    const rows = await h.db.select().from(auditEvents).where(eq(auditEvents.orgId, w.org.orgId));
    const upd = rows.filter((r) => r.action === "update");
    expect(upd.length).toBeGreaterThan(3);
    for (const r of upd) {
      expect(r.before, `${r.entityType}.update before`).not.toBeNull();
      expect(r.after, `${r.entityType}.update after`).not.toBeNull();
    }
    const del = rows.filter((r) => r.action === "delete" || r.action === "remove");
    expect(del.length).toBeGreaterThan(3);
    for (const r of del) expect(r.before, `${r.entityType}.${r.action} before`).not.toBeNull();
  });

  it("no audit row stores a secret (token or password hashes)", async () => {
    const rows = await h.db.select({ before: auditEvents.before, after: auditEvents.after }).from(auditEvents);
    const json = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(10);
    for (const k of ['"tokenHash"', '"passwordHash"', '"token"', '"password"', "$argon2"]) expect(json.includes(k), k).toBe(false);
  });

  it("marking notifications read writes no audit row and touches only the caller's notifications", async () => {
    const mine1 = await build.notification(w, w.org.users.member.id);
    const mine2 = await build.notification(w, w.org.users.member.id);
    const theirs = await build.notification(w, w.org.users.manager.id);
    const c = await callerFor(h.db, w.org.users.member.id);
    const before = await countRows(h.db, auditEvents);
    // another user's id is ignored, not an error that reveals it exists
    await c.notification.markRead({ orgSlug: w.org.slug, ids: [mine1.id, theirs.id] });
    const read = async (id: string) => (await h.db.select().from(notifications).where(eq(notifications.id, id)))[0]!.readAt;
    expect(await read(mine1.id)).not.toBeNull();
    expect(await read(mine2.id)).toBeNull();
    expect(await read(theirs.id)).toBeNull();
    await c.notification.markRead({ orgSlug: w.org.slug });
    expect(await read(mine2.id)).not.toBeNull();
    expect(await read(theirs.id)).toBeNull();
    expect(await countRows(h.db, auditEvents)).toBe(before);
  });

  it("account-level mutations write no audit rows", async () => {
    const who = await makeFreshUser(h.db, "Account");
    const c = await callerFor(h.db, who.userId);
    const before = await countRows(h.db, auditEvents);
    await c.auth.updateProfile({ name: "Someone else" });
    await c.auth.changePassword({ currentPassword: KNOWN_PASSWORD, newPassword: "another perfectly long one" });
    expect(await countRows(h.db, auditEvents)).toBe(before);
  });
});

describe("a failed mutation writes nothing", () => {
  const VERSIONED = MUTATIONS.filter((p) => kindOf(p) === "org" && p.inputKeys.includes("version")).map((p) => p.path);

  it("finds the versioned writes", () => {
    expect(VERSIONED).toEqual(expect.arrayContaining(["org.update", "member.updateRole", "department.update", "objective.update", "kpi.update"]));
  });

  it.each(VERSIONED.map((p) => [p] as const))("%s with a stale version → CONFLICT, nothing changed", async (path) => {
    const who = whoFor(w, "owner");
    const input = (await caseFor(path).input(w, who, mine(w, who))) as Record<string, unknown>;
    expect(typeof input.version).toBe("number");
    const snap = await snapshotOrg(h.db, w.org.orgId);
    const res = await outcome(callPath(await callerFor(h.db, who.userId), path, { ...input, version: (input.version as number) + 1 }));
    expect(res.ok ? "OK" : res.code).toBe("CONFLICT");
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
  });

  it("validation and rule failures change nothing", async () => {
    const c = await callerFor(h.db, w.org.users.owner.id);
    const s = w.org.slug;
    const cases: [string, () => Promise<unknown>, string, string][] = [];
    const d1 = await build.department(w);
    const d2 = await build.department(w, d1.id);
    cases.push(["department cycle", () => c.department.update({ orgSlug: s, departmentId: d1.id, name: d1.name, parentId: d2.id, version: d1.version }), "parentId", "cycle"]);
    const kr = await build.keyResult(w, mine(w, whoFor(w, "owner")));
    cases.push(["grade far from suggestion without reason", () => c.keyResult.grade({ orgSlug: s, keyResultId: kr.id, version: kr.version, grade: 0.9 }), "reason", "reason"]);
    cases.push(["skip without reason", () => c.keyResult.grade({ orgSlug: s, keyResultId: kr.id, version: kr.version, grade: null, skipped: true }), "reason", "skipped"]);
    const dep = await build.dependency(w, mine(w, whoFor(w, "owner")));
    cases.push(["decline without comment", () => c.dependency.decide({ orgSlug: s, dependencyId: dep.id, version: dep.version, decision: "declined" }), "comment", "comment"]);
    cases.push(["KPI thresholds the wrong way", () => c.kpi.create({ orgSlug: s, name: `Bad ${uid()}`, greenThreshold: 1, amberThreshold: 5 }), "amberThreshold", "green threshold"]);
    for (const [label, run, field, text] of cases) {
      const snap = await snapshotOrg(h.db, w.org.orgId);
      await expectFieldError(run(), field, text);
      expect(await snapshotOrg(h.db, w.org.orgId), label).toEqual(snap);
    }
  });

  it("closing a period with ungraded key results is refused and closes nothing", async () => {
    const c = await callerFor(h.db, w.org.users.owner.id);
    const p = await build.period(w, "active");
    await build.keyResult(w, mine(w, whoFor(w, "owner")), p.id);
    const snap = await snapshotOrg(h.db, w.org.orgId);
    const res = await outcome(c.period.setStatus({ orgSlug: w.org.slug, periodId: p.id, status: "closed", version: p.version }));
    expect(res.ok ? "OK" : res.code).toBe("PRECONDITION_FAILED");
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
  });

  it("a CSV import with one bad row imports nothing", async () => {
    const c = await callerFor(h.db, w.org.users.owner.id);
    const e = w.org.users.owner.email;
    const csv = [
      "objective,level,department,objective_owner,key_result,kr_owner,type,target",
      `Good one,company,,${e},KR,${e},number,10`,
      `Good two,company,,${e},KR,${e},number,10`,
      `Bad,company,,nobody@example.test,KR,${e},number,10`,
    ].join("\n");
    const snap = await snapshotOrg(h.db, w.org.orgId);
    const res = await outcome(c.period.importCsv({ orgSlug: w.org.slug, periodId: w.periodId, csv }));
    expect(res.ok ? "OK" : res.code).toBe("BAD_REQUEST");
    const details = ((res as { error: { cause?: { details?: { errors?: { row: number; column: string }[] } } } }).error.cause?.details?.errors ?? []);
    expect(details).toEqual([expect.objectContaining({ row: 3, column: "objective_owner" })]);
    expect(await snapshotOrg(h.db, w.org.orgId)).toEqual(snap);
  });

  it("the same import, valid, feeds the tracking key result and audits each value", async () => {
    const c = await callerFor(h.db, w.org.users.owner.id);
    const s = mine(w, whoFor(w, "owner"));
    const k = await build.kpi(w, s);
    const kr = await build.keyResult(w, s);
    await h.db.update(keyResults).set({ kpiId: k.id }).where(eq(keyResults.id, kr.id));
    const since = await maxAuditId();
    const r = await c.kpi.importValuesCsv({ orgSlug: w.org.slug, csv: `kpi,date,value\n${k.name},2030-01-05,3\n${k.name},2030-01-09,4\n` });
    expect(r).toEqual({ values: 2 });
    const [after] = await h.db.select().from(keyResults).where(eq(keyResults.id, kr.id));
    expect(after!.currentValue).toBe(4);
    const rows = await h.db.select().from(auditEvents).where(and(gt(auditEvents.id, since), eq(auditEvents.orgId, w.org.orgId)));
    expect(rows.filter((x) => x.entityType === "kpi" && x.action === "record_value")).toHaveLength(2);
    expect(rows.filter((x) => x.entityType === "keyResult" && x.action === "check_in" && x.entityId === kr.id)).toHaveLength(2);
  });
});

/**
 * A trigger (created in this test database only) makes the audit insert fail on demand. Each audited
 * mutation then fails at its very last step, after its other writes: if the change and its audit row
 * share one transaction, nothing of the change may remain.
 */
describe("the change and its audit row share one transaction", () => {
  beforeAll(async () => {
    await h.db.execute(sql.raw("create table test_audit_switch (fail boolean not null)"));
    await h.db.execute(sql.raw("insert into test_audit_switch values (false)"));
    await h.db.execute(
      sql.raw(`create function test_refuse_audit() returns trigger language plpgsql as $$
      begin
        if (select fail from test_audit_switch) then raise exception 'audit refused by test trigger'; end if;
        return new;
      end $$`),
    );
    await h.db.execute(
      sql.raw("create trigger test_refuse_audit before insert on audit_events for each row execute function test_refuse_audit()"),
    );
  });

  async function globalState() {
    return {
      org: await snapshotOrg(h.db, w.org.orgId),
      orgs: await countRows(h.db, organizations),
      memberships: await countRows(h.db, memberships),
      audit: await countRows(h.db, auditEvents),
    };
  }

  it.each(MUTATIONS.filter((p) => caseFor(p.path).audit).map((p) => [p.path, kindOf(p)] as const))("%s", async (path, kind) => {
    const who = kind === "org" ? whoFor(w, "owner") : await makeFreshUser(h.db, "Rolled back");
    const input = await caseFor(path).input(w, who, mine(w, who));
    const before = await globalState();
    await h.db.execute(sql`update test_audit_switch set fail = true`);
    let res;
    try {
      res = await outcome(callPath(await callerFor(h.db, who.userId), path, input));
    } finally {
      await h.db.execute(sql`update test_audit_switch set fail = false`);
    }
    expect(res.ok, "the call fails when its audit row cannot be written").toBe(false);
    expect(await globalState()).toEqual(before);
    // and with the audit log working again, the same input succeeds
    const again = await outcome(callPath(await callerFor(h.db, who.userId), path, input));
    expect(again.ok ? "OK" : describeError(again.error)).toBe("OK");
  });
});

describe("activity.list", () => {
  let x: World;
  let ids: number[]; // all audit ids of x, newest first

  beforeAll(async () => {
    x = await makeWorld(h.db, "activity");
    const owner = await callerFor(h.db, x.org.users.owner.id);
    const admin = await callerFor(h.db, x.org.users.admin.id);
    for (let i = 0; i < 12; i++) await owner.department.create({ orgSlug: x.org.slug, name: `Owner dept ${i}` });
    for (let i = 0; i < 7; i++) await admin.department.create({ orgSlug: x.org.slug, name: `Admin dept ${i}` });
    for (let i = 0; i < 4; i++) await admin.invitation.create({ orgSlug: x.org.slug, email: `act-${i}@example.test`, role: "viewer", departmentIds: [] });
    const rows = await h.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.orgId, x.org.orgId)).orderBy(desc(auditEvents.id));
    ids = rows.map((r) => r.id);
    // Spread the events over known days, oldest first: event i (by age) on 2030-01-(1+i) 12:00 UTC.
    const byAge = [...ids].reverse();
    for (let i = 0; i < byAge.length; i++) {
      await h.db.update(auditEvents).set({ createdAt: new Date(Date.UTC(2030, 0, 1 + i, 12)) }).where(eq(auditEvents.id, byAge[i]!));
    }
  });

  async function all(input: Record<string, unknown>, limit: number) {
    const c = await callerFor(h.db, x.org.users.manager.id);
    const seen: number[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await c.activity.list({ orgSlug: x.org.slug, ...input, limit, cursor });
      expect(r.items.length).toBeLessThanOrEqual(limit);
      if (r.nextCursor !== null) expect(r.items).toHaveLength(limit);
      seen.push(...r.items.map((i) => i.id));
      if (r.nextCursor === null) return seen;
      expect(r.nextCursor).toBe(r.items[r.items.length - 1]!.id);
      cursor = r.nextCursor;
    }
    throw new Error("pagination did not end");
  }

  it("pages through everything newest first, without duplicates or gaps, for several page sizes", async () => {
    expect(ids.length).toBe(23);
    for (const limit of [1, 5, 7, 22, 23, 24, 100]) {
      expect(await all({}, limit), `limit ${limit}`).toEqual(ids);
    }
  });

  it("filters by actor", async () => {
    const got = await all({ actorId: x.org.users.admin.id }, 4);
    const expected = await h.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, x.org.orgId), eq(auditEvents.actorId, x.org.users.admin.id)))
      .orderBy(desc(auditEvents.id));
    expect(got).toEqual(expected.map((e) => e.id));
    expect(got).toHaveLength(11);
    const c = await callerFor(h.db, x.org.users.owner.id);
    const r = await c.activity.list({ orgSlug: x.org.slug, actorId: x.org.users.viewer.id });
    expect(r).toEqual({ items: [], nextCursor: null });
  });

  it("filters by entity type", async () => {
    const got = await all({ entityType: "invitation" }, 3);
    expect(got).toHaveLength(4);
    const c = await callerFor(h.db, x.org.users.owner.id);
    const r = await c.activity.list({ orgSlug: x.org.slug, entityType: "invitation", limit: 100 });
    expect(r.items.every((i) => i.entityType === "invitation")).toBe(true);
    expect(r.items.every((i) => i.actorId === x.org.users.admin.id)).toBe(true);
    expect((await all({ entityType: "department" }, 5)).length).toBe(19);
    expect(await all({ entityType: "nothing-like-this" }, 5)).toEqual([]);
  });

  it("filters by time, both bounds inclusive", async () => {
    const byAge = [...ids].reverse();
    // days 2030-01-03 .. 2030-01-07 → events 2..6 by age
    const got = await all({ from: new Date(Date.UTC(2030, 0, 3, 12)), to: new Date(Date.UTC(2030, 0, 7, 12)) }, 2);
    expect(got).toEqual(byAge.slice(2, 7).reverse());
    const fromOnly = await all({ from: new Date(Date.UTC(2030, 0, 20)) }, 2);
    expect(fromOnly).toEqual(byAge.slice(19).reverse());
    const toOnly = await all({ to: new Date(Date.UTC(2030, 0, 2, 23)) }, 10);
    expect(toOnly).toEqual(byAge.slice(0, 2).reverse());
    expect(await all({ from: new Date(Date.UTC(2031, 0, 1)) }, 5)).toEqual([]);
    expect(await all({ from: new Date(Date.UTC(2030, 0, 9)), to: new Date(Date.UTC(2030, 0, 8)) }, 5)).toEqual([]);
  });

  it("combines filters with pagination", async () => {
    const byAge = [...ids].reverse();
    const got = await all({ actorId: x.org.users.owner.id, to: new Date(Date.UTC(2030, 0, 6, 12)) }, 2);
    const inWindow = new Set(byAge.slice(0, 6));
    const owners = await h.db
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, x.org.orgId), eq(auditEvents.actorId, x.org.users.owner.id), inArray(auditEvents.id, [...inWindow])))
      .orderBy(desc(auditEvents.id));
    expect(got).toEqual(owners.map((o) => o.id));
    expect(got.length).toBeGreaterThan(2);
  });

  it("a cursor past the end gives an empty last page", async () => {
    const c = await callerFor(h.db, x.org.users.owner.id);
    const oldest = ids[ids.length - 1]!;
    expect(await c.activity.list({ orgSlug: x.org.slug, cursor: oldest })).toEqual({ items: [], nextCursor: null });
    const r = await c.activity.list({ orgSlug: x.org.slug, cursor: ids[0]!, limit: 100 });
    expect(r.items.map((i) => i.id)).toEqual(ids.slice(1));
  });

  it("items carry the actor's name and the event's entity and action", async () => {
    const c = await callerFor(h.db, x.org.users.owner.id);
    const r = await c.activity.list({ orgSlug: x.org.slug, limit: 1 });
    expect(r.items[0]).toMatchObject({ entityType: "invitation", action: "create", actorId: x.org.users.admin.id, actorName: "activity admin" });
    expect(typeof r.items[0]!.entityId).toBe("string");
  });

  it("rejects page sizes out of range", async () => {
    const c = await callerFor(h.db, x.org.users.owner.id);
    for (const limit of [0, -1, 101, 1.5]) {
      const res = await outcome(c.activity.list({ orgSlug: x.org.slug, limit }));
      expect(res.ok ? "OK" : res.code, `limit ${limit}`).toBe("BAD_REQUEST");
    }
  });
});

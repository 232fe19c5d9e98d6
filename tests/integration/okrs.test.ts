import crypto from "node:crypto";
import { TRPCError } from "@trpc/server";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditEvents, checkIns, dependencies, initiatives, keyResults, objectiveAlignments, objectives, periods } from "@/db/schema";
import { AppError } from "@/server/errors";
import type { Role } from "@/server/rbac/permissions";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { callerFor, makeOrg, type TestOrg } from "../helpers/factories";

/**
 * The OKR lifecycle on one organisation, through the tRPC caller exactly as the HTTP handler builds it:
 * period → aligned objectives → key results of every kind → check-ins → initiatives and cross-department
 * dependencies → grading → close. The tests of this file build on each other and run in order.
 */

let h: DbHandle;
let org: TestOrg;
let other: TestOrg;

const as = (role: Role) => callerFor(h.db, org.users[role].id);
const tick = () => new Promise((r) => setTimeout(r, 5));

async function count(table: PgTable, where?: SQL) {
  const [row] = await h.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(table)
    .where(where);
  return row!.n;
}

/** The error a call fails with (the test fails if it succeeds). */
async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

async function expectCode(p: Promise<unknown>, code: TRPCError["code"]) {
  expect((await failure(p)).code).toBe(code);
}

/** Ids shared by the lifecycle tests, filled in as they run. */
const ids = {
  period: "",
  otherPeriod: "",
  otherObjective: "",
  company: "", // C: company objective, owned by the admin
  dept: "", // D: department objective (A), owned by the manager, aligned under C
  team: "", // E: team objective (A), aligned under D, no KRs
  deptB: "", // B: department objective (B), owned by the admin
  mine: "", // M: individual objective owned by the member
  kr1: "", // D: number, increase 0 → 100, weight 2, owned by the member
  kr2: "", // D: percentage, decrease 100 → 20, owned by the manager
  kr3: "", // D: currency, band 10–20, owned by the manager
  kr4: "", // D: milestone, owned by the manager
  krB: "", // B: number, increase 0 → 10, owned by the admin
  krC: "", // C: number, increase 0 → 1000, owned by the admin
  krM: "", // M: milestone, owned by the member
  initiative: "",
  dep1: "",
  dep2: "",
};

beforeAll(async () => {
  h = await createTestDb();
  org = await makeOrg(h.db, "okr");
  other = await makeOrg(h.db, "rival");
});
afterAll(async () => h?.close());

async function objectiveRow(id: string) {
  const [row] = await h.db.select().from(objectives).where(eq(objectives.id, id));
  return row!;
}
async function krRow(id: string) {
  const [row] = await h.db.select().from(keyResults).where(eq(keyResults.id, id));
  return row!;
}
async function periodRow(id: string) {
  const [row] = await h.db.select().from(periods).where(eq(periods.id, id));
  return row!;
}
const objectiveCount = () => count(objectives, eq(objectives.orgId, org.orgId));
const krCount = () => count(keyResults, eq(keyResults.orgId, org.orgId));

describe("periods", () => {
  it("creates 2026-Q4 with its dates; a duplicate name is a field error on name", async () => {
    const admin = await as("admin");
    const p = await admin.period.create({ orgSlug: org.slug, name: "2026-Q4" });
    expect(p).toMatchObject({ name: "2026-Q4", kind: "quarter", startsOn: "2026-10-01", endsOn: "2026-12-31", status: "planning", version: 1 });
    ids.period = p.id;

    await expectFieldError(admin.period.create({ orgSlug: org.slug, name: "2026-Q4" }), "name", "already exists");
    await expectFieldError(admin.period.create({ orgSlug: org.slug, name: "2026-Q5" }), "name", "Use a quarter like 2026-Q4");
    expect(await count(periods, eq(periods.orgId, org.orgId))).toBe(1);

    // the name is unique per organisation only
    const rival = await callerFor(h.db, other.users.admin.id);
    ids.otherPeriod = (await rival.period.create({ orgSlug: other.slug, name: "2026-Q4" })).id;
  });

  it("only admins manage periods", async () => {
    for (const role of ["manager", "member", "viewer"] as const) {
      await expectCode((await as(role)).period.create({ orgSlug: org.slug, name: "2027" }), "FORBIDDEN");
    }
    const list = await (await as("viewer")).period.list({ orgSlug: org.slug });
    expect(list.map((p) => p.name)).toEqual(["2026-Q4"]);
  });

  it("refuses planning → closed directly and changes nothing", async () => {
    const admin = await as("admin");
    const e = await failure(admin.period.setStatus({ orgSlug: org.slug, periodId: ids.period, status: "closed", version: 1 }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toBe("e.badTransition|from=planning|to=closed");
    expect(await periodRow(ids.period)).toMatchObject({ status: "planning", version: 1, closedAt: null });
  });
});

describe("objectives and alignment", () => {
  it("creates a company objective and a department objective aligned to it", async () => {
    const admin = await as("admin");
    const c = await admin.objective.create({
      orgSlug: org.slug,
      periodId: ids.period,
      title: "Grow revenue",
      level: "company",
      ownerId: org.users.admin.id,
    });
    expect(c).toMatchObject({ level: "company", status: "draft", commitment: "committed", departmentId: null, version: 1 });
    ids.company = c.id;

    const manager = await as("manager");
    const d = await manager.objective.create({
      orgSlug: org.slug,
      periodId: ids.period,
      title: "Win the mid-market",
      level: "department",
      departmentId: org.departmentIds.a,
      ownerId: org.users.manager.id,
      commitment: "aspirational",
      tags: ["sales"],
      parentIds: [c.id],
    });
    ids.dept = d.id;
    expect(d).toMatchObject({ departmentId: org.departmentIds.a, commitment: "aspirational", tags: ["sales"] });

    const e = await manager.objective.create({
      orgSlug: org.slug,
      periodId: ids.period,
      title: "Ship the partner programme",
      level: "team",
      departmentId: org.departmentIds.a,
      ownerId: org.users.member.id,
      parentIds: [d.id],
    });
    ids.team = e.id;

    const b = await admin.objective.create({
      orgSlug: org.slug,
      periodId: ids.period,
      title: "Stabilise the platform",
      level: "department",
      departmentId: org.departmentIds.b,
      ownerId: org.users.admin.id,
    });
    ids.deptB = b.id;

    const edges = await h.db.select().from(objectiveAlignments).where(eq(objectiveAlignments.orgId, org.orgId));
    expect(edges.map((x) => `${x.childId}>${x.parentId}`).sort()).toEqual([`${d.id}>${c.id}`, `${e.id}>${d.id}`].sort());
  });

  it("rejects bad references with field errors and writes nothing", async () => {
    const admin = await as("admin");
    const rival = await callerFor(h.db, other.users.admin.id);
    ids.otherObjective = (
      await rival.objective.create({ orgSlug: other.slug, periodId: ids.otherPeriod, title: "Theirs", level: "company", ownerId: other.users.admin.id })
    ).id;

    const before = await objectiveCount();
    const base = { orgSlug: org.slug, periodId: ids.period, title: "Bad", level: "company" as const, ownerId: org.users.admin.id };
    await expectFieldError(admin.objective.create({ ...base, periodId: ids.otherPeriod }), "periodId", "does not exist");
    await expectFieldError(admin.objective.create({ ...base, periodId: crypto.randomUUID() }), "periodId", "does not exist");
    await expectFieldError(admin.objective.create({ ...base, parentIds: [ids.otherObjective] }), "parentIds", "parent objective does not exist");
    await expectFieldError(admin.objective.create({ ...base, parentIds: [ids.company, crypto.randomUUID()] }), "parentIds", "does not exist");
    await expectFieldError(admin.objective.create({ ...base, ownerId: other.users.admin.id }), "ownerId", "not a member");
    await expectFieldError(admin.objective.create({ ...base, level: "department" }), "departmentId", "need a department");
    await expectFieldError(admin.objective.create({ ...base, level: "department", departmentId: other.departmentIds.a }), "departmentId", "does not exist");
    await expectFieldError(admin.objective.create({ ...base, title: "   " }), "title", "Required");
    expect(await objectiveCount()).toBe(before);
    expect(await count(objectiveAlignments, eq(objectiveAlignments.orgId, org.orgId))).toBe(2);
  });

  it("refuses an alignment cycle on update (direct, indirect, self) and changes nothing", async () => {
    const admin = await as("admin");
    const c = await objectiveRow(ids.company);
    const upd = (parentIds: string[]) =>
      admin.objective.update({
        orgSlug: org.slug,
        objectiveId: c.id,
        version: c.version,
        title: "Grow revenue (changed)",
        level: "company",
        ownerId: org.users.admin.id,
        parentIds,
      });
    await expectFieldError(upd([ids.dept]), "parentIds", "cycle");
    await expectFieldError(upd([ids.team]), "parentIds", "cycle");
    await expectFieldError(upd([ids.company]), "parentIds", "cannot support itself");
    await expectFieldError(upd([ids.otherObjective]), "parentIds", "parent objective does not exist");

    expect(await objectiveRow(ids.company)).toMatchObject({ title: "Grow revenue", version: c.version });
    const edges = await h.db.select().from(objectiveAlignments).where(eq(objectiveAlignments.orgId, org.orgId));
    expect(edges).toHaveLength(2);
    expect(edges.filter((x) => x.childId === ids.company)).toEqual([]);
  });

  it("a stale version on update is a CONFLICT and keeps the newer write", async () => {
    const manager = await as("manager");
    const d = await objectiveRow(ids.dept);
    const input = {
      orgSlug: org.slug,
      objectiveId: d.id,
      title: "Win the mid-market segment",
      level: "department" as const,
      departmentId: org.departmentIds.a,
      ownerId: org.users.manager.id,
      commitment: "aspirational" as const,
      tags: ["sales"],
      parentIds: [ids.company],
    };
    const updated = await manager.objective.update({ ...input, version: d.version });
    expect(updated.version).toBe(d.version + 1);
    await expectCode(manager.objective.update({ ...input, title: "Lost update", version: d.version }), "CONFLICT");
    expect(await objectiveRow(d.id)).toMatchObject({ title: "Win the mid-market segment", version: d.version + 1 });
    // the alignment survived the update (parents replaced by the same list)
    const parents = await h.db.select().from(objectiveAlignments).where(eq(objectiveAlignments.childId, d.id));
    expect(parents.map((p) => p.parentId)).toEqual([ids.company]);
  });

  it("scopes: a manager only in the departments they manage; a member only on what they own; a viewer not at all", async () => {
    const manager = await as("manager");
    const member = await as("member");
    const viewer = await as("viewer");
    const before = await objectiveCount();
    const dept = (departmentId: string, ownerId: string) => ({
      orgSlug: org.slug,
      periodId: ids.period,
      title: "Scoped",
      level: "department" as const,
      departmentId,
      ownerId,
    });
    await expectCode(manager.objective.create(dept(org.departmentIds.b, org.users.member.id)), "FORBIDDEN");
    await expectCode(manager.objective.create(dept(org.departmentIds.b, org.users.admin.id)), "FORBIDDEN");
    // and cannot edit objectives outside department A that they do not own
    const c = await objectiveRow(ids.company);
    await expectCode(
      manager.objective.update({ orgSlug: org.slug, objectiveId: c.id, version: c.version, title: "Hijack", level: "company", ownerId: org.users.admin.id }),
      "FORBIDDEN",
    );
    const b = await objectiveRow(ids.deptB);
    await expectCode(
      manager.objective.update({
        orgSlug: org.slug,
        objectiveId: b.id,
        version: b.version,
        title: "Moved to A",
        level: "department",
        departmentId: org.departmentIds.a,
        ownerId: org.users.admin.id,
      }),
      "FORBIDDEN",
    );

    const individual = { orgSlug: org.slug, periodId: ids.period, title: "Learn the product", level: "individual" as const };
    await expectCode(member.objective.create({ ...individual, ownerId: org.users.manager.id }), "FORBIDDEN");
    await expectCode(member.objective.create(dept(org.departmentIds.a, org.users.manager.id)), "FORBIDDEN");
    await expectCode(viewer.objective.create({ ...individual, ownerId: org.users.viewer.id }), "FORBIDDEN");
    await expectCode(member.objective.delete({ orgSlug: org.slug, objectiveId: ids.dept }), "FORBIDDEN");
    expect(await objectiveCount()).toBe(before);

    const m = await member.objective.create({ ...individual, ownerId: org.users.member.id });
    expect(m).toMatchObject({ ownerId: org.users.member.id, level: "individual", departmentId: null });
    ids.mine = m.id;
    expect(await objectiveCount()).toBe(before + 1);
  });
});

describe("key results", () => {
  it("creates KRs of every type and direction, normalising milestones", async () => {
    const manager = await as("manager");
    const base = { orgSlug: org.slug, objectiveId: ids.dept };
    const kr1 = await manager.keyResult.create({
      ...base,
      title: "Close 100 mid-market deals",
      ownerId: org.users.member.id,
      type: "number",
      unit: "deals",
      direction: "increase",
      startValue: 0,
      targetValue: 100,
      weight: 2,
    });
    expect(kr1).toMatchObject({ type: "number", direction: "increase", startValue: 0, targetValue: 100, weight: 2, currentValue: null, position: 0 });
    const kr2 = await manager.keyResult.create({
      ...base,
      title: "Cut churn from 100 to 20 bp",
      ownerId: org.users.manager.id,
      type: "percentage",
      unit: "%",
      direction: "decrease",
      startValue: 100,
      targetValue: 20,
    });
    expect(kr2).toMatchObject({ direction: "decrease", startValue: 100, targetValue: 20, weight: 1, bandMin: null, bandMax: null, position: 1 });
    const kr3 = await manager.keyResult.create({
      ...base,
      title: "Keep deal size between 10k and 20k",
      ownerId: org.users.manager.id,
      type: "currency",
      unit: "EUR",
      direction: "band",
      targetValue: 15,
      bandMin: 10,
      bandMax: 20,
    });
    expect(kr3).toMatchObject({ type: "currency", direction: "band", bandMin: 10, bandMax: 20, position: 2 });
    const kr4 = await manager.keyResult.create({
      ...base,
      title: "Launch the partner portal",
      ownerId: org.users.manager.id,
      type: "milestone",
      unit: "x",
      direction: "decrease",
      startValue: 3,
      targetValue: 5,
      bandMin: 1,
      bandMax: 2,
    });
    expect(kr4).toMatchObject({ type: "milestone", direction: "increase", unit: "", startValue: 0, targetValue: 1, bandMin: null, bandMax: null });
    Object.assign(ids, { kr1: kr1.id, kr2: kr2.id, kr3: kr3.id, kr4: kr4.id });

    const admin = await as("admin");
    ids.krB = (
      await admin.keyResult.create({ orgSlug: org.slug, objectiveId: ids.deptB, title: "Ten releases", ownerId: org.users.admin.id, type: "number", targetValue: 10 })
    ).id;
    ids.krC = (
      await admin.keyResult.create({ orgSlug: org.slug, objectiveId: ids.company, title: "1000 customers", ownerId: org.users.admin.id, type: "number", targetValue: 1000 })
    ).id;
    const member = await as("member");
    ids.krM = (
      await member.keyResult.create({ orgSlug: org.slug, objectiveId: ids.mine, title: "Finish onboarding", ownerId: org.users.member.id, type: "milestone", targetValue: 1 })
    ).id;
  });

  it("rejects bad KR input with field errors and writes nothing", async () => {
    const manager = await as("manager");
    const before = await krCount();
    const base = { orgSlug: org.slug, objectiveId: ids.dept, title: "Bad", ownerId: org.users.manager.id, type: "number" as const };
    await expectFieldError(manager.keyResult.create({ ...base, startValue: 5, targetValue: 5 }), "targetValue", "must differ");
    await expectFieldError(manager.keyResult.create({ ...base, startValue: 50, targetValue: 10 }), "targetValue", "above the start value");
    await expectFieldError(
      manager.keyResult.create({ ...base, direction: "decrease", startValue: 10, targetValue: 50 }),
      "targetValue",
      "below the start value",
    );
    await expectFieldError(
      manager.keyResult.create({ ...base, direction: "band", targetValue: 15, bandMin: 20, bandMax: 10 }),
      "bandMin",
      "must not exceed",
    );
    await expectFieldError(manager.keyResult.create({ ...base, direction: "band", targetValue: 15, bandMin: 10 }), "bandMin", "needs both");
    await expectFieldError(manager.keyResult.create({ ...base, targetValue: 10, weight: -1 }), "weight", "at least 0");
    await expectFieldError(manager.keyResult.create({ ...base, targetValue: 10, ownerId: other.users.member.id }), "ownerId", "not a member");
    await expectFieldError(manager.keyResult.create({ ...base, targetValue: Number.NaN }), "targetValue", "");
    expect(await krCount()).toBe(before);

    // the same checks on update, which leave the row as it was
    const kr = await krRow(ids.kr1);
    await expectFieldError(
      manager.keyResult.update({ ...base, keyResultId: kr.id, version: kr.version, startValue: 7, targetValue: 7 }),
      "targetValue",
      "must differ",
    );
    expect(await krRow(ids.kr1)).toMatchObject({ targetValue: 100, version: kr.version });
  });

  it("scopes KR creation: a member cannot add KRs to an objective they do not own", async () => {
    const member = await as("member");
    const before = await krCount();
    await expectCode(
      member.keyResult.create({ orgSlug: org.slug, objectiveId: ids.dept, title: "Sneaky", ownerId: org.users.member.id, type: "number", targetValue: 1 }),
      "FORBIDDEN",
    );
    await expectCode(
      (await as("viewer")).keyResult.create({ orgSlug: org.slug, objectiveId: ids.mine, title: "No", ownerId: org.users.member.id, type: "number", targetValue: 1 }),
      "FORBIDDEN",
    );
    expect(await krCount()).toBe(before);
  });
});

describe("check-ins", () => {
  it("are append-only: three check-ins → three rows, the KR shows the latest value and confidence", async () => {
    const member = await as("member");
    for (const [value, confidence] of [
      [10, 8],
      [20, 6],
      [25, 7],
    ] as const) {
      await member.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr1, value, confidence, note: `at ${value}` });
      await tick();
    }
    expect(await count(checkIns, eq(checkIns.keyResultId, ids.kr1))).toBe(3);
    expect(await krRow(ids.kr1)).toMatchObject({ currentValue: 25, confidence: 7 });
    const history = await (await as("viewer")).keyResult.checkIns({ orgSlug: org.slug, keyResultId: ids.kr1 });
    expect(history.map((c) => [c.value, c.confidence, c.note, c.source, c.authorId])).toEqual([
      [10, 8, "at 10", "manual", org.users.member.id],
      [20, 6, "at 20", "manual", org.users.member.id],
      [25, 7, "at 25", "manual", org.users.member.id],
    ]);
  });

  it("a member checks in only on KRs they (or their objective) own; a viewer never; another org never sees the KR", async () => {
    const member = await as("member");
    const before = await count(checkIns, eq(checkIns.orgId, org.orgId));
    // someone else's KR in another department
    await expectCode(member.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.krB, value: 5, confidence: 5 }), "FORBIDDEN");
    // someone else's KR in the member's own department
    await expectCode(member.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr2, value: 50, confidence: 5 }), "FORBIDDEN");
    await expectCode((await as("viewer")).keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr1, value: 30, confidence: 5 }), "FORBIDDEN");
    const rival = await callerFor(h.db, other.users.admin.id);
    await expectCode(rival.keyResult.checkIn({ orgSlug: other.slug, keyResultId: ids.kr1, value: 30, confidence: 5 }), "NOT_FOUND");
    await expectCode(rival.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr1, value: 30, confidence: 5 }), "NOT_FOUND");
    await expectFieldError(member.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr1, value: 30, confidence: 11 }), "confidence", "at most 10");
    expect(await count(checkIns, eq(checkIns.orgId, org.orgId))).toBe(before);
    expect(await krRow(ids.kr1)).toMatchObject({ currentValue: 25, confidence: 7 });
  });

  it("the rest of the check-ins used below", async () => {
    const manager = await as("manager");
    await manager.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr2, value: 60, confidence: 5 });
    await manager.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr3, value: 15, confidence: 9 });
    await (await as("member")).keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.krM, value: 1, confidence: 9 });
    await (await as("admin")).keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.krB, value: 2, confidence: 2 });
  });
});

describe("reading objectives", () => {
  it("objective.list: progress is the weighted mean of KR progress; confidence is the lowest", async () => {
    const list = await (await as("viewer")).objective.list({ orgSlug: org.slug, periodId: ids.period });
    expect(list.map((o) => o.level)).toEqual(["company", "department", "department", "team", "individual"]);
    const d = list.find((o) => o.id === ids.dept)!;
    expect(d.keyResults.map((k) => k.id)).toEqual([ids.kr1, ids.kr2, ids.kr3, ids.kr4]);
    // kr1 25 (weight 2), kr2 (100 → 20 at 60) 50, kr3 in band 100, kr4 milestone not done 0
    expect(d.keyResults.map((k) => k.progress)).toEqual([25, 50, 100, 0]);
    expect(d.progress).toBe((25 * 2 + 50 + 100 + 0) / 5);
    expect(d.progress).toBe(40);
    expect(d.confidence).toBe(5);
    expect(d.confidenceBand).toBe("at_risk");
    expect(d.parentIds).toEqual([ids.company]);
    expect(d.departmentName).toBe("Dept A");

    const byId = new Map(list.map((o) => [o.id, o]));
    expect(byId.get(ids.company)).toMatchObject({ progress: 0, confidence: null, confidenceBand: null });
    expect(byId.get(ids.team)).toMatchObject({ progress: 0, keyResults: [], confidenceBand: null });
    expect(byId.get(ids.deptB)).toMatchObject({ progress: 20, confidence: 2, confidenceBand: "off_track" });
    expect(byId.get(ids.mine)).toMatchObject({ progress: 100, confidence: 9, confidenceBand: "on_track" });
  });

  it("objective.list filters by department, owner, level, status and confidence band", async () => {
    const viewer = await as("viewer");
    const q = async (f: Record<string, string>) =>
      (await viewer.objective.list({ orgSlug: org.slug, periodId: ids.period, ...f })).map((o) => o.id).sort();
    const sorted = (...xs: string[]) => [...xs].sort();
    expect(await q({ departmentId: org.departmentIds.a })).toEqual(sorted(ids.dept, ids.team));
    expect(await q({ departmentId: org.departmentIds.b })).toEqual([ids.deptB]);
    expect(await q({ ownerId: org.users.member.id })).toEqual(sorted(ids.team, ids.mine));
    expect(await q({ ownerId: org.users.admin.id })).toEqual(sorted(ids.company, ids.deptB));
    expect(await q({ level: "company" })).toEqual([ids.company]);
    expect(await q({ level: "department" })).toEqual(sorted(ids.dept, ids.deptB));
    expect(await q({ level: "individual" })).toEqual([ids.mine]);
    expect(await q({ status: "draft" })).toHaveLength(5);
    expect(await q({ status: "active" })).toEqual([]);
    expect(await q({ confidence: "on_track" })).toEqual([ids.mine]);
    expect(await q({ confidence: "at_risk" })).toEqual([ids.dept]);
    expect(await q({ confidence: "off_track" })).toEqual([ids.deptB]);
    expect(await q({ confidence: "none" })).toEqual(sorted(ids.company, ids.team));
    expect(await q({ departmentId: org.departmentIds.a, confidence: "at_risk" })).toEqual([ids.dept]);
    // another org's period id lists nothing of ours (and nothing of theirs)
    expect(await viewer.objective.list({ orgSlug: org.slug, periodId: ids.otherPeriod })).toEqual([]);
  });

  it("objective.tree: nodes of the period and the parent → child edges", async () => {
    const tree = await (await as("member")).objective.tree({ orgSlug: org.slug, periodId: ids.period });
    expect(tree.nodes).toHaveLength(5);
    expect(tree.edges).toHaveLength(2);
    expect(tree.edges).toEqual(
      expect.arrayContaining([
        { parentId: ids.company, childId: ids.dept },
        { parentId: ids.dept, childId: ids.team },
      ]),
    );
    // Progress and confidence are aggregated in SQL for the tree: the same numbers as the list's (computed in JS from the KRs).
    const list = await (await as("member")).objective.list({ orgSlug: org.slug, periodId: ids.period });
    expect(list.some((o) => o.keyResults.length > 0 && o.progress > 0)).toBe(true);
    for (const o of list) {
      const node = tree.nodes.find((n) => n.id === o.id)!;
      expect(node.progress).toBeCloseTo(o.progress, 9);
      expect(node.confidence).toBe(o.confidence);
      expect(node.confidenceBand).toBe(o.confidenceBand);
      expect(node).toMatchObject({ title: o.title, level: o.level, status: o.status, ownerName: o.ownerName, departmentName: o.departmentName });
    }
    expect(tree.nodes.map((n) => n.id)).toEqual(list.map((o) => o.id));
    expect(tree.nodes[0]).not.toHaveProperty("keyResults");
  });

  it("objective.get of another organisation's objective is NOT_FOUND", async () => {
    await expectCode((await as("viewer")).objective.get({ orgSlug: org.slug, objectiveId: ids.otherObjective }), "NOT_FOUND");
  });
});

describe("initiatives", () => {
  it("CRUD by the KR owner, with a version CONFLICT on a stale update", async () => {
    const member = await as("member");
    const ini = await member.initiative.create({ orgSlug: org.slug, keyResultId: ids.kr1, title: "Call 50 prospects", dueOn: "2026-11-15" });
    expect(ini).toMatchObject({ status: "todo", ownerId: null, dueOn: "2026-11-15", version: 1 });
    ids.initiative = ini.id;

    const upd = await member.initiative.update({
      orgSlug: org.slug,
      initiativeId: ini.id,
      version: 1,
      title: "Call 50 prospects",
      ownerId: org.users.member.id,
      dueOn: "2026-11-15",
      status: "doing",
    });
    expect(upd).toMatchObject({ status: "doing", version: 2, ownerId: org.users.member.id });
    await expectCode(
      member.initiative.update({ orgSlug: org.slug, initiativeId: ini.id, version: 1, title: "Stale", status: "done" }),
      "CONFLICT",
    );
    const [row] = await h.db.select().from(initiatives).where(eq(initiatives.id, ini.id));
    expect(row).toMatchObject({ title: "Call 50 prospects", status: "doing", version: 2 });

    const tmp = await member.initiative.create({ orgSlug: org.slug, keyResultId: ids.kr1, title: "Temporary" });
    await member.initiative.delete({ orgSlug: org.slug, initiativeId: tmp.id });
    expect(await count(initiatives, eq(initiatives.id, tmp.id))).toBe(0);
  });

  it("refuses initiatives outside the actor's scope and bad owners", async () => {
    const member = await as("member");
    const before = await count(initiatives, eq(initiatives.orgId, org.orgId));
    await expectCode(member.initiative.create({ orgSlug: org.slug, keyResultId: ids.krB, title: "Not mine" }), "FORBIDDEN");
    await expectCode(member.initiative.create({ orgSlug: org.slug, keyResultId: ids.kr2, title: "Not mine either" }), "FORBIDDEN");
    await expectCode((await as("viewer")).initiative.create({ orgSlug: org.slug, keyResultId: ids.kr1, title: "Viewer" }), "FORBIDDEN");
    await expectFieldError(
      member.initiative.create({ orgSlug: org.slug, keyResultId: ids.kr1, title: "Bad owner", ownerId: other.users.member.id }),
      "ownerId",
      "not a member",
    );
    await expectFieldError(member.initiative.create({ orgSlug: org.slug, keyResultId: ids.kr1, title: "Bad date", dueOn: "15/11/2026" }), "dueOn", "2026-10-01");
    expect(await count(initiatives, eq(initiatives.orgId, org.orgId))).toBe(before);
  });
});

describe("cross-department dependencies", () => {
  it("department A asks department B; the manager of A cannot decide; an admin can; declining needs a comment", async () => {
    const manager = await as("manager");
    const admin = await as("admin");
    const dep = await manager.dependency.request({
      orgSlug: org.slug,
      keyResultId: ids.kr2,
      toDepartmentId: org.departmentIds.b,
      what: "A churn dashboard",
      neededBy: "2020-01-15",
    });
    expect(dep).toMatchObject({ status: "requested", fromDepartmentId: org.departmentIds.a, toDepartmentId: org.departmentIds.b, requestedBy: org.users.manager.id });
    ids.dep1 = dep.id;

    await expectFieldError(
      manager.dependency.request({ orgSlug: org.slug, keyResultId: ids.kr2, toDepartmentId: org.departmentIds.a, what: "Self", neededBy: "2026-12-01" }),
      "toDepartmentId",
      "another department",
    );
    await expectFieldError(
      manager.dependency.request({
        orgSlug: org.slug,
        keyResultId: ids.kr2,
        initiativeId: ids.initiative, // belongs to kr1, not kr2
        toDepartmentId: org.departmentIds.b,
        what: "Wrong initiative",
        neededBy: "2026-12-01",
      }),
      "initiativeId",
      "does not belong",
    );
    await expectCode(
      (await as("member")).dependency.request({ orgSlug: org.slug, keyResultId: ids.kr2, toDepartmentId: org.departmentIds.b, what: "x", neededBy: "2026-12-01" }),
      "FORBIDDEN",
    );
    await expectCode(
      (await as("viewer")).dependency.request({ orgSlug: org.slug, keyResultId: ids.kr1, toDepartmentId: org.departmentIds.b, what: "x", neededBy: "2026-12-01" }),
      "FORBIDDEN",
    );
    expect(await count(dependencies, eq(dependencies.orgId, org.orgId))).toBe(1);

    // the manager manages A, not B
    await expectCode(manager.dependency.decide({ orgSlug: org.slug, dependencyId: dep.id, version: 1, decision: "accepted" }), "FORBIDDEN");
    await expectFieldError(admin.dependency.decide({ orgSlug: org.slug, dependencyId: dep.id, version: 1, decision: "declined" }), "comment", "Add a comment");
    const [row] = await h.db.select().from(dependencies).where(eq(dependencies.id, dep.id));
    expect(row).toMatchObject({ status: "requested", version: 1, decidedBy: null });

    // an open dependency past its date is overdue
    let list = await (await as("viewer")).dependency.list({ orgSlug: org.slug });
    expect(list.find((d) => d.id === dep.id)).toMatchObject({ status: "requested", overdue: true, keyResultTitle: "Cut churn from 100 to 20 bp" });

    const accepted = await admin.dependency.decide({ orgSlug: org.slug, dependencyId: dep.id, version: 1, decision: "accepted" });
    expect(accepted).toMatchObject({ status: "accepted", version: 2, decidedBy: org.users.admin.id });
    await expectCode(admin.dependency.decide({ orgSlug: org.slug, dependencyId: dep.id, version: 1, decision: "done" }), "CONFLICT");
    list = await admin.dependency.list({ orgSlug: org.slug });
    expect(list.find((d) => d.id === dep.id)).toMatchObject({ status: "accepted", overdue: true });

    await admin.dependency.decide({ orgSlug: org.slug, dependencyId: dep.id, version: 2, decision: "done" });
    list = await admin.dependency.list({ orgSlug: org.slug });
    expect(list.find((d) => d.id === dep.id)).toMatchObject({ status: "done", overdue: false });
  });

  it("a member asks for their KR's initiative; a future date is not overdue; a declined request is final", async () => {
    const member = await as("member");
    const admin = await as("admin");
    const dep = await member.dependency.request({
      orgSlug: org.slug,
      keyResultId: ids.kr1,
      initiativeId: ids.initiative,
      toDepartmentId: org.departmentIds.b,
      what: "Demo environment",
      neededBy: "2999-01-01",
    });
    ids.dep2 = dep.id;
    let list = await member.dependency.list({ orgSlug: org.slug });
    expect(list.find((d) => d.id === dep.id)).toMatchObject({ status: "requested", overdue: false });
    const declined = await admin.dependency.decide({ orgSlug: org.slug, dependencyId: dep.id, version: 1, decision: "declined", comment: "No capacity this quarter" });
    expect(declined).toMatchObject({ status: "declined", comment: "No capacity this quarter" });
    await expectCode(admin.dependency.decide({ orgSlug: org.slug, dependencyId: dep.id, version: 2, decision: "accepted" }), "BAD_REQUEST");
    list = await member.dependency.list({ orgSlug: org.slug });
    expect(list.find((d) => d.id === dep.id)).toMatchObject({ status: "declined", overdue: false });
    // ordered by date needed
    expect(list.map((d) => d.id)).toEqual([ids.dep1, ids.dep2]);
  });
});

describe("objective.get", () => {
  it("includes KRs with progress, check-in history, initiatives, dependencies and related objectives", async () => {
    const o = await (await as("viewer")).objective.get({ orgSlug: org.slug, objectiveId: ids.dept });
    expect(o).toMatchObject({ id: ids.dept, periodName: "2026-Q4", periodStatus: "planning", progress: 40, confidenceBand: "at_risk" });
    expect(o.keyResults.map((k) => k.progress)).toEqual([25, 50, 100, 0]);
    expect(o.checkIns).toHaveLength(5);
    expect(o.checkIns.filter((c) => c.keyResultId === ids.kr1).map((c) => c.value)).toEqual([10, 20, 25]);
    expect(o.initiatives).toEqual([expect.objectContaining({ id: ids.initiative, keyResultId: ids.kr1, status: "doing", ownerId: org.users.member.id })]);
    expect(o.dependencies.map((d) => d.id).sort()).toEqual([ids.dep1, ids.dep2].sort());
    expect(o.dependencies.every((d) => d.toDepartmentName === "Dept B")).toBe(true);
    expect(o.related).toEqual(
      expect.arrayContaining([
        { id: ids.company, title: "Grow revenue", relation: "parent" },
        { id: ids.team, title: "Ship the partner programme", relation: "child" },
      ]),
    );
    expect(o.related).toHaveLength(2);
  });
});

describe("grading and closing the period", () => {
  it("activates the period; closing with ungraded KRs is PRECONDITION_FAILED and changes nothing", async () => {
    const admin = await as("admin");
    const active = await admin.period.setStatus({ orgSlug: org.slug, periodId: ids.period, status: "active", version: 1 });
    expect(active).toMatchObject({ status: "active", version: 2 });

    const e = await failure(admin.period.setStatus({ orgSlug: org.slug, periodId: ids.period, status: "closed", version: 2 }));
    expect(e.code).toBe("PRECONDITION_FAILED");
    expect((e.cause as AppError).details).toMatchObject({ ungraded: 7 });
    expect(await periodRow(ids.period)).toMatchObject({ status: "active", version: 2, closedAt: null });
    const statuses = await h.db.select({ s: objectives.status }).from(objectives).where(eq(objectives.periodId, ids.period));
    expect(statuses.every((r) => r.s === "draft")).toBe(true);
  });

  it("grades: the suggestion needs no reason, a far grade does, skipping does; the objective score is the weighted mean", async () => {
    const manager = await as("manager");
    const g = async (keyResultId: string, grade: number | null, extra: { reason?: string; skipped?: boolean } = {}, who = manager) => {
      const kr = await krRow(keyResultId);
      return who.keyResult.grade({ orgSlug: org.slug, keyResultId, version: kr.version, grade, ...extra });
    };
    // kr1 at 25% → suggested 0.3
    await expectFieldError(g(ids.kr1, 0.9), "reason", "differs from the suggested");
    await expectFieldError(g(ids.kr1, null), "grade", "Required");
    await expectFieldError(g(ids.kr1, 1.5), "grade", "at most 1");
    await expectCode(g(ids.kr1, 0.3, {}, await as("member")), "FORBIDDEN");
    expect(await krRow(ids.kr1)).toMatchObject({ grade: null, skipped: false });
    await g(ids.kr1, 0.3);
    // a stale version
    await expectCode(manager.keyResult.grade({ orgSlug: org.slug, keyResultId: ids.kr1, version: 1, grade: 0.3 }), "CONFLICT");
    await g(ids.kr2, 0.5); // 50% → 0.5
    await g(ids.kr3, 0.8, { reason: "In band only in the last week" }); // 100% → 1.0, lowered with a reason
    await expectFieldError(g(ids.kr4, null, { skipped: true }), "reason", "Say why");
    await g(ids.kr4, null, { skipped: true, reason: "Portal moved to next quarter" });

    expect(await krRow(ids.kr3)).toMatchObject({ grade: 0.8, gradeReason: "In band only in the last week" });
    expect(await krRow(ids.kr4)).toMatchObject({ grade: null, skipped: true, gradeReason: "Portal moved to next quarter" });
    // skipped KRs do not count: (0.3·2 + 0.5 + 0.8) / 4
    expect((await objectiveRow(ids.dept)).score).toBeCloseTo((0.3 * 2 + 0.5 + 0.8) / 4, 10);
    expect((await objectiveRow(ids.dept)).score).toBeCloseTo(0.475, 10);

    // the manager of A cannot grade department B's KR; an admin can
    await expectCode(g(ids.krB, 0.2), "FORBIDDEN");
    const admin = await as("admin");
    await g(ids.krB, 0.2, {}, admin); // 20%
    await g(ids.krC, 0, {}, admin); // 0%
    await g(ids.krM, 1, {}, admin); // done
    expect((await objectiveRow(ids.deptB)).score).toBeCloseTo(0.2, 10);
    expect((await objectiveRow(ids.company)).score).toBe(0);
    expect((await objectiveRow(ids.mine)).score).toBe(1);
    expect((await objectiveRow(ids.team)).score).toBeNull();
  });

  it("closes the period: objectives become closed, and later check-ins and edits are refused without writing", async () => {
    const admin = await as("admin");
    const closed = await admin.period.setStatus({ orgSlug: org.slug, periodId: ids.period, status: "closed", version: 2 });
    expect(closed.status).toBe("closed");
    expect(closed.closedAt).toBeInstanceOf(Date);
    const statuses = await h.db.select({ id: objectives.id, s: objectives.status }).from(objectives).where(eq(objectives.periodId, ids.period));
    expect(statuses).toHaveLength(5);
    expect(statuses.every((r) => r.s === "closed")).toBe(true);

    const before = await count(checkIns, eq(checkIns.orgId, org.orgId));
    const member = await as("member");
    const e = await failure(member.keyResult.checkIn({ orgSlug: org.slug, keyResultId: ids.kr1, value: 90, confidence: 9 }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toBe("e.checkInClosed|period=2026-Q4");
    expect(await count(checkIns, eq(checkIns.orgId, org.orgId))).toBe(before);
    expect(await krRow(ids.kr1)).toMatchObject({ currentValue: 25, confidence: 7 });

    const d = await objectiveRow(ids.dept);
    await expectCode(
      admin.objective.update({ orgSlug: org.slug, objectiveId: d.id, version: d.version, title: "After close", level: "department", departmentId: org.departmentIds.a, ownerId: org.users.manager.id }),
      "BAD_REQUEST",
    );
    await expectCode(
      admin.keyResult.create({ orgSlug: org.slug, objectiveId: ids.dept, title: "Late", ownerId: org.users.admin.id, type: "number", targetValue: 1 }),
      "BAD_REQUEST",
    );
    const kr1 = await krRow(ids.kr1);
    await expectCode(admin.keyResult.grade({ orgSlug: org.slug, keyResultId: ids.kr1, version: kr1.version, grade: 0.9, reason: "regrade" }), "BAD_REQUEST");
    await expectCode(admin.objective.delete({ orgSlug: org.slug, objectiveId: ids.team }), "BAD_REQUEST");
    await expectCode(admin.period.setStatus({ orgSlug: org.slug, periodId: ids.period, status: "active", version: closed.version }), "BAD_REQUEST");
    expect(await objectiveRow(ids.dept)).toMatchObject({ title: "Win the mid-market segment", version: d.version });
    expect(await krRow(ids.kr1)).toMatchObject({ grade: 0.3 });
    expect(await objectiveCount()).toBe(5);
  });

  it("initiatives of a closed period can no longer be updated", async () => {
    const member = await as("member");
    const [row] = await h.db.select().from(initiatives).where(eq(initiatives.id, ids.initiative));
    await expectCode(
      member.initiative.update({ orgSlug: org.slug, initiativeId: ids.initiative, version: row!.version, title: "After close", status: "done" }),
      "BAD_REQUEST",
    );
  });

  // BUG (server/okrs/initiatives.ts, deleteInitiative, lines 70–78): create and update call
  // assertPeriodOpen(ctx.period) but delete does not, so an initiative of a closed period can still be
  // deleted (the "closed period: its OKRs can no longer change" rule is bypassed).
  it("initiatives of a closed period can no longer be deleted", async () => {
    const member = await as("member");
    await expectCode(member.initiative.delete({ orgSlug: org.slug, initiativeId: ids.initiative }), "BAD_REQUEST");
    expect(await count(initiatives, eq(initiatives.id, ids.initiative))).toBe(1);
  });
});

describe("audit", () => {
  it("records an event for every successful mutation, in the actor's org, and none for refused ones", async () => {
    const events = await h.db
      .select({ entityType: auditEvents.entityType, entityId: auditEvents.entityId, action: auditEvents.action, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(eq(auditEvents.orgId, org.orgId));
    const actions = (type: string) => events.filter((e) => e.entityType === type).map((e) => e.action);

    expect(actions("period").sort()).toEqual(["create", "status_active", "status_closed"]);
    // five objectives created, one update (the refused ones left no trace)
    expect(actions("objective").filter((a) => a === "create")).toHaveLength(5);
    expect(actions("objective").filter((a) => a === "update")).toHaveLength(1);
    // seven KRs, one event per check-in row, seven grades (the skip included)
    expect(actions("keyResult").filter((a) => a === "create")).toHaveLength(7);
    expect(actions("keyResult").filter((a) => a === "check_in")).toHaveLength(await count(checkIns, eq(checkIns.orgId, org.orgId)));
    expect(actions("keyResult").filter((a) => a === "grade")).toHaveLength(7);
    expect(actions("initiative")).toEqual(expect.arrayContaining(["create", "update", "delete"]));
    expect(actions("dependency").sort()).toEqual(["accepted", "declined", "done", "request", "request"]);

    const check = events.filter((e) => e.entityType === "keyResult" && e.action === "check_in" && e.entityId === ids.kr1);
    expect(check).toHaveLength(3);
    expect(check.every((e) => e.actorId === org.users.member.id)).toBe(true);

    // nothing of this org was logged under the other org
    const leaked = await h.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, other.orgId), eq(auditEvents.entityId, ids.dept)));
    expect(leaked[0]!.n).toBe(0);
  });
});

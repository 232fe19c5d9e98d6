import { and, eq, inArray } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import { departments, keyResults, kpis, memberships, objectives, users } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { parseCsv, toCsv, type CsvError } from "../csv";
import { AppError } from "../errors";
import type { Actor } from "../org/actor";
import { can } from "../rbac/permissions";
import { isValidKrShape } from "./progress";
import { listObjectives } from "./queries";
import { assertPeriodOpen, loadPeriod } from "./refs";
import { recordKpiValueTx } from "./kpis";
import { isCalendarDate } from "../dates";

export const OKR_CSV_COLUMNS = [
  "objective",
  "level",
  "department",
  "objective_owner",
  "commitment",
  "key_result",
  "kr_owner",
  "type",
  "unit",
  "direction",
  "start",
  "target",
  "band_min",
  "band_max",
  "weight",
] as const;

const LEVELS = ["company", "department", "team", "individual"] as const;
const TYPES = ["number", "percentage", "currency", "milestone"] as const;
const DIRECTIONS = ["increase", "decrease", "band"] as const;

/** The bounds the app's forms and API put on KR and KPI numbers (ZNum, ./schema.ts) and on weights. */
const MAX_ABS = 1e15;
const MAX_WEIGHT = 100;

/** A number cell: plain ("1234.5") or with thousands separators ("1,234.5"); a decimal comma ("1,5") is refused. */
function num(v: string | undefined): number | null {
  if (v == null || v === "") return null;
  const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v) ? v.replace(/,/g, "") : v;
  if (plain.includes(",")) return NaN;
  const n = Number(plain);
  return Number.isFinite(n) ? n : NaN;
}

/** CSV export of a period's OKRs: one row per key result, with latest values and grades. */
export async function exportOkrsCsv(db: DbOrTx, actor: Actor, periodId: string) {
  const period = await loadPeriod(db, actor, periodId);
  const list = await listObjectives(db, actor, { periodId });
  const ownerIds = [...new Set(list.flatMap((o) => [o.ownerId, ...o.keyResults.map((k) => k.ownerId)]))];
  const emails = new Map(
    ownerIds.length
      ? (await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ownerIds))).map((u) => [u.id, u.email])
      : [],
  );
  const headers = [
    "objective", "level", "department", "objective_owner", "status", "commitment", "objective_progress", "objective_score",
    "key_result", "kr_owner", "type", "unit", "direction", "start", "target", "band_min", "band_max", "weight", "current", "confidence", "kr_progress", "grade", "skipped",
  ];
  const rows: unknown[][] = [];
  for (const o of list) {
    const base = [o.title, o.level, o.departmentName ?? "", emails.get(o.ownerId) ?? "", o.status, o.commitment, o.progress.toFixed(1), o.score ?? ""];
    if (!o.keyResults.length) rows.push([...base, ...Array.from({ length: 15 }, () => "")]);
    for (const k of o.keyResults) {
      rows.push([
        ...base, k.title, emails.get(k.ownerId) ?? "", k.type, k.unit, k.direction, k.startValue, k.targetValue, k.bandMin ?? "", k.bandMax ?? "", k.weight, k.currentValue ?? "",
        k.confidence ?? "", k.progress.toFixed(1), k.grade ?? "", k.skipped ? "yes" : "",
      ]);
    }
  }
  return { filename: `okrs-${period.name}.csv`, csv: toCsv(headers, rows) };
}

/**
 * Imports objectives and key results from CSV into a period: every row validated, errors listed by row
 * and column, and nothing written unless every row is valid. Rows with the same objective title form
 * one objective. Owners are given by email.
 */
export async function importOkrsCsv(db: Database, actor: Actor, periodId: string, text: string) {
  const { rows, headers, errors } = parseCsv(text);
  const missing = ["objective", "level", "objective_owner", "key_result", "kr_owner", "type", "target"].filter((c) => !headers.includes(c));
  if (missing.length) {
    throw new AppError("BAD_REQUEST", `e.csvMissingColumns|columns=${missing.join(", ")}`, { errors: [{ row: 0, column: missing.join(", "), message: `e.csvMissingColumns|columns=${missing.join(", ")}` }] });
  }
  if (!rows.length) throw new AppError("BAD_REQUEST", "e.csvEmpty");
  if (rows.length > 5000) throw new AppError("BAD_REQUEST", "e.csvTooManyRows|max=5000");

  return db.transaction(async (tx) => {
    const period = await loadPeriod(tx, actor, periodId, "periodId");
    assertPeriodOpen(period);
    const emails = [...new Set(rows.flatMap((r) => [r.objective_owner, r.kr_owner]).filter(Boolean).map((e) => e!.toLowerCase()))];
    const members = emails.length
      ? await tx
          .select({ id: users.id, email: users.email })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.orgId, actor.orgId), inArray(users.email, emails)))
      : [];
    const userByEmail = new Map(members.map((m) => [m.email, m.id]));
    const depts = await tx.select({ id: departments.id, name: departments.name }).from(departments).where(eq(departments.orgId, actor.orgId));
    const deptByName = new Map(depts.map((d) => [d.name.toLowerCase(), d.id]));

    const errs: CsvError[] = [...errors];
    const err = (row: number, column: string, message: string) => errs.push({ row, column, message });
    type Obj = { title: string; level: (typeof LEVELS)[number]; departmentId: string | null; ownerId: string; commitment: "committed" | "aspirational"; krs: (typeof keyResults.$inferInsert)[] };
    const objs = new Map<string, Obj>();

    rows.forEach((r, i) => {
      const n = i + 1;
      const title = r.objective ?? "";
      if (!title) err(n, "objective", "v.required");
      else if (title.length > 200) err(n, "objective", "v.tooBig.chars|max=200");
      const level = (r.level ?? "").toLowerCase() as (typeof LEVELS)[number];
      if (!LEVELS.includes(level)) err(n, "level", "v.invalidOption");
      const deptName = (r.department ?? "").toLowerCase();
      const departmentId = deptName ? (deptByName.get(deptName) ?? null) : null;
      if (deptName && !departmentId) err(n, "department", "e.unknownDepartment");
      if ((level === "department" || level === "team") && !departmentId && !deptName) err(n, "department", "e.departmentRequired");
      const ownerId = userByEmail.get((r.objective_owner ?? "").toLowerCase());
      if (!ownerId) err(n, "objective_owner", "e.notAMember");
      const commitment = ((r.commitment || "committed").toLowerCase()) as "committed" | "aspirational";
      if (commitment !== "committed" && commitment !== "aspirational") err(n, "commitment", "v.invalidOption");
      if (ownerId && departmentId !== undefined && !can(actor, "objective.create", { departmentId, ownerId })) {
        err(n, "department", `e.outOfScope|permission=objective.create|role=${actor.role}`);
      }

      const krTitle = r.key_result ?? "";
      if (!krTitle) err(n, "key_result", "v.required");
      else if (krTitle.length > 200) err(n, "key_result", "v.tooBig.chars|max=200");
      const krOwnerId = userByEmail.get((r.kr_owner ?? "").toLowerCase());
      if (!krOwnerId) err(n, "kr_owner", "e.notAMember");
      const type = (r.type ?? "").toLowerCase() as (typeof TYPES)[number];
      if (!TYPES.includes(type)) err(n, "type", "v.invalidOption");
      const direction = ((r.direction || "increase").toLowerCase()) as (typeof DIRECTIONS)[number];
      if (!DIRECTIONS.includes(direction)) err(n, "direction", "v.invalidOption");
      const start = num(r.start) ?? 0;
      const target = num(r.target);
      const bandMin = num(r.band_min);
      const bandMax = num(r.band_max);
      const weight = num(r.weight) ?? 1;
      for (const [col, v] of [["start", start], ["target", target], ["band_min", bandMin], ["band_max", bandMax], ["weight", weight]] as const) {
        if (Number.isNaN(v)) err(n, col, "v.number");
        else if (v !== null && col !== "weight") {
          if (v > MAX_ABS) err(n, col, `v.tooBig.value|max=${MAX_ABS}`);
          else if (v < -MAX_ABS) err(n, col, `v.tooSmall.value|min=${-MAX_ABS}`);
        }
      }
      if (target === null && type !== "milestone") err(n, "target", "v.required");
      if (weight < 0) err(n, "weight", "v.tooSmall.value|min=0");
      else if (weight > MAX_WEIGHT) err(n, "weight", `v.tooBig.value|max=${MAX_WEIGHT}`);
      if (TYPES.includes(type) && DIRECTIONS.includes(direction) && target !== null && !Number.isNaN(target)) {
        const problem = isValidKrShape({ type, direction, startValue: start, targetValue: target, bandMin, bandMax });
        if (problem) err(n, problem.startsWith("band") ? "band_min" : "target", `e.kr.${problem}`);
      }
      if (!title || !ownerId || !krOwnerId) return;
      const key = title.toLowerCase();
      const existing = objs.get(key);
      if (existing) {
        // Later rows of the same objective must agree with its first row.
        if (existing.level !== level) err(n, "level", "e.csvObjectiveMismatch");
        if (existing.departmentId !== departmentId) err(n, "department", "e.csvObjectiveMismatch");
        if (existing.ownerId !== ownerId) err(n, "objective_owner", "e.csvObjectiveMismatch");
        if (existing.commitment !== commitment) err(n, "commitment", "e.csvObjectiveMismatch");
      }
      const o = existing ?? { title, level, departmentId, ownerId, commitment, krs: [] };
      objs.set(key, o);
      const milestone = type === "milestone";
      o.krs.push({
        orgId: actor.orgId,
        objectiveId: "",
        title: krTitle,
        ownerId: krOwnerId,
        type,
        unit: milestone ? "" : (r.unit ?? "").slice(0, 20),
        direction: milestone ? "increase" : direction,
        startValue: milestone ? 0 : start,
        targetValue: milestone ? 1 : (target ?? 0),
        bandMin: direction === "band" ? bandMin : null,
        bandMax: direction === "band" ? bandMax : null,
        weight,
        position: o.krs.length,
      });
    });
    if (errs.length) {
      throw new AppError("BAD_REQUEST", `e.csvInvalid|count=${errs.length}`, { errors: errs.slice(0, 200) });
    }
    let krCount = 0;
    for (const o of objs.values()) {
      const [row] = await tx
        .insert(objectives)
        .values({ orgId: actor.orgId, periodId: period.id, title: o.title, level: o.level, departmentId: o.departmentId, ownerId: o.ownerId, commitment: o.commitment })
        .returning({ id: objectives.id });
      await tx.insert(keyResults).values(o.krs.map((k) => ({ ...k, objectiveId: row!.id })));
      krCount += o.krs.length;
    }
    await recordAudit(tx, actor, {
      entityType: "period",
      entityId: period.id,
      action: "import_okrs",
      after: { objectives: objs.size, keyResults: krCount },
    });
    return { objectives: objs.size, keyResults: krCount };
  });
}

/** KPI values from CSV (kpi, date, value, note): validated per row, all or nothing; values feed tracking KRs. */
export async function importKpiValuesCsv(db: Database, actor: Actor, text: string) {
  const { rows, headers, errors } = parseCsv(text);
  const missing = ["kpi", "date", "value"].filter((c) => !headers.includes(c));
  if (missing.length) throw new AppError("BAD_REQUEST", `e.csvMissingColumns|columns=${missing.join(", ")}`, { errors: [] });
  if (!rows.length) throw new AppError("BAD_REQUEST", "e.csvEmpty");
  if (rows.length > 20000) throw new AppError("BAD_REQUEST", "e.csvTooManyRows|max=20000");
  return db.transaction(async (tx) => {
    const list = await tx.select().from(kpis).where(eq(kpis.orgId, actor.orgId));
    const byName = new Map(list.map((k) => [k.name.toLowerCase(), k]));
    const errs: CsvError[] = [...errors];
    const ok: { kpi: (typeof list)[number]; observedOn: string; value: number; note: string }[] = [];
    rows.forEach((r, i) => {
      const n = i + 1;
      const kpi = byName.get((r.kpi ?? "").toLowerCase());
      if (!kpi) errs.push({ row: n, column: "kpi", message: "e.unknownKpi" });
      else if (!can(actor, "kpi.record", kpi)) errs.push({ row: n, column: "kpi", message: `e.outOfScope|permission=kpi.record|role=${actor.role}` });
      const date = r.date ?? "";
      if (!isCalendarDate(date)) errs.push({ row: n, column: "date", message: "v.date" });
      const value = num(r.value);
      const inRange = value !== null && !Number.isNaN(value) && Math.abs(value) <= MAX_ABS;
      if (value === null || Number.isNaN(value)) errs.push({ row: n, column: "value", message: "v.number" });
      else if (!inRange) errs.push({ row: n, column: "value", message: value > 0 ? `v.tooBig.value|max=${MAX_ABS}` : `v.tooSmall.value|min=${-MAX_ABS}` });
      if (kpi && inRange) ok.push({ kpi, observedOn: date, value, note: (r.note ?? "").slice(0, 1000) });
    });
    if (errs.length) throw new AppError("BAD_REQUEST", `e.csvInvalid|count=${errs.length}`, { errors: errs.slice(0, 200) });
    ok.sort((a, b) => a.observedOn.localeCompare(b.observedOn));
    for (const v of ok) await recordKpiValueTx(tx, actor, v.kpi, v);
    return { values: ok.length };
  });
}

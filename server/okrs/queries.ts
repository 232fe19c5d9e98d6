import { and, asc, desc, eq, inArray, ne, or, sql, type Column } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { qualified } from "@/db/sql";
import {
  approvalRequests,
  auditEvents,
  checkIns,
  departments,
  dependencies,
  initiatives,
  keyResults,
  kpis,
  kpiValues,
  objectiveAlignments,
  objectives,
  periods,
  users,
} from "@/db/schema";
import { notFound } from "../errors";
import type { Actor } from "../org/actor";
import { confidenceBand, kpiBand, krProgress, weightedMean } from "./progress";
import { objectiveProgressSql } from "./progress-sql";
import type { ZListObjectivesInput } from "./schema";

export async function listPeriods(db: DbOrTx, actor: Actor) {
  return db
    .select()
    .from(periods)
    .where(eq(periods.orgId, actor.orgId))
    .orderBy(desc(periods.startsOn), asc(periods.kind));
}

/** The period to show by default: the active quarter containing today, else the latest active, else the latest. */
export function defaultPeriod<T extends { status: string; kind: string; startsOn: string; endsOn: string }>(list: T[], today = new Date()): T | undefined {
  const d = today.toISOString().slice(0, 10);
  return (
    list.find((p) => p.kind === "quarter" && p.startsOn <= d && p.endsOn >= d && p.status !== "closed") ??
    list.find((p) => p.status === "active") ??
    list.find((p) => p.status === "planning") ??
    list[0]
  );
}

type KrRow = {
  id: string;
  title: string;
  ownerId: string;
  ownerName: string;
  type: "number" | "percentage" | "currency" | "milestone";
  unit: string;
  direction: "increase" | "decrease" | "band";
  startValue: number;
  targetValue: number;
  bandMin: number | null;
  bandMax: number | null;
  weight: number;
  currentValue: number | null;
  confidence: number | null;
  lastCheckInAt: string | null;
  grade: number | null;
  skipped: boolean;
  gradeReason: string | null;
  kpiId: string | null;
  version: number;
};

const krJson = sql<KrRow[]>`coalesce((
  select json_agg(json_build_object(
    'id', kr.id, 'title', kr.title, 'ownerId', kr.owner_id, 'ownerName', ku.name, 'type', kr.type, 'unit', kr.unit,
    'direction', kr.direction, 'startValue', kr.start_value, 'targetValue', kr.target_value, 'bandMin', kr.band_min,
    'bandMax', kr.band_max, 'weight', kr.weight, 'currentValue', kr.current_value, 'confidence', kr.confidence,
    'lastCheckInAt', kr.last_check_in_at, 'grade', kr.grade, 'skipped', kr.skipped, 'gradeReason', kr.grade_reason,
    'kpiId', kr.kpi_id, 'version', kr.version
  ) order by kr.position, kr.created_at)
  from ${keyResults} kr join ${users} ku on ku.id = kr.owner_id
  where kr.objective_id = ${qualified(objectives, objectives.id)}
), '[]'::json)`;

const parentIdsJson = sql<string[]>`coalesce((
  select json_agg(a.parent_id) from ${objectiveAlignments} a where a.child_id = ${qualified(objectives, objectives.id)}
), '[]'::json)`;

/** The columns of an objective row in lists and on its page (joins users as owner and departments). */
const objectiveColumns = {
  id: objectives.id,
  periodId: objectives.periodId,
  title: objectives.title,
  description: objectives.description,
  level: objectives.level,
  status: objectives.status,
  commitment: objectives.commitment,
  tags: objectives.tags,
  score: objectives.score,
  ownerId: objectives.ownerId,
  ownerName: users.name,
  departmentId: objectives.departmentId,
  departmentName: departments.name,
  version: objectives.version,
  keyResults: krJson,
  parentIds: parentIdsJson,
};

function withProgress<T extends { keyResults: KrRow[] }>(o: T): Omit<T, "keyResults"> & {
  keyResults: (KrRow & { progress: number })[];
  progress: number;
  confidence: number | null;
  confidenceBand: ReturnType<typeof confidenceBand>;
} {
  const krs = o.keyResults.map((kr) => ({ ...kr, progress: krProgress(kr) }));
  const confidences = krs.map((k) => k.confidence).filter((c): c is number => c != null);
  const minConfidence = confidences.length ? Math.min(...confidences) : null;
  return {
    ...o,
    keyResults: krs,
    progress: weightedMean(krs.map((k) => ({ value: k.progress, weight: k.weight }))),
    confidence: minConfidence,
    confidenceBand: confidenceBand(minConfidence),
  };
}

/**
 * Objectives of a period with their KRs, progress (weighted mean of KR progress), lowest confidence and
 * parents — one statement. Filters come from the URL.
 */
export async function listObjectives(db: DbOrTx, actor: Actor, input: z.infer<typeof ZListObjectivesInput>) {
  const rows = await db
    .select({
      ...objectiveColumns,
    })
    .from(objectives)
    .innerJoin(users, eq(users.id, objectives.ownerId))
    .leftJoin(departments, eq(departments.id, objectives.departmentId))
    .where(
      and(
        eq(objectives.orgId, actor.orgId),
        eq(objectives.periodId, input.periodId),
        input.departmentId ? eq(objectives.departmentId, input.departmentId) : undefined,
        input.ownerId ? eq(objectives.ownerId, input.ownerId) : undefined,
        input.level ? eq(objectives.level, input.level) : undefined,
        input.status ? eq(objectives.status, input.status) : undefined,
      ),
    )
    .orderBy(sql`array_position(array['company','department','team','individual']::objective_level[], ${objectives.level})`, asc(objectives.title));
  const out = rows.map(withProgress);
  if (!input.confidence) return out;
  return out.filter((o) =>
    input.confidence === "none"
      ? o.confidenceBand === null
      : input.confidence === "attention"
        ? o.confidenceBand === "at_risk" || o.confidenceBand === "off_track"
        : o.confidenceBand === input.confidence,
  );
}

export async function getObjective(db: DbOrTx, actor: Actor, objectiveId: string) {
  const [row] = await db
    .select({
      periodName: periods.name,
      periodStatus: periods.status,
      periodStartsOn: periods.startsOn,
      periodEndsOn: periods.endsOn,
      createdAt: objectives.createdAt,
      ...objectiveColumns,
    })
    .from(objectives)
    .innerJoin(periods, eq(periods.id, objectives.periodId))
    .innerJoin(users, eq(users.id, objectives.ownerId))
    .leftJoin(departments, eq(departments.id, objectives.departmentId))
    .where(and(eq(objectives.id, objectiveId), eq(objectives.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("objective");
  const o = withProgress(row);
  const krIds = o.keyResults.map((k) => k.id);
  const [history, inits, deps, related, activity] = await Promise.all([
    krIds.length
      ? db
          .select({
            id: checkIns.id,
            keyResultId: checkIns.keyResultId,
            value: checkIns.value,
            confidence: checkIns.confidence,
            note: checkIns.note,
            source: checkIns.source,
            authorName: users.name,
            createdAt: checkIns.createdAt,
          })
          .from(checkIns)
          .leftJoin(users, eq(users.id, checkIns.authorId))
          .where(and(eq(checkIns.orgId, actor.orgId), inArray(checkIns.keyResultId, krIds)))
          .orderBy(asc(checkIns.createdAt))
      : Promise.resolve([]),
    krIds.length
      ? db
          .select({
            id: initiatives.id,
            keyResultId: initiatives.keyResultId,
            title: initiatives.title,
            ownerId: initiatives.ownerId,
            ownerName: users.name,
            dueOn: initiatives.dueOn,
            status: initiatives.status,
            version: initiatives.version,
          })
          .from(initiatives)
          .leftJoin(users, eq(users.id, initiatives.ownerId))
          .where(and(eq(initiatives.orgId, actor.orgId), inArray(initiatives.keyResultId, krIds)))
          .orderBy(asc(initiatives.createdAt))
      : Promise.resolve([]),
    krIds.length
      ? db
          .select({
            id: dependencies.id,
            keyResultId: dependencies.keyResultId,
            what: dependencies.what,
            neededBy: dependencies.neededBy,
            status: dependencies.status,
            comment: dependencies.comment,
            toDepartmentId: dependencies.toDepartmentId,
            toDepartmentName: departments.name,
            version: dependencies.version,
          })
          .from(dependencies)
          .innerJoin(departments, eq(departments.id, dependencies.toDepartmentId))
          .where(and(eq(dependencies.orgId, actor.orgId), inArray(dependencies.keyResultId, krIds)))
      : Promise.resolve([]),
    db
      .select({ id: objectives.id, title: objectives.title, relation: sql<"parent" | "child">`case when ${objectiveAlignments.parentId} = ${objectiveId} then 'child' else 'parent' end` })
      .from(objectiveAlignments)
      .innerJoin(
        objectives,
        or(
          and(eq(objectiveAlignments.parentId, objectiveId), eq(objectives.id, objectiveAlignments.childId)),
          and(eq(objectiveAlignments.childId, objectiveId), eq(objectives.id, objectiveAlignments.parentId)),
        ),
      )
      .where(eq(objectiveAlignments.orgId, actor.orgId)),
    db
      .select({
        id: auditEvents.id,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        action: auditEvents.action,
        actorName: users.name,
        createdAt: auditEvents.createdAt,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.orgId, actor.orgId), inArray(auditEvents.entityId, [objectiveId, ...krIds])))
      .orderBy(desc(auditEvents.id))
      .limit(30),
  ]);
  const krTitles = new Map(o.keyResults.map((k) => [k.id, k.title]));
  return {
    ...o,
    checkIns: history,
    initiatives: inits,
    dependencies: deps,
    related,
    activity: activity.map((a) => ({ ...a, subject: a.entityId === objectiveId ? o.title : (krTitles.get(a.entityId) ?? "") })),
  };
}

/** Alignment tree of a period: nodes (with progress) and parent → child edges, across departments. */
/**
 * The alignment tree of a period: one node per objective with what the tree shows (title, level,
 * status, owner, department, progress, lowest confidence) and the parent → child edges, in one
 * statement. Progress and confidence are aggregated in SQL (objectiveProgressSql, the same rules as
 * weightedMean/krProgress) instead of shipping every key result of the period: at 5,000 objectives
 * and 20,000 KRs that JSON was most of the tree's time and size.
 */
export async function alignmentTree(db: DbOrTx, actor: Actor, periodId: string) {
  const kr = (c: Column) => qualified(keyResults, c);
  const rows = await db
    .select({
      id: objectives.id,
      title: objectives.title,
      level: objectives.level,
      status: objectives.status,
      ownerId: objectives.ownerId,
      ownerName: users.name,
      departmentId: objectives.departmentId,
      departmentName: departments.name,
      parentIds: parentIdsJson,
      progress: sql<number>`(select ${objectiveProgressSql} from ${keyResults} where ${kr(keyResults.objectiveId)} = ${qualified(objectives, objectives.id)})`,
      confidence: sql<number | null>`(select min(${kr(keyResults.confidence)}) from ${keyResults} where ${kr(keyResults.objectiveId)} = ${qualified(objectives, objectives.id)})`,
    })
    .from(objectives)
    .innerJoin(users, eq(users.id, objectives.ownerId))
    .leftJoin(departments, eq(departments.id, objectives.departmentId))
    .where(and(eq(objectives.orgId, actor.orgId), eq(objectives.periodId, periodId)))
    .orderBy(sql`array_position(array['company','department','team','individual']::objective_level[], ${objectives.level})`, asc(objectives.title));
  const nodes = rows.map((r) => ({ ...r, progress: Number(r.progress), confidenceBand: confidenceBand(r.confidence) }));
  const ids = new Set(nodes.map((n) => n.id));
  const edges = nodes.flatMap((n) => n.parentIds.filter((p) => ids.has(p)).map((parentId) => ({ parentId, childId: n.id })));
  return { nodes, edges };
}

/** The user's KRs in open periods, with whether they were checked in during the last 7 days. */
export async function myKeyResults(db: DbOrTx, actor: Actor, now = new Date()) {
  const rows = await db
    .select({
      id: keyResults.id,
      title: keyResults.title,
      type: keyResults.type,
      unit: keyResults.unit,
      direction: keyResults.direction,
      startValue: keyResults.startValue,
      targetValue: keyResults.targetValue,
      bandMin: keyResults.bandMin,
      bandMax: keyResults.bandMax,
      currentValue: keyResults.currentValue,
      confidence: keyResults.confidence,
      lastCheckInAt: keyResults.lastCheckInAt,
      objectiveId: objectives.id,
      objectiveTitle: objectives.title,
      periodName: periods.name,
    })
    .from(keyResults)
    .innerJoin(objectives, eq(objectives.id, keyResults.objectiveId))
    .innerJoin(periods, eq(periods.id, objectives.periodId))
    .where(
      and(
        eq(keyResults.orgId, actor.orgId),
        eq(keyResults.ownerId, actor.userId),
        ne(periods.status, "closed"),
        inArray(objectives.status, ["draft", "approved", "active", "pending_approval"]),
      ),
    )
    .orderBy(asc(periods.startsOn), asc(objectives.title), asc(keyResults.position));
  const weekAgo = now.getTime() - 7 * 86_400_000;
  return rows.map((r) => ({
    ...r,
    progress: krProgress(r),
    due: !r.lastCheckInAt || r.lastCheckInAt.getTime() < weekAgo,
  }));
}

/** KPIs with their last 20 values (sparkline), latest value and band. */
export async function listKpis(db: DbOrTx, actor: Actor) {
  const rows = await db
    .select({
      id: kpis.id,
      name: kpis.name,
      description: kpis.description,
      unit: kpis.unit,
      direction: kpis.direction,
      greenThreshold: kpis.greenThreshold,
      amberThreshold: kpis.amberThreshold,
      departmentId: kpis.departmentId,
      departmentName: departments.name,
      ownerId: kpis.ownerId,
      version: kpis.version,
      values: sql<{ on: string; v: number }[]>`coalesce((
        select json_agg(json_build_object('on', x.observed_on, 'v', x.value) order by x.observed_on, x.created_at)
        from (select observed_on, value, created_at from ${kpiValues} kv where kv.kpi_id = ${qualified(kpis, kpis.id)}
              order by observed_on desc, created_at desc limit 20) x
      ), '[]'::json)`,
    })
    .from(kpis)
    .leftJoin(departments, eq(departments.id, kpis.departmentId))
    .where(eq(kpis.orgId, actor.orgId))
    .orderBy(asc(kpis.name));
  return rows.map((k) => {
    const latest = k.values[k.values.length - 1];
    return { ...k, latest: latest ?? null, band: latest ? kpiBand(latest.v, k) : null };
  });
}

/**
 * Cross-department dependencies: per department, what it owes others and what it waits for; open ones
 * past their date are overdue.
 */
export async function listDependencies(db: DbOrTx, actor: Actor, today = new Date().toISOString().slice(0, 10)) {
  const rows = await db
    .select({
      id: dependencies.id,
      what: dependencies.what,
      neededBy: dependencies.neededBy,
      status: dependencies.status,
      comment: dependencies.comment,
      fromDepartmentId: dependencies.fromDepartmentId,
      toDepartmentId: dependencies.toDepartmentId,
      keyResultId: dependencies.keyResultId,
      keyResultTitle: keyResults.title,
      objectiveId: keyResults.objectiveId,
      version: dependencies.version,
      requestedByName: users.name,
    })
    .from(dependencies)
    .innerJoin(keyResults, eq(keyResults.id, dependencies.keyResultId))
    .leftJoin(users, eq(users.id, dependencies.requestedBy))
    .where(eq(dependencies.orgId, actor.orgId))
    .orderBy(asc(dependencies.neededBy));
  return rows.map((r) => ({
    ...r,
    overdue: (r.status === "requested" || r.status === "accepted") && r.neededBy < today,
  }));
}

/**
 * Department and company roll-ups of a period: the mean progress of its objectives (each the weighted
 * mean of its KRs' progress), per department and for the company — aggregated in SQL, one statement.
 */
export async function periodRollup(db: DbOrTx, actor: Actor, periodId: string) {
  const perObjective = db
    .select({ departmentId: objectives.departmentId, progress: objectiveProgressSql.as("progress") })
    .from(objectives)
    .leftJoin(keyResults, eq(keyResults.objectiveId, objectives.id))
    .where(and(eq(objectives.orgId, actor.orgId), eq(objectives.periodId, periodId), ne(objectives.status, "cancelled")))
    .groupBy(objectives.id)
    .as("per_objective");
  const rows = await db
    .select({
      departmentId: perObjective.departmentId,
      departmentName: departments.name,
      objectives: sql<number>`count(*)::int`,
      sum: sql<number>`sum(${perObjective.progress})::float8`,
    })
    .from(perObjective)
    .leftJoin(departments, eq(departments.id, perObjective.departmentId))
    .groupBy(perObjective.departmentId, departments.name)
    .orderBy(sql`${departments.name} nulls first`);
  const total = rows.reduce((n, r) => n + r.objectives, 0);
  return {
    company: { progress: total ? rows.reduce((s, r) => s + r.sum, 0) / total : 0, objectives: total },
    departments: rows.map((r) => ({
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      objectives: r.objectives,
      progress: r.sum / r.objectives,
    })),
  };
}

/**
 * Per department of a period: how many objectives are draft, pending, approved, and the pending or
 * latest approval request of its OKR set — for the "Submit for approval" bar.
 */
export async function approvalState(db: DbOrTx, actor: Actor, periodId: string) {
  const counts = await db
    .select({
      departmentId: objectives.departmentId,
      departmentName: departments.name,
      draft: sql<number>`count(*) filter (where ${objectives.status} = 'draft')`.mapWith(Number),
      pending: sql<number>`count(*) filter (where ${objectives.status} = 'pending_approval')`.mapWith(Number),
      approved: sql<number>`count(*) filter (where ${objectives.status} in ('approved', 'active'))`.mapWith(Number),
    })
    .from(objectives)
    .innerJoin(departments, eq(departments.id, objectives.departmentId))
    .where(and(eq(objectives.orgId, actor.orgId), eq(objectives.periodId, periodId)))
    .groupBy(objectives.departmentId, departments.name)
    .orderBy(asc(departments.name));
  const requests = await db
    .select({ id: approvalRequests.id, subjectId: approvalRequests.subjectId, status: approvalRequests.status, createdAt: approvalRequests.createdAt })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.orgId, actor.orgId), eq(approvalRequests.subjectType, "objective_set"), sql`${approvalRequests.subjectId} like ${periodId + ":%"}`))
    .orderBy(desc(approvalRequests.createdAt));
  return counts.map((c) => {
    const latest = requests.find((r) => r.subjectId === `${periodId}:${c.departmentId}`);
    return { ...c, subjectId: `${periodId}:${c.departmentId}`, latestRequest: latest ?? null };
  });
}

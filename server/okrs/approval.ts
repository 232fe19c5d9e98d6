import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, keyResults, objectives, periods } from "@/db/schema";
import { registerSubject, type StepSpec } from "../approvals/registry";
import { AppError, fieldError, notFound } from "../errors";
import type { Actor } from "../org/actor";
import { approversFor } from "../approvals/approvers";

/**
 * OKR set approval (subject "objective_set", id "<periodId>:<departmentId>"): a department submits its
 * draft objectives for a period; its managers (then an admin, if the org asks for two steps) approve;
 * on approval the objectives become approved and their targets lock.
 */
export const OBJECTIVE_SET = "objective_set";

export function objectiveSetId(periodId: string, departmentId: string) {
  return `${periodId}:${departmentId}`;
}

function parseId(subjectId: string) {
  const [periodId, departmentId] = subjectId.split(":");
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!periodId || !departmentId || !uuid.test(periodId) || !uuid.test(departmentId)) throw fieldError("subjectId", "v.invalidId");
  return { periodId, departmentId };
}

async function load(tx: DbOrTx, actor: Actor, subjectId: string) {
  const { periodId, departmentId } = parseId(subjectId);
  const [period] = await tx.select().from(periods).where(and(eq(periods.id, periodId), eq(periods.orgId, actor.orgId)));
  const [dept] = await tx.select().from(departments).where(and(eq(departments.id, departmentId), eq(departments.orgId, actor.orgId)));
  if (!period || !dept) throw notFound("objectiveSet");
  return { period, dept };
}

async function setObjectives(tx: DbOrTx, orgId: string, ids: string[], from: string[], to: "draft" | "pending_approval" | "approved") {
  if (!ids.length) return;
  await tx
    .update(objectives)
    .set({ status: to, updatedAt: new Date() })
    .where(and(eq(objectives.orgId, orgId), inArray(objectives.id, ids), inArray(objectives.status, from as never[])));
}

const snapshotIds = (snapshot: unknown) => ((snapshot as { objectives?: { id: string }[] }).objectives ?? []).map((o) => o.id);

registerSubject(OBJECTIVE_SET, {
  async assertMayRequest(tx, actor, subjectId) {
    const { dept, period } = await load(tx, actor, subjectId);
    const admin = actor.role === "owner" || actor.role === "admin";
    if (!admin && !actor.departmentIds.includes(dept.id)) throw new AppError("FORBIDDEN", "e.notInDepartment");
    if (period.status === "closed") throw new AppError("BAD_REQUEST", `e.periodClosed|period=${period.name}`);
  },
  async describe(tx, actor, subjectId) {
    const { period, dept } = await load(tx, actor, subjectId);
    const objs = await tx
      .select()
      .from(objectives)
      .where(and(eq(objectives.orgId, actor.orgId), eq(objectives.periodId, period.id), eq(objectives.departmentId, dept.id), eq(objectives.status, "draft")))
      .orderBy(asc(objectives.title));
    if (!objs.length) throw new AppError("BAD_REQUEST", "e.nothingToApprove");
    const krs = await tx
      .select()
      .from(keyResults)
      .where(inArray(keyResults.objectiveId, objs.map((o) => o.id)))
      .orderBy(asc(keyResults.position));
    return {
      title: `${dept.name} · ${period.name}`,
      departmentId: dept.id,
      link: `/${actor.orgSlug}/okrs?period=${period.id}&dept=${dept.id}`,
      snapshot: {
        kind: OBJECTIVE_SET,
        period: { id: period.id, name: period.name },
        department: { id: dept.id, name: dept.name },
        objectives: objs.map((o) => ({
          id: o.id,
          title: o.title,
          level: o.level,
          commitment: o.commitment,
          keyResults: krs
            .filter((k) => k.objectiveId === o.id)
            .map((k) => ({
              id: k.id,
              title: k.title,
              type: k.type,
              unit: k.unit,
              direction: k.direction,
              startValue: k.startValue,
              targetValue: k.targetValue,
              bandMin: k.bandMin,
              bandMax: k.bandMax,
              weight: k.weight,
            })),
        })),
      },
    };
  },
  async steps(tx, actor, subject, settings) {
    const deptId = subject.departmentId!;
    // A manager cannot approve their own submission: without another manager it goes to the admins.
    const managers = (await approversFor(tx, actor.orgId, { kind: "department_managers", departmentId: deptId })).filter(
      (m) => m !== actor.userId,
    );
    const specs: StepSpec[] = [
      managers.length
        ? { rule: { kind: "department_managers", departmentId: deptId } }
        : { rule: { kind: "role", roles: ["admin", "owner"] } },
    ];
    if (settings.okrTwoStep && managers.length) specs.push({ rule: { kind: "role", roles: ["admin", "owner"] } });
    return specs;
  },
  async onRequested(tx, actor, request) {
    await setObjectives(tx, actor.orgId, snapshotIds(request.snapshot), ["draft"], "pending_approval");
  },
  async onApproved(tx, actor, request) {
    await setObjectives(tx, actor.orgId, snapshotIds(request.snapshot), ["pending_approval"], "approved");
  },
  async onRejected(tx, actor, request) {
    await setObjectives(tx, actor.orgId, snapshotIds(request.snapshot), ["pending_approval"], "draft");
  },
  async onCancelled(tx, actor, request) {
    await setObjectives(tx, actor.orgId, snapshotIds(request.snapshot), ["pending_approval"], "draft");
  },
});

/** The current state of a snapshot's objectives, to show what changed since the request. */
export async function currentObjectiveSet(tx: DbOrTx, actor: Actor, snapshot: unknown) {
  const ids = snapshotIds(snapshot);
  if (!ids.length) return [];
  const objs = await tx.select().from(objectives).where(and(eq(objectives.orgId, actor.orgId), inArray(objectives.id, ids)));
  const krs = await tx.select().from(keyResults).where(inArray(keyResults.objectiveId, ids));
  return objs.map((o) => ({
    id: o.id,
    title: o.title,
    status: o.status,
    keyResults: krs
      .filter((k) => k.objectiveId === o.id)
      .map((k) => ({ id: k.id, title: k.title, startValue: k.startValue, targetValue: k.targetValue, bandMin: k.bandMin, bandMax: k.bandMax, weight: k.weight })),
  }));
}

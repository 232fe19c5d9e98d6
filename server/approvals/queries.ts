import { and, asc, desc, eq, gte, inArray, isNull, or, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { approvalComments, approvalDecisions, approvalDelegations, approvalRequests, approvalSteps, departments, users } from "@/db/schema";
import { rowsOf } from "@/db/sql";
import { notFound } from "../errors";
import type { Actor } from "../org/actor";
import { approversFor } from "./approvers";
import { capacityFor, loadSettings } from "./engine";
import { currentObjectiveSet } from "../okrs/approval";
import type { ZInboxInput } from "./schema";

/**
 * Ids of pending requests whose current step the actor may decide: named in the rule (department
 * managers, a role, named users) or delegate of someone who is. Requesters never see their own here.
 * One statement: the approver rules are matched in SQL against the actor and the people who
 * delegated to them today. `waitingForMeIds` is that query as SQL, for reads that embed it
 * (the dashboard's "my work"); its values may be placeholders of a prepared statement.
 */
export function waitingForMeIds(p: { orgId: string | Placeholder; userId: string | Placeholder; today: string | Placeholder; mayOverride: boolean | Placeholder }): SQL {
  return sql`
    with people as (
      select ${p.userId}::uuid as uid
      union
      select dl.delegator_id from approval_delegations dl
       where dl.org_id = ${p.orgId} and dl.delegate_id = ${p.userId} and dl.revoked_at is null
         and dl.starts_on <= ${p.today} and dl.ends_on >= ${p.today}
    )
    select r.id from approval_requests r
      join approval_steps s on s.request_id = r.id and s.position = r.current_step
     where r.org_id = ${p.orgId} and r.status = 'pending'
       and r.requester_id is distinct from ${p.userId}
       and not exists (select 1 from approval_decisions d where d.step_id = s.id and d.decider_id = ${p.userId})
       and (
         (${p.mayOverride}::boolean and exists (select 1 from approval_settings st where st.org_id = r.org_id and st.admins_may_override))
         or exists (
           select 1 from people p
             join memberships m on m.org_id = r.org_id and m.user_id = p.uid
            where p.uid is distinct from r.requester_id
              and (
                (s.rule->>'kind' = 'department_managers' and exists (
                  select 1 from department_members dm
                   where dm.org_id = r.org_id and dm.department_id::text = s.rule->>'departmentId' and dm.is_manager and dm.user_id = p.uid))
                or (s.rule->>'kind' = 'role' and (s.rule->'roles') ? m.role::text)
                or (s.rule->>'kind' = 'users' and (s.rule->'userIds') ? p.uid::text)
              )
         )
       )`;
}

async function waitingForMe(db: DbOrTx, actor: Actor, today: string): Promise<string[]> {
  const mayOverride = actor.role === "admin" || actor.role === "owner";
  const rows = await db.execute(waitingForMeIds({ orgId: actor.orgId, userId: actor.userId, today, mayOverride }));
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}

/**
 * The requests an actor may list ("all" box): admins and owners everything, managers their managed
 * departments' and their own, everyone else only their own. The dashboard counts the same set.
 */
export function visibleRequests(actor: Actor) {
  if (actor.role === "owner" || actor.role === "admin") return undefined;
  if (actor.role === "manager" && actor.managedDepartmentIds.length) {
    return or(inArray(approvalRequests.departmentId, actor.managedDepartmentIds), eq(approvalRequests.requesterId, actor.userId));
  }
  return eq(approvalRequests.requesterId, actor.userId);
}

export async function inbox(db: DbOrTx, actor: Actor, input: z.infer<typeof ZInboxInput>, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  let scope;
  if (input.box === "waiting") {
    const ids = await waitingForMe(db, actor, today);
    if (!ids.length) return { items: [], nextCursor: null };
    scope = inArray(approvalRequests.id, ids);
  } else if (input.box === "mine") {
    scope = eq(approvalRequests.requesterId, actor.userId);
  } else {
    scope = visibleRequests(actor);
  }
  // Keyset pages on (created_at, id): the cursor is the last row's id, compared in SQL at full
  // (microsecond) precision, so rows created at the same instant are never skipped.
  const after = input.cursor
    ? sql`(${approvalRequests.createdAt}, ${approvalRequests.id}) < (select c.created_at, c.id from approval_requests c where c.id = ${input.cursor} and c.org_id = ${actor.orgId})`
    : undefined;
  const rows = await db
    .select({
      id: approvalRequests.id,
      subjectType: approvalRequests.subjectType,
      title: approvalRequests.title,
      status: approvalRequests.status,
      currentStep: approvalRequests.currentStep,
      dueAt: approvalRequests.dueAt,
      escalatedAt: approvalRequests.escalatedAt,
      createdAt: approvalRequests.createdAt,
      decidedAt: approvalRequests.decidedAt,
      requesterName: users.name,
      departmentName: departments.name,
      stepCount: sql<number>`(select count(*) from ${approvalSteps} s where s.request_id = ${approvalRequests.id})`.mapWith(Number),
    })
    .from(approvalRequests)
    .leftJoin(users, eq(users.id, approvalRequests.requesterId))
    .leftJoin(departments, eq(departments.id, approvalRequests.departmentId))
    .where(
      and(
        eq(approvalRequests.orgId, actor.orgId),
        scope,
        input.status ? eq(approvalRequests.status, input.status) : undefined,
        input.subjectType ? eq(approvalRequests.subjectType, input.subjectType) : undefined,
        input.departmentId ? eq(approvalRequests.departmentId, input.departmentId) : undefined,
        after,
      ),
    )
    .orderBy(desc(approvalRequests.createdAt), desc(approvalRequests.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit).map((r) => ({ ...r, overdue: r.status === "pending" && r.dueAt.getTime() < now.getTime() }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > input.limit && last ? last.id : null };
}

/** Count for the sidebar badge. */
export async function waitingCount(db: DbOrTx, actor: Actor, now = new Date()) {
  return { waiting: (await waitingForMe(db, actor, now.toISOString().slice(0, 10))).length };
}

export async function getRequest(db: DbOrTx, actor: Actor, requestId: string, now = new Date()) {
  const [request] = await db
    .select({
      r: approvalRequests,
      requesterName: users.name,
      departmentName: departments.name,
    })
    .from(approvalRequests)
    .leftJoin(users, eq(users.id, approvalRequests.requesterId))
    .leftJoin(departments, eq(departments.id, approvalRequests.departmentId))
    .where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.orgId, actor.orgId)))
    .limit(1);
  if (!request) throw notFound("approval");
  const r = request.r;
  const [stepRows, decisions, comments] = await Promise.all([
    db.select().from(approvalSteps).where(eq(approvalSteps.requestId, r.id)).orderBy(asc(approvalSteps.position)),
    db
      .select({
        id: approvalDecisions.id,
        stepId: approvalDecisions.stepId,
        decision: approvalDecisions.decision,
        comment: approvalDecisions.comment,
        createdAt: approvalDecisions.createdAt,
        deciderName: users.name,
        onBehalfOfId: approvalDecisions.onBehalfOfId,
      })
      .from(approvalDecisions)
      .leftJoin(users, eq(users.id, approvalDecisions.deciderId))
      .where(eq(approvalDecisions.requestId, r.id))
      .orderBy(asc(approvalDecisions.createdAt)),
    db
      .select({ id: approvalComments.id, body: approvalComments.body, createdAt: approvalComments.createdAt, authorName: users.name })
      .from(approvalComments)
      .leftJoin(users, eq(users.id, approvalComments.authorId))
      .where(eq(approvalComments.requestId, r.id))
      .orderBy(asc(approvalComments.createdAt)),
  ]);
  const behalfIds = decisions.map((d) => d.onBehalfOfId).filter((x): x is string => !!x);
  const behalfNames = behalfIds.length
    ? new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, behalfIds))).map((u) => [u.id, u.name]))
    : new Map<string, string>();
  const steps = await Promise.all(
    stepRows.map(async (s) => {
      const ids = await approversFor(db, actor.orgId, s.rule);
      const names = ids.length ? await db.select({ name: users.name }).from(users).where(inArray(users.id, ids)) : [];
      return { ...s, approverNames: names.map((n) => n.name).sort() };
    }),
  );
  let capacity = null;
  if (r.status === "pending") {
    const cur = stepRows.find((s) => s.position === r.currentStep);
    if (cur) capacity = await capacityFor(db, actor, r, cur, await loadSettings(db, actor.orgId), now.toISOString().slice(0, 10));
  }
  const current = r.subjectType === "objective_set" ? await currentObjectiveSet(db, actor, r.snapshot) : null;
  return {
    ...r,
    requesterName: request.requesterName,
    departmentName: request.departmentName,
    overdue: r.status === "pending" && r.dueAt.getTime() < now.getTime(),
    steps,
    decisions: decisions.map((d) => ({ ...d, onBehalfOfName: d.onBehalfOfId ? (behalfNames.get(d.onBehalfOfId) ?? null) : null })),
    comments,
    current,
    me: {
      canDecide: !!capacity,
      capacity: capacity?.kind ?? null,
      canCancel: r.status === "pending" && (r.requesterId === actor.userId || actor.role === "admin" || actor.role === "owner"),
      isRequester: r.requesterId === actor.userId,
    },
  };
}

export async function listDelegations(db: DbOrTx, actor: Actor) {
  const today = new Date().toISOString().slice(0, 10);
  const rows = await db
    .select()
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.orgId, actor.orgId),
        or(eq(approvalDelegations.delegatorId, actor.userId), eq(approvalDelegations.delegateId, actor.userId)),
        isNull(approvalDelegations.revokedAt),
        gte(approvalDelegations.endsOn, today),
      ),
    )
    .orderBy(asc(approvalDelegations.startsOn));
  const ids = [...new Set(rows.flatMap((r) => [r.delegatorId, r.delegateId]))];
  const names = ids.length ? new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name])) : new Map();
  return rows.map((r) => ({ ...r, delegatorName: names.get(r.delegatorId) ?? "", delegateName: names.get(r.delegateId) ?? "", mine: r.delegatorId === actor.userId }));
}

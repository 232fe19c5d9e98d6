import { and, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Database, DbOrTx } from "@/db/client";
import {
  approvalComments,
  approvalDecisions,
  approvalDelegations,
  approvalRequests,
  approvalSettings,
  approvalSteps,
  organizations,
  users,
  type ApproverRule,
} from "@/db/schema";
import { withBatchedWrites } from "../audit/batch";
import { recordAudit } from "../audit/record";
import { AppError, fieldError, notFound } from "../errors";
import { notify } from "../notifications/service";
import { assertOrgMembers } from "../okrs/refs";
import type { Actor } from "../org/actor";
import { handlerFor, type ApprovalRequestRow, type ApprovalSettingsRow } from "./registry";
import { approversFor, isApproverSql } from "./approvers";
import "./subjects";

export { approversFor };

export async function loadSettings(tx: DbOrTx, orgId: string): Promise<ApprovalSettingsRow> {
  const [row] = await tx.select().from(approvalSettings).where(eq(approvalSettings.orgId, orgId)).limit(1);
  return row ?? defaultSettings(orgId);
}

/** An organisation's approval settings until it saves its own. */
function defaultSettings(orgId: string): ApprovalSettingsRow {
  const now = new Date();
  return { orgId, slaDays: 3, okrTwoStep: false, adminsMayOverride: false, createdAt: now, updatedAt: now, version: 0 };
}

/** `days` working days (Mon–Fri) after `from`. */
export function addWorkingDays(from: Date, days: number): Date {
  const d = new Date(from);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

/** Approvers who have delegated to `delegateId` today. */
async function delegatorsOf(tx: DbOrTx, orgId: string, delegateId: string, today: string): Promise<string[]> {
  const rows = await tx
    .select({ delegatorId: approvalDelegations.delegatorId })
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.orgId, orgId),
        eq(approvalDelegations.delegateId, delegateId),
        isNull(approvalDelegations.revokedAt),
        lte(approvalDelegations.startsOn, today),
        gte(approvalDelegations.endsOn, today),
      ),
    );
  return rows.map((r) => r.delegatorId);
}

/** The approvers of a step plus, for those away, their delegates. */
async function approversWithDelegates(tx: DbOrTx, orgId: string, rule: ApproverRule, today: string) {
  const approvers = await approversFor(tx, orgId, rule);
  if (!approvers.length) return { approvers, delegates: [] as string[] };
  const rows = await tx
    .select({ delegateId: approvalDelegations.delegateId })
    .from(approvalDelegations)
    .where(
      and(
        eq(approvalDelegations.orgId, orgId),
        inArray(approvalDelegations.delegatorId, approvers),
        isNull(approvalDelegations.revokedAt),
        lte(approvalDelegations.startsOn, today),
        gte(approvalDelegations.endsOn, today),
      ),
    );
  return { approvers, delegates: rows.map((r) => r.delegateId) };
}

/**
 * Loads the request and locks its row for the rest of the transaction. Every path that changes a
 * request (decide, withdraw, escalate) takes this lock first, so concurrent changes queue up in one
 * order — no lost "all of" approvals, no deadlocks — and each sees the committed outcome of the last.
 */
async function loadRequest(tx: DbOrTx, actor: Actor, requestId: string) {
  const [row] = await tx
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.orgId, actor.orgId)))
    .limit(1)
    .for("update");
  if (!row) throw notFound("approval");
  return row;
}

type StepBrief = { id: string; position: number; rule: ApproverRule; mode: "any" | "all"; status: string };

/**
 * What a decision needs, in one statement: the request (locked, as loadRequest does), its steps in
 * order, the organisation's approval settings, and whether the actor already decided the current
 * step or is one of its approvers (by index lookups on the actor, not a list of every approver).
 */
async function loadForDecision(tx: DbOrTx, actor: Actor, requestId: string) {
  const current = sql`(select s.id from ${approvalSteps} s where s.request_id = ${approvalRequests.id} and s.position = ${approvalRequests.currentStep})`;
  const [row] = await tx
    .select({
      request: approvalRequests,
      settings: approvalSettings,
      steps: sql<StepBrief[]>`(select coalesce(json_agg(json_build_object('id', s.id, 'position', s.position, 'rule', s.rule, 'mode', s.mode, 'status', s.status)
        order by s.position), '[]'::json) from ${approvalSteps} s where s.request_id = ${approvalRequests.id})`,
      mine: sql<boolean>`exists (select 1 from ${approvalDecisions} d where d.step_id = ${current} and d.decider_id = ${actor.userId})`,
      isApprover: sql<boolean>`coalesce((select ${isApproverSql(sql`s.rule`, sql`${approvalRequests.orgId}`, actor.userId)} from ${approvalSteps} s
        where s.request_id = ${approvalRequests.id} and s.position = ${approvalRequests.currentStep}), false)`,
    })
    .from(approvalRequests)
    .leftJoin(approvalSettings, eq(approvalSettings.orgId, approvalRequests.orgId))
    .where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.orgId, actor.orgId)))
    .limit(1)
    .for("update", { of: approvalRequests });
  if (!row) throw notFound("approval");
  return { ...row, settings: row.settings ?? defaultSettings(actor.orgId) };
}

const link = (actor: { orgSlug: string }, requestId: string) => `/${actor.orgSlug}/approvals/${requestId}`;

/** Opens an approval request for a registered subject. */
export async function requestApproval(
  db: Database,
  actor: Actor,
  input: { subjectType: string; subjectId: string; comment?: string; params?: unknown },
  now = new Date(),
) {
  const handler = handlerFor(input.subjectType);
  if (!handler) throw fieldError("subjectType", "e.unknownSubjectType");
  return db.transaction(async (tx) => {
    await handler.assertMayRequest(tx, actor, input.subjectId, input.params);
    const subject = await handler.describe(tx, actor, input.subjectId, input.params);
    const settings = await loadSettings(tx, actor.orgId);
    const specs = await handler.steps(tx, actor, subject, settings);
    if (!specs.length) throw new AppError("BAD_REQUEST", "e.noApprovalSteps");
    const [request] = await tx
      .insert(approvalRequests)
      .values({
        orgId: actor.orgId,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        requesterId: actor.userId,
        departmentId: subject.departmentId,
        title: subject.title,
        snapshot: subject.snapshot,
        dueAt: addWorkingDays(now, settings.slaDays),
      })
      .onConflictDoNothing()
      .returning();
    if (!request) throw new AppError("CONFLICT", "e.approvalAlreadyPending");
    await tx.insert(approvalSteps).values(
      specs.map((s, i) => ({
        orgId: actor.orgId,
        requestId: request.id,
        position: i,
        rule: s.rule,
        mode: s.mode ?? "any",
        status: i === 0 ? ("pending" as const) : ("waiting" as const),
      })),
    );
    if (input.comment) {
      await tx.insert(approvalComments).values({ orgId: actor.orgId, requestId: request.id, authorId: actor.userId, body: input.comment });
    }
    await handler.onRequested?.(tx, actor, request);
    const today = now.toISOString().slice(0, 10);
    const first = await approversWithDelegates(tx, actor.orgId, specs[0]!.rule, today);
    await notify(
      tx,
      actor.orgId,
      [...first.approvers, ...first.delegates].filter((u) => u !== actor.userId),
      { kind: "approvalRequested", params: { title: request.title }, link: link(actor, request.id) },
    );
    await recordAudit(tx, actor, {
      entityType: "approval",
      entityId: request.id,
      action: "request",
      after: { subjectType: request.subjectType, subjectId: request.subjectId, title: request.title, steps: specs },
    });
    return request;
  });
}

export type Capacity = { kind: "approver" } | { kind: "delegate"; onBehalfOf: string } | { kind: "override" };

/** In what capacity (if any) the actor may decide this step. Requesters never decide their own requests. */
export async function capacityFor(
  tx: DbOrTx,
  actor: Actor,
  request: ApprovalRequestRow,
  step: { id: string; rule: ApproverRule },
  settings: ApprovalSettingsRow,
  today: string,
  /** Already known for this step (read with the request): the actor decided it / is one of its approvers. */
  known?: { mine: boolean; isApprover: boolean },
): Promise<Capacity | null> {
  if (request.requesterId === actor.userId) return null;
  const mine =
    known?.mine ??
    (
      await tx
        .select({ id: approvalDecisions.id })
        .from(approvalDecisions)
        .where(and(eq(approvalDecisions.stepId, step.id), eq(approvalDecisions.deciderId, actor.userId)))
        .limit(1)
    ).length > 0;
  if (mine) return null;
  if (known?.isApprover) return { kind: "approver" };
  const rule = step.rule;
  const approvers = await approversFor(tx, actor.orgId, rule);
  if (approvers.includes(actor.userId)) return { kind: "approver" };
  const delegators = (await delegatorsOf(tx, actor.orgId, actor.userId, today)).filter(
    (d) => approvers.includes(d) && d !== request.requesterId,
  );
  if (delegators.length) return { kind: "delegate", onBehalfOf: delegators[0]! };
  if (settings.adminsMayOverride && (actor.role === "admin" || actor.role === "owner")) return { kind: "override" };
  return null;
}

async function whoDecided(tx: DbOrTx, requestId: string): Promise<string> {
  const [row] = await tx
    .select({ name: users.name })
    .from(approvalDecisions)
    .leftJoin(users, eq(users.id, approvalDecisions.deciderId))
    .where(eq(approvalDecisions.requestId, requestId))
    .orderBy(desc(approvalDecisions.createdAt))
    .limit(1);
  return row?.name ?? "?";
}

async function alreadyDecided(tx: DbOrTx, requestId: string, status?: string): Promise<never> {
  if (status === "cancelled") throw new AppError("CONFLICT", "e.approvalWithdrawn");
  if (status === "expired") throw new AppError("CONFLICT", "e.approvalExpired");
  const by = await whoDecided(tx, requestId);
  throw new AppError("CONFLICT", `e.approvalAlreadyDecided|by=${by.replace(/\|/g, "/")}`, { decidedBy: by });
}

/**
 * Decides the current step. Every state change is a conditional update (`WHERE status = 'pending'
 * AND current_step = N`) in one transaction, so a double click, two approvers at once or a retried
 * request give exactly one decision; the loser gets "already decided by X". When the last step
 * approves, the subject's handler applies the change in the same transaction.
 */
export async function decide(
  db: Database,
  actor: Actor,
  input: { requestId: string; decision: "approve" | "reject" | "request_changes"; comment: string; step?: number },
  now = new Date(),
) {
  if (input.decision !== "approve" && !input.comment.trim()) throw fieldError("comment", "e.commentRequired");
  // Audit rows and notifications of the decision and of the subject's handler are written together
  // at the end of the transaction (withBatchedWrites), in multi-row statements.
  return db.transaction((tx) => withBatchedWrites(tx, async () => {
    const { request, steps: all, settings, mine, isApprover } = await loadForDecision(tx, actor, input.requestId);
    if (request.status !== "pending") await alreadyDecided(tx, request.id, request.status);
    if (input.step !== undefined && input.step !== request.currentStep) await alreadyDecided(tx, request.id);
    const handler = handlerFor(request.subjectType);
    if (!handler) throw new AppError("BAD_REQUEST", "e.unknownSubjectType");
    const step = all.find((s) => s.position === request.currentStep)!;
    const today = now.toISOString().slice(0, 10);
    if (request.requesterId === actor.userId) throw new AppError("FORBIDDEN", "e.ownRequest");
    const capacity = await capacityFor(tx, actor, request, step, settings, today, { mine, isApprover });
    if (!capacity) {
      if (mine) throw new AppError("CONFLICT", "e.approvalYouDecided");
      // An approver of an earlier step who lost the race to decide it (and sent no `step`) is told who
      // decided, not that they may not decide: they could, a moment ago.
      for (const earlier of all.filter((s) => s.position < request.currentStep)) {
        if (await capacityFor(tx, actor, request, earlier, settings, today)) await alreadyDecided(tx, request.id);
      }
      throw new AppError("FORBIDDEN", "e.notAnApprover");
    }

    const stepOutcome =
      input.decision === "approve" ? "approved" : input.decision === "reject" ? "rejected" : "changes_requested";
    const last = step.position === all.length - 1;
    const status: ApprovalRequestRow["status"] = input.decision === "approve" ? "approved" : stepOutcome;
    const decisionRow = () =>
      tx
        .insert(approvalDecisions)
        .values({
          orgId: actor.orgId,
          requestId: request.id,
          stepId: step.id,
          deciderId: actor.userId,
          onBehalfOfId: capacity.kind === "delegate" ? capacity.onBehalfOf : null,
          decision: input.decision,
          comment: input.comment.trim(),
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: approvalDecisions.id });
    const closeStep = (guard?: SQL) =>
      tx
        .update(approvalSteps)
        .set({ status: stepOutcome, decidedAt: now })
        .where(and(eq(approvalSteps.id, step.id), eq(approvalSteps.status, "pending"), guard))
        .returning({ id: approvalSteps.id });
    const advance = input.decision === "approve" && !last;
    const requestChange: PgUpdateSetSource<typeof approvalRequests> = advance
      ? { currentStep: request.currentStep + 1, updatedAt: now, version: sql`${approvalRequests.version} + 1` }
      : { status, decidedAt: now, updatedAt: now, version: sql`${approvalRequests.version} + 1` };
    const stillHere = and(eq(approvalRequests.id, request.id), eq(approvalRequests.status, "pending"), eq(approvalRequests.currentStep, request.currentStep));

    let stepDone = true;
    let after: ApprovalRequestRow | undefined;
    if (input.decision === "approve" && step.mode === "all" && capacity.kind !== "override") {
      // "All of": whether this approval closes the step depends on the approvals so far.
      if (!(await decisionRow()).length) await alreadyDecided(tx, request.id);
      const approvers = await approversFor(tx, actor.orgId, step.rule);
      const approved = await tx
        .select({ deciderId: approvalDecisions.deciderId, onBehalfOfId: approvalDecisions.onBehalfOfId })
        .from(approvalDecisions)
        .where(and(eq(approvalDecisions.stepId, step.id), eq(approvalDecisions.decision, "approve")));
      const covered = new Set(approved.map((d) => d.onBehalfOfId ?? d.deciderId));
      stepDone = approvers.every((a) => covered.has(a) || a === request.requesterId);
      if (stepDone) {
        const [closedStep] = await closeStep();
        if (!closedStep) await alreadyDecided(tx, request.id);
        [after] = await tx.update(approvalRequests).set(requestChange).where(stillHere).returning();
        if (!after) await alreadyDecided(tx, request.id);
      }
    } else {
      // The decision closes the step: the decision row, the step and the request change in one
      // statement, each part only when the one before it happened (a lost race changes nothing).
      const decided = tx.$with("decided").as(decisionRow());
      const closed = tx.$with("closed_step").as(closeStep(sql`exists (select 1 from ${decided})`));
      [after] = await tx
        .with(decided, closed)
        .update(approvalRequests)
        .set(requestChange)
        .where(and(stillHere, sql`exists (select 1 from ${closed})`))
        .returning();
      if (!after) await alreadyDecided(tx, request.id);
    }

    if (stepDone && advance) {
      const next = all[step.position + 1]!;
      await tx.update(approvalSteps).set({ status: "pending" }).where(eq(approvalSteps.id, next.id));
      const nextPeople = await approversWithDelegates(tx, actor.orgId, next.rule, today);
      await notify(tx, actor.orgId, [...nextPeople.approvers, ...nextPeople.delegates].filter((u) => u !== request.requesterId), {
        kind: "approvalRequested",
        params: { title: request.title },
        link: link(actor, request.id),
      });
    } else if (stepDone) {
      if (status === "approved") await handler.onApproved(tx, actor, after!);
      else await handler.onRejected(tx, actor, after!, input.decision as "reject" | "request_changes");
      if (request.requesterId) {
        await notify(tx, actor.orgId, [request.requesterId], {
          kind: `approval_${status}`,
          params: { title: request.title, by: actor.userId },
          link: link(actor, request.id),
        });
      }
    }
    await recordAudit(tx, actor, {
      entityType: "approval",
      entityId: request.id,
      action: input.decision,
      before: { status: request.status, step: request.currentStep },
      after: {
        status: after?.status ?? request.status,
        step: after?.currentStep ?? request.currentStep,
        comment: input.comment,
        capacity: capacity.kind,
        onBehalfOf: capacity.kind === "delegate" ? capacity.onBehalfOf : undefined,
      },
    });
    return after ?? request;
  }));
}

/** The requester withdraws a pending request; the subject returns to its editable state. */
export async function cancelRequest(db: Database, actor: Actor, requestId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const request = await loadRequest(tx, actor, requestId);
    if (request.requesterId !== actor.userId && actor.role !== "admin" && actor.role !== "owner") {
      throw new AppError("FORBIDDEN", "e.onlyRequesterCancels");
    }
    const [after] = await tx
      .update(approvalRequests)
      .set({ status: "cancelled", decidedAt: now, updatedAt: now, version: sql`${approvalRequests.version} + 1` })
      .where(and(eq(approvalRequests.id, request.id), eq(approvalRequests.status, "pending")))
      .returning();
    if (!after) await alreadyDecided(tx, request.id, request.status);
    await tx.update(approvalSteps).set({ status: "cancelled" }).where(and(eq(approvalSteps.requestId, request.id), inArray(approvalSteps.status, ["pending", "waiting"])));
    await handlerFor(request.subjectType)?.onCancelled?.(tx, actor, after!);
    await recordAudit(tx, actor, { entityType: "approval", entityId: request.id, action: "cancel", before: { status: request.status }, after: { status: "cancelled" } });
    return after!;
  });
}

/**
 * A comment on a request. The requester hears of it; the members it @mentions are notified as
 * mentioned (checked like every comment's mentions: members of this organisation only), once each.
 */
export async function addComment(db: Database, actor: Actor, input: { requestId: string; body: string; mentionIds?: string[] }) {
  return db.transaction(async (tx) => {
    const request = await loadRequest(tx, actor, input.requestId);
    const mentionIds = [...new Set(input.mentionIds ?? [])];
    await assertOrgMembers(tx, actor, mentionIds, "mentionIds");
    const [row] = await tx
      .insert(approvalComments)
      .values({ orgId: actor.orgId, requestId: request.id, authorId: actor.userId, body: input.body })
      .returning();
    const mentioned = mentionIds.filter((u) => u !== actor.userId);
    const others = new Set<string>();
    if (request.requesterId && request.requesterId !== actor.userId && !mentioned.includes(request.requesterId)) others.add(request.requesterId);
    await notify(tx, actor.orgId, others, { kind: "approvalComment", params: { title: request.title }, link: link(actor, request.id) });
    await notify(tx, actor.orgId, mentioned, { kind: "mention", params: { title: request.title }, link: link(actor, request.id) });
    await recordAudit(tx, actor, { entityType: "approval", entityId: request.id, action: "comment", after: { body: input.body, mentionIds } });
    return row!;
  });
}

/**
 * Scheduled job: pending requests past their due date escalate once to the next role up
 * (department managers → admins; admins → owners), with a new due date. Idempotent: the claim is a
 * conditional update on `escalated_at IS NULL`, so two runs (or two instances) escalate once.
 */
export async function escalateOverdue(db: Database, now = new Date()) {
  const overdue = await db
    .select({ id: approvalRequests.id, orgId: approvalRequests.orgId })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, "pending"), isNull(approvalRequests.escalatedAt), lte(approvalRequests.dueAt, now)))
    .limit(500);
  let escalated = 0;
  for (const o of overdue) {
    const done = await db.transaction(async (tx) => {
      const settings = await loadSettings(tx, o.orgId);
      const [claimed] = await tx
        .update(approvalRequests)
        .set({ escalatedAt: now, dueAt: addWorkingDays(now, settings.slaDays), updatedAt: now })
        .where(and(eq(approvalRequests.id, o.id), eq(approvalRequests.status, "pending"), isNull(approvalRequests.escalatedAt)))
        .returning();
      if (!claimed) return false;
      const [step] = await tx
        .select()
        .from(approvalSteps)
        .where(and(eq(approvalSteps.requestId, claimed.id), eq(approvalSteps.position, claimed.currentStep)));
      const upRule: ApproverRule =
        step!.rule.kind === "role" ? { kind: "role", roles: ["owner"] } : { kind: "role", roles: ["admin", "owner"] };
      await tx.update(approvalSteps).set({ rule: upRule, escalated: true }).where(eq(approvalSteps.id, step!.id));
      const today = now.toISOString().slice(0, 10);
      const people = await approversWithDelegates(tx, o.orgId, upRule, today);
      const [org] = await tx.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, o.orgId));
      const l = `/${org?.slug ?? ""}/approvals/${claimed.id}`;
      await notify(tx, o.orgId, [...people.approvers, ...people.delegates].filter((u) => u !== claimed.requesterId), {
        kind: "approvalEscalated",
        params: { title: claimed.title },
        link: l,
      });
      if (claimed.requesterId) await notify(tx, o.orgId, [claimed.requesterId], { kind: "approvalOverdue", params: { title: claimed.title }, link: l });
      await recordAudit(tx, { userId: null, orgId: o.orgId }, {
        entityType: "approval",
        entityId: claimed.id,
        action: "escalate",
        before: { rule: step!.rule },
        after: { rule: upRule },
      });
      return true;
    });
    if (done) escalated++;
  }
  return { escalated };
}

import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Database, DbOrTx } from "@/db/client";
import { retroActions, retroCards, retroGroups, retroParticipants, retros, retroTemplates, retroVotes, type RetroColumn } from "@/db/schema";
import { recordAudit } from "../audit/record";
import { AppError, conflict, fieldError, notFound } from "../errors";
import { createKeyResult } from "../okrs/key-results";
import { createKpi } from "../okrs/kpis";
import { createObjective } from "../okrs/objectives";
import { assertDepartment, assertOrgMember, assertOrgMembers, loadPeriod } from "../okrs/refs";
import { ZCreateKeyResultInput, ZCreateKpiInput, ZCreateObjectiveInput } from "../okrs/schema";
import type { Actor } from "../org/actor";
import { assertScope } from "../rbac/assert";
import { can } from "../rbac/permissions";
import { createRisk } from "../risks/service";
import { ZCreateRiskInput } from "../risks/schema";
import {
  BUILTIN_TEMPLATES,
  RETRO_PHASES,
  type BuiltinTemplate,
  type TCreateRetroInput,
  type ZAddActionInput,
  type ZAddCardInput,
  type ZConvertActionInput,
  type ZGroupCardInput,
  type ZSetPhaseInput,
  type ZTemplateInput,
  type ZTimerInput,
  type ZUpdateActionInput,
  type ZUpdateCardInput,
  type ZUpdateGroupInput,
  type ZUpdateRetroInput,
} from "./schema";

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const unique = <T>(xs: T[]) => [...new Set(xs)];
export type RetroRow = typeof retros.$inferSelect;

export async function loadRetro(tx: DbOrTx, actor: Actor, retroId: string, opts: { lock?: boolean; field?: string } = {}) {
  if (!UUID_RE.test(retroId)) throw opts.field ? fieldError(opts.field, "v.invalidId") : notFound("retro");
  const q = tx
    .select()
    .from(retros)
    .where(and(eq(retros.id, retroId), eq(retros.orgId, actor.orgId)))
    .limit(1);
  const [row] = opts.lock ? await q.for("update") : await q;
  if (!row) throw notFound("retro");
  return row;
}

/** Whom a retro belongs to, for scopes: its (first) department and its facilitator. */
export const retroSubject = (r: { departmentIds: string[]; facilitatorId: string }) => ({ departmentId: r.departmentIds[0] ?? null, ownerId: r.facilitatorId });

export function mayFacilitate(actor: Actor, r: RetroRow) {
  return r.facilitatorId === actor.userId || can(actor, "retro.facilitate", retroSubject(r));
}
function assertFacilitator(actor: Actor, r: RetroRow) {
  if (!mayFacilitate(actor, r)) throw new AppError("FORBIDDEN", "e.retro.facilitatorOnly");
}

export async function isParticipant(tx: DbOrTx, retroId: string, userId: string) {
  const [row] = await tx
    .select({ userId: retroParticipants.userId })
    .from(retroParticipants)
    .where(and(eq(retroParticipants.retroId, retroId), eq(retroParticipants.userId, userId)))
    .limit(1);
  return !!row;
}
async function assertParticipant(tx: DbOrTx, actor: Actor, r: RetroRow) {
  if (!(await isParticipant(tx, r.id, actor.userId))) throw new AppError("FORBIDDEN", "e.retro.notParticipant");
}
function assertOpen(r: RetroRow) {
  if (r.phase === "closed") throw new AppError("BAD_REQUEST", "e.retro.closed");
}
function assertPhase(r: RetroRow, phases: readonly string[], what: string) {
  assertOpen(r);
  if (!phases.includes(r.phase)) throw new AppError("BAD_REQUEST", `e.retro.wrongPhase|action=${what}|phase=${r.phase}`);
}

/** Every change moves the retro's cursor, so the people polling it refetch. */
async function bump(tx: DbOrTx, retroId: string) {
  await tx.update(retros).set({ seq: sql`${retros.seq} + 1`, updatedAt: new Date() }).where(eq(retros.id, retroId));
}

async function columnsOf(tx: DbOrTx, actor: Actor, template: string): Promise<RetroColumn[]> {
  if (template.startsWith("builtin:")) {
    const keys = BUILTIN_TEMPLATES[template.slice(8) as BuiltinTemplate];
    if (!keys) throw fieldError("template", "v.invalidOption");
    return keys.map((key) => ({ key, label: "" }));
  }
  const [t] = await tx
    .select()
    .from(retroTemplates)
    .where(and(eq(retroTemplates.id, template), eq(retroTemplates.orgId, actor.orgId)))
    .limit(1);
  if (!t) throw fieldError("template", "e.retro.unknownTemplate");
  return t.columns;
}


async function setParticipants(tx: DbOrTx, actor: Actor, retroId: string, ids: string[]) {
  const current = await tx.select({ userId: retroParticipants.userId }).from(retroParticipants).where(eq(retroParticipants.retroId, retroId));
  const have = new Set(current.map((c) => c.userId));
  const add = ids.filter((id) => !have.has(id));
  const remove = [...have].filter((id) => !ids.includes(id));
  if (add.length) await tx.insert(retroParticipants).values(add.map((userId) => ({ orgId: actor.orgId, retroId, userId })));
  // Someone who already voted keeps their votes: removing them would rewrite the tally.
  if (remove.length) {
    await tx
      .delete(retroParticipants)
      .where(and(eq(retroParticipants.retroId, retroId), inArray(retroParticipants.userId, remove), eq(retroParticipants.votesUsed, 0)));
  }
}

export async function createRetro(db: Database, actor: Actor, input: TCreateRetroInput) {
  return db.transaction(async (tx) => {
    const departmentIds = unique(input.departmentIds);
    assertScope(actor, "retro.create", retroSubject({ departmentIds, facilitatorId: input.facilitatorId }));
    await assertOrgMember(tx, actor, input.facilitatorId, "facilitatorId");
    for (const d of departmentIds) await assertDepartment(tx, actor, d, "departmentIds");
    if (input.periodId) await loadPeriod(tx, actor, input.periodId, "periodId");
    const participants = unique([input.facilitatorId, ...input.participantIds]);
    await assertOrgMembers(tx, actor, participants, "participantIds");
    const columns = await columnsOf(tx, actor, input.template);
    const [row] = await tx
      .insert(retros)
      .values({
        orgId: actor.orgId,
        title: input.title,
        periodId: input.periodId,
        departmentIds,
        facilitatorId: input.facilitatorId,
        template: input.template,
        columns,
        anonymous: input.anonymous,
        votesPerPerson: input.votesPerPerson,
        hideUntilReveal: input.hideUntilReveal,
      })
      .returning();
    await setParticipants(tx, actor, row!.id, participants);
    await recordAudit(tx, actor, { entityType: "retro", entityId: row!.id, action: "create", after: { ...row, participants } });
    return row!;
  });
}

export async function updateRetro(db: Database, actor: Actor, input: z.infer<typeof ZUpdateRetroInput>) {
  return db.transaction(async (tx) => {
    const before = await loadRetro(tx, actor, input.retroId, { lock: true });
    assertFacilitator(actor, before);
    if (before.version !== input.version) throw conflict("retro");
    assertOpen(before);
    const participants = unique([before.facilitatorId, ...input.participantIds]);
    await assertOrgMembers(tx, actor, participants, "participantIds");
    // Fewer votes per person than someone has already cast would leave them over the limit.
    const [maxUsed] = await tx.select({ n: sql<number>`coalesce(max(${retroParticipants.votesUsed}), 0)::int` }).from(retroParticipants).where(eq(retroParticipants.retroId, before.id));
    if ((maxUsed?.n ?? 0) > input.votesPerPerson) throw fieldError("votesPerPerson", `e.retro.votesAlreadyCast|n=${maxUsed!.n}`);
    // Anonymity is promised when cards are written: it cannot be switched off once there are cards.
    if (before.anonymous && !input.anonymous) {
      const [card] = await tx.select({ id: retroCards.id }).from(retroCards).where(eq(retroCards.retroId, before.id)).limit(1);
      if (card) throw fieldError("anonymous", "e.retro.anonymityPromised");
    }
    const [after] = await tx
      .update(retros)
      .set({
        title: input.title,
        anonymous: input.anonymous,
        votesPerPerson: input.votesPerPerson,
        hideUntilReveal: input.hideUntilReveal,
        seq: sql`${retros.seq} + 1`,
        updatedAt: new Date(),
        version: before.version + 1,
      })
      .where(eq(retros.id, before.id))
      .returning();
    await setParticipants(tx, actor, before.id, participants);
    await recordAudit(tx, actor, { entityType: "retro", entityId: before.id, action: "update", before, after: { ...after, participants } });
    return after!;
  });
}

export async function deleteRetro(db: Database, actor: Actor, retroId: string) {
  return db.transaction(async (tx) => {
    const before = await loadRetro(tx, actor, retroId, { lock: true });
    assertScope(actor, "retro.delete", retroSubject(before));
    await tx.delete(retros).where(and(eq(retros.id, before.id), eq(retros.orgId, actor.orgId)));
    await recordAudit(tx, actor, { entityType: "retro", entityId: before.id, action: "delete", before });
    return { id: before.id };
  });
}

/**
 * The facilitator moves the retro one phase forward (or back, except out of "closed"). Leaving
 * collect reveals the cards; entering vote gives every card that is not in a group a group of its
 * own, so votes always land on groups.
 */
export async function setPhase(db: Database, actor: Actor, input: z.infer<typeof ZSetPhaseInput>) {
  return db.transaction(async (tx) => {
    const before = await loadRetro(tx, actor, input.retroId, { lock: true });
    assertFacilitator(actor, before);
    if (before.version !== input.version) throw conflict("retro");
    assertOpen(before);
    const from = RETRO_PHASES.indexOf(before.phase);
    const to = RETRO_PHASES.indexOf(input.phase);
    if (Math.abs(to - from) !== 1) throw fieldError("phase", `e.retro.phaseStep|from=${before.phase}|to=${input.phase}`);
    if (input.phase === "vote") {
      const loose = await tx
        .select()
        .from(retroCards)
        .where(and(eq(retroCards.retroId, before.id), isNull(retroCards.groupId)))
        .orderBy(asc(retroCards.position), asc(retroCards.createdAt));
      for (const card of loose) {
        const [g] = await tx.insert(retroGroups).values({ orgId: actor.orgId, retroId: before.id, title: "" }).returning();
        await tx.update(retroCards).set({ groupId: g!.id }).where(eq(retroCards.id, card.id));
      }
    }
    const now = new Date();
    const [after] = await tx
      .update(retros)
      .set({
        phase: input.phase,
        revealed: before.revealed || to > RETRO_PHASES.indexOf("collect"),
        closedAt: input.phase === "closed" ? now : null,
        timerEndsAt: null,
        seq: sql`${retros.seq} + 1`,
        updatedAt: now,
        version: before.version + 1,
      })
      .where(eq(retros.id, before.id))
      .returning();
    await recordAudit(tx, actor, { entityType: "retro", entityId: before.id, action: `phase_${input.phase}`, before: { phase: before.phase }, after: { phase: input.phase } });
    return after!;
  });
}

export async function reveal(db: Database, actor: Actor, retroId: string) {
  return db.transaction(async (tx) => {
    const before = await loadRetro(tx, actor, retroId, { lock: true });
    assertFacilitator(actor, before);
    assertOpen(before);
    await tx.update(retros).set({ revealed: true, seq: sql`${retros.seq} + 1`, updatedAt: new Date() }).where(eq(retros.id, before.id));
    await recordAudit(tx, actor, { entityType: "retro", entityId: before.id, action: "reveal" });
    return { id: before.id };
  });
}

export async function setTimer(db: Database, actor: Actor, input: z.infer<typeof ZTimerInput>, now = new Date()) {
  return db.transaction(async (tx) => {
    const before = await loadRetro(tx, actor, input.retroId, { lock: true });
    assertFacilitator(actor, before);
    assertOpen(before);
    const timerEndsAt = input.minutes ? new Date(now.getTime() + input.minutes * 60_000) : null;
    await tx.update(retros).set({ timerEndsAt, seq: sql`${retros.seq} + 1`, updatedAt: now }).where(eq(retros.id, before.id));
    await recordAudit(tx, actor, { entityType: "retro", entityId: before.id, action: "timer", after: { timerEndsAt } });
    return { timerEndsAt };
  });
}

// ───────────── Cards and groups ─────────────

async function loadCard(tx: DbOrTx, actor: Actor, cardId: string) {
  if (!UUID_RE.test(cardId)) throw notFound("retroCard");
  const [row] = await tx
    .select()
    .from(retroCards)
    .where(and(eq(retroCards.id, cardId), eq(retroCards.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("retroCard");
  return row;
}

export async function addCard(db: Database, actor: Actor, input: z.infer<typeof ZAddCardInput>) {
  return db.transaction(async (tx) => {
    const r = await loadRetro(tx, actor, input.retroId, { lock: true });
    await assertParticipant(tx, actor, r);
    assertPhase(r, ["prepare", "collect", "group"], "addCard");
    if (!r.columns.some((c) => c.key === input.columnKey)) throw fieldError("columnKey", "e.retro.unknownColumn");
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${retroCards.position}) + 1, 0)::int` })
      .from(retroCards)
      .where(eq(retroCards.retroId, r.id))) as [{ next: number }];
    const [row] = await tx
      .insert(retroCards)
      .values({ orgId: actor.orgId, retroId: r.id, columnKey: input.columnKey, authorId: actor.userId, body: input.body, position: next })
      .returning();
    await bump(tx, r.id);
    // In an anonymous retro the audit trail (which admins and managers read) keeps neither the writer nor the text.
    await recordAudit(tx, cardAuditor(actor, r), { entityType: "retro", entityId: r.id, action: "card_add", after: { cardId: row!.id, columnKey: input.columnKey, ...(r.anonymous ? {} : { body: input.body }) } });
    return { id: row!.id, columnKey: row!.columnKey, body: row!.body, version: row!.version, mine: true };
  });
}

/** Who a card event is recorded as: nobody, in an anonymous retro (the activity log must not name authors). */
const cardAuditor = (actor: Actor, r: RetroRow) => (r.anonymous ? { orgId: actor.orgId, userId: null, requestId: actor.requestId } : actor);

/** Only its author edits or deletes a card (anonymous or not), and not once the retro is closed. */
async function ownCard(tx: DbOrTx, actor: Actor, cardId: string) {
  const card = await loadCard(tx, actor, cardId);
  const r = await loadRetro(tx, actor, card.retroId, { lock: true });
  if (card.authorId !== actor.userId) throw new AppError("FORBIDDEN", "e.retro.notYourCard");
  assertOpen(r);
  return { card, r };
}

export async function updateCard(db: Database, actor: Actor, input: z.infer<typeof ZUpdateCardInput>) {
  return db.transaction(async (tx) => {
    const { card, r } = await ownCard(tx, actor, input.cardId);
    if (card.version !== input.version) throw conflict("retroCard");
    const [after] = await tx
      .update(retroCards)
      .set({ body: input.body, updatedAt: new Date(), version: card.version + 1 })
      .where(and(eq(retroCards.id, card.id), eq(retroCards.version, input.version)))
      .returning();
    if (!after) throw conflict("retroCard");
    await bump(tx, r.id);
    await recordAudit(tx, cardAuditor(actor, r), { entityType: "retro", entityId: r.id, action: "card_update", after: { cardId: card.id } });
    return { id: after.id, body: after.body, version: after.version };
  });
}

export async function deleteCard(db: Database, actor: Actor, cardId: string) {
  return db.transaction(async (tx) => {
    const { card, r } = await ownCard(tx, actor, cardId);
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(retroCards).where(eq(retroCards.id, card.id)).returning({ id: retroCards.id })).length) throw notFound("retroCard");
    await dropEmptyGroups(tx, r.id);
    await bump(tx, r.id);
    await recordAudit(tx, cardAuditor(actor, r), { entityType: "retro", entityId: r.id, action: "card_delete", before: { cardId: card.id } });
    return { id: card.id };
  });
}

/** Groups left without cards disappear (with any votes on them, whose voters get them back). */
async function dropEmptyGroups(tx: DbOrTx, retroId: string) {
  const empty = await tx
    .select({ id: retroGroups.id })
    .from(retroGroups)
    .where(and(eq(retroGroups.retroId, retroId), sql`not exists (select 1 from retro_cards c where c.group_id = ${retroGroups.id})`));
  if (!empty.length) return;
  const ids = empty.map((g) => g.id);
  const votes = await tx
    .select({ userId: retroVotes.userId, n: sql<number>`count(*)::int` })
    .from(retroVotes)
    .where(inArray(retroVotes.groupId, ids))
    .groupBy(retroVotes.userId);
  for (const v of votes) {
    await tx
      .update(retroParticipants)
      .set({ votesUsed: sql`${retroParticipants.votesUsed} - ${v.n}` })
      .where(and(eq(retroParticipants.retroId, retroId), eq(retroParticipants.userId, v.userId)));
  }
  await tx.delete(retroGroups).where(inArray(retroGroups.id, ids));
}

/** Drops a card onto another (joining or forming its group) or takes it out of its group. Group phase only. */
export async function groupCard(db: Database, actor: Actor, input: z.infer<typeof ZGroupCardInput>) {
  return db.transaction(async (tx) => {
    const card = await loadCard(tx, actor, input.cardId);
    const r = await loadRetro(tx, actor, card.retroId, { lock: true });
    await assertParticipant(tx, actor, r);
    assertPhase(r, ["group"], "groupCard");
    let groupId: string | null = null;
    if (input.ontoCardId) {
      const onto = await loadCard(tx, actor, input.ontoCardId).catch(() => {
        throw fieldError("ontoCardId", "e.retro.otherRetro");
      });
      if (onto.retroId !== r.id) throw fieldError("ontoCardId", "e.retro.otherRetro");
      if (onto.id === card.id) throw fieldError("ontoCardId", "e.retro.sameCard");
      groupId = onto.groupId;
      if (!groupId) {
        const [g] = await tx.insert(retroGroups).values({ orgId: actor.orgId, retroId: r.id, title: "" }).returning();
        groupId = g!.id;
        await tx.update(retroCards).set({ groupId }).where(eq(retroCards.id, onto.id));
      }
    }
    await tx.update(retroCards).set({ groupId, updatedAt: new Date(), version: card.version + 1 }).where(eq(retroCards.id, card.id));
    await dropEmptyGroups(tx, r.id);
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "card_group", after: { cardId: card.id, groupId } });
    return { cardId: card.id, groupId };
  });
}

async function loadGroup(tx: DbOrTx, actor: Actor, groupId: string) {
  if (!UUID_RE.test(groupId)) throw notFound("retroGroup");
  const [row] = await tx
    .select()
    .from(retroGroups)
    .where(and(eq(retroGroups.id, groupId), eq(retroGroups.orgId, actor.orgId)))
    .limit(1);
  if (!row) throw notFound("retroGroup");
  return row;
}

export async function updateGroup(db: Database, actor: Actor, input: z.infer<typeof ZUpdateGroupInput>) {
  return db.transaction(async (tx) => {
    const g = await loadGroup(tx, actor, input.groupId);
    const r = await loadRetro(tx, actor, g.retroId, { lock: true });
    await assertParticipant(tx, actor, r);
    assertOpen(r);
    if (g.version !== input.version) throw conflict("retroGroup");
    const [after] = await tx
      .update(retroGroups)
      .set({ title: input.title, notes: input.notes, updatedAt: new Date(), version: g.version + 1 })
      .where(and(eq(retroGroups.id, g.id), eq(retroGroups.version, input.version)))
      .returning();
    if (!after) throw conflict("retroGroup");
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "group_update", after: { groupId: g.id, title: input.title } });
    return after;
  });
}

// ───────────── Votes ─────────────

/**
 * A group and its retro, the retro row locked first — the order every change of a retro takes
 * (cards, groups, then participants), so a vote racing a card deletion that drops the voted group
 * waits instead of deadlocking. The group is read again under the lock: it may just have gone.
 */
async function lockGroupRetro(tx: DbOrTx, actor: Actor, groupId: string) {
  const first = await loadGroup(tx, actor, groupId);
  const r = await loadRetro(tx, actor, first.retroId, { lock: true });
  const g = await loadGroup(tx, actor, groupId);
  return { g, r };
}

/**
 * One vote on a group. The limit holds under any number of parallel votes: the count and the limit
 * sit in one row, raised by a single conditional update (never past the limit).
 */
export async function vote(db: Database, actor: Actor, groupId: string) {
  return db.transaction(async (tx) => {
    const { g, r } = await lockGroupRetro(tx, actor, groupId);
    await assertParticipant(tx, actor, r);
    assertPhase(r, ["vote"], "vote");
    const [used] = await tx
      .update(retroParticipants)
      .set({ votesUsed: sql`${retroParticipants.votesUsed} + 1` })
      .where(and(eq(retroParticipants.retroId, r.id), eq(retroParticipants.userId, actor.userId), lt(retroParticipants.votesUsed, r.votesPerPerson)))
      .returning({ votesUsed: retroParticipants.votesUsed });
    if (!used) throw new AppError("BAD_REQUEST", `e.retro.noVotesLeft|n=${r.votesPerPerson}`);
    await tx.insert(retroVotes).values({ orgId: actor.orgId, retroId: r.id, groupId: g.id, userId: actor.userId });
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "vote", after: { groupId: g.id } });
    return { votesUsed: used.votesUsed, votesLeft: r.votesPerPerson - used.votesUsed };
  });
}

export async function unvote(db: Database, actor: Actor, groupId: string) {
  return db.transaction(async (tx) => {
    const { g, r } = await lockGroupRetro(tx, actor, groupId);
    await assertParticipant(tx, actor, r);
    assertPhase(r, ["vote"], "vote");
    const [mine] = await tx
      .select({ id: retroVotes.id })
      .from(retroVotes)
      .where(and(eq(retroVotes.groupId, g.id), eq(retroVotes.userId, actor.userId)))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!mine) throw new AppError("BAD_REQUEST", "e.retro.noVoteHere");
    const gone = await tx.delete(retroVotes).where(eq(retroVotes.id, mine.id)).returning({ id: retroVotes.id });
    if (!gone.length) throw new AppError("BAD_REQUEST", "e.retro.noVoteHere");
    const [used] = await tx
      .update(retroParticipants)
      .set({ votesUsed: sql`${retroParticipants.votesUsed} - 1` })
      .where(and(eq(retroParticipants.retroId, r.id), eq(retroParticipants.userId, actor.userId)))
      .returning({ votesUsed: retroParticipants.votesUsed });
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "unvote", after: { groupId: g.id } });
    return { votesUsed: used!.votesUsed, votesLeft: r.votesPerPerson - used!.votesUsed };
  });
}

// ───────────── Action items ─────────────

async function loadAction(tx: DbOrTx, actor: Actor, actionId: string) {
  if (!UUID_RE.test(actionId)) throw notFound("retroAction");
  const [row] = await tx
    .select()
    .from(retroActions)
    .where(and(eq(retroActions.id, actionId), eq(retroActions.orgId, actor.orgId)))
    .limit(1)
    .for("update");
  if (!row) throw notFound("retroAction");
  return row;
}

export async function addAction(db: Database, actor: Actor, input: z.infer<typeof ZAddActionInput>) {
  return db.transaction(async (tx) => {
    const r = await loadRetro(tx, actor, input.retroId, { lock: true });
    await assertParticipant(tx, actor, r);
    assertPhase(r, ["discuss", "actions"], "addAction");
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    if (input.groupId) {
      const g = await loadGroup(tx, actor, input.groupId).catch(() => null);
      if (!g || g.retroId !== r.id) throw fieldError("groupId", "e.retro.otherRetro");
    }
    const [row] = await tx
      .insert(retroActions)
      .values({ orgId: actor.orgId, retroId: r.id, title: input.title, ownerId: input.ownerId, dueOn: input.dueOn, groupId: input.groupId })
      .returning();
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "action_add", after: row });
    return row!;
  });
}

/** Actions stay editable after the retro closes: their status is reviewed in the next one. */
export async function updateAction(db: Database, actor: Actor, input: z.infer<typeof ZUpdateActionInput>) {
  return db.transaction(async (tx) => {
    const before = await loadAction(tx, actor, input.actionId);
    const r = await loadRetro(tx, actor, before.retroId);
    if (!(await isParticipant(tx, r.id, actor.userId)) && before.ownerId !== actor.userId && !mayFacilitate(actor, r)) {
      throw new AppError("FORBIDDEN", "e.retro.notParticipant");
    }
    if (before.version !== input.version) throw conflict("retroAction");
    if (input.ownerId) await assertOrgMember(tx, actor, input.ownerId, "ownerId");
    if (input.groupId && input.groupId !== before.groupId) {
      const g = await loadGroup(tx, actor, input.groupId).catch(() => null);
      if (!g || g.retroId !== r.id) throw fieldError("groupId", "e.retro.otherRetro");
    }
    const [after] = await tx
      .update(retroActions)
      .set({ title: input.title, ownerId: input.ownerId, dueOn: input.dueOn, groupId: input.groupId, status: input.status, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(retroActions.id, before.id), eq(retroActions.version, input.version)))
      .returning();
    if (!after) throw conflict("retroAction");
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "action_update", before, after });
    return after;
  });
}

export async function deleteAction(db: Database, actor: Actor, actionId: string) {
  return db.transaction(async (tx) => {
    const before = await loadAction(tx, actor, actionId);
    const r = await loadRetro(tx, actor, before.retroId);
    await assertParticipant(tx, actor, r);
    assertOpen(r);
    await tx.delete(retroActions).where(eq(retroActions.id, before.id));
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "action_delete", before });
    return { id: before.id };
  });
}

/**
 * Turns an action into planned work, linked back: a draft objective for a period, a key result of
 * an objective, a KPI to watch, or an identified risk. The new item is created by its own domain's service (with its
 * own checks and audit), inside this transaction.
 */
export async function convertAction(db: Database, actor: Actor, input: z.infer<typeof ZConvertActionInput>) {
  return db.transaction(async (tx) => {
    const before = await loadAction(tx, actor, input.actionId);
    const r = await loadRetro(tx, actor, before.retroId);
    if (!(await isParticipant(tx, r.id, actor.userId)) && !mayFacilitate(actor, r)) throw new AppError("FORBIDDEN", "e.retro.notParticipant");
    if (before.convertedTo) throw new AppError("BAD_REQUEST", "e.retro.alreadyConverted");
    const ownerId = before.ownerId ?? actor.userId;
    const departmentId = r.departmentIds[0] ?? null;
    const nested = tx as unknown as Database;
    let convertedTo: { type: "objective" | "key_result" | "kpi" | "risk"; id: string; objectiveId?: string };
    if (input.to === "objective") {
      const o = await createObjective(
        nested,
        actor,
        ZCreateObjectiveInput.parse({ periodId: input.periodId, title: before.title, level: departmentId ? "department" : "company", ownerId, departmentId }),
      );
      convertedTo = { type: "objective", id: o.id };
    } else if (input.to === "key_result") {
      const kr = await createKeyResult(nested, actor, ZCreateKeyResultInput.parse({ objectiveId: input.objectiveId, title: before.title, ownerId, type: "milestone", targetValue: 1 }));
      convertedTo = { type: "key_result", id: kr.id, objectiveId: input.objectiveId };
    } else if (input.to === "kpi") {
      const kpi = await createKpi(
        nested,
        actor,
        ZCreateKpiInput.parse({
          name: before.title,
          description: `From the retro "${r.title}".`,
          unit: input.unit,
          departmentId,
          ownerId,
          direction: input.direction,
          greenThreshold: input.greenThreshold,
          amberThreshold: input.amberThreshold,
        }),
      );
      convertedTo = { type: "kpi", id: kpi.id };
    } else {
      const risk = await createRisk(nested, actor, ZCreateRiskInput.parse({ title: before.title, category: input.category, ownerId, departmentId, description: `From the retro "${r.title}".` }));
      convertedTo = { type: "risk", id: risk.id };
    }
    const [after] = await tx
      .update(retroActions)
      .set({ convertedTo, updatedAt: new Date(), version: before.version + 1 })
      .where(eq(retroActions.id, before.id))
      .returning();
    await bump(tx, r.id);
    await recordAudit(tx, actor, { entityType: "retro", entityId: r.id, action: "action_convert", after: { actionId: before.id, convertedTo } });
    return after!;
  });
}

// ───────────── Templates (admins) ─────────────

export async function createTemplate(db: Database, actor: Actor, input: z.infer<typeof ZTemplateInput>) {
  return db.transaction(async (tx) => {
    const keys = input.columns.map((c) => c.key);
    if (unique(keys).length !== keys.length) throw fieldError("columns", "e.retro.duplicateColumn");
    const [row] = await tx
      .insert(retroTemplates)
      .values({ orgId: actor.orgId, name: input.name, columns: input.columns, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw fieldError("name", "e.retro.templateNameTaken");
    await recordAudit(tx, actor, { entityType: "retroTemplate", entityId: row.id, action: "create", after: row });
    return row;
  });
}

export async function deleteTemplate(db: Database, actor: Actor, templateId: string) {
  return db.transaction(async (tx) => {
    if (!UUID_RE.test(templateId)) throw notFound("retroTemplate");
    const [before] = await tx
      .select()
      .from(retroTemplates)
      .where(and(eq(retroTemplates.id, templateId), eq(retroTemplates.orgId, actor.orgId)))
      .limit(1);
    if (!before) throw notFound("retroTemplate");
    // Retros keep a copy of their columns: deleting the template changes none of them.
    // A concurrent delete of the same row (a double click) deleted it first: not found, no second audit row.
    if (!(await tx.delete(retroTemplates).where(eq(retroTemplates.id, before.id)).returning({ id: retroTemplates.id })).length) throw notFound("retroTemplate");
    await recordAudit(tx, actor, { entityType: "retroTemplate", entityId: before.id, action: "delete", before });
    return { id: before.id };
  });
}

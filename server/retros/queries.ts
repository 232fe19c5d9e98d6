import { and, asc, desc, eq, gte, inArray, isNotNull, lt, lte, ne, sql } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import {
  campaigns,
  objectives,
  periods,
  retroActions,
  retroCards,
  retroGroups,
  retroParticipants,
  retros,
  retroTemplates,
  retroVotes,
  riskAssessments,
  risks,
  users,
} from "@/db/schema";
import { toCsv } from "../csv";
import type { Actor } from "../org/actor";
import { BUILTIN_TEMPLATES } from "./schema";
import { loadRetro, mayFacilitate, type RetroRow } from "./service";

const PRESENT_MS = 30_000;

export async function listRetros(db: DbOrTx, actor: Actor, f: { periodId?: string; departmentId?: string } = {}) {
  const rows = await db
    .select({
      id: retros.id,
      title: retros.title,
      phase: retros.phase,
      periodId: retros.periodId,
      periodName: periods.name,
      departmentIds: retros.departmentIds,
      facilitatorId: retros.facilitatorId,
      facilitatorName: users.name,
      createdAt: retros.createdAt,
      closedAt: retros.closedAt,
      cards: sql<number>`(select count(*)::int from retro_cards c where c.retro_id = ${retros.id})`,
      openActions: sql<number>`(select count(*)::int from retro_actions a where a.retro_id = ${retros.id} and a.status in ('open', 'in_progress'))`,
      participating: sql<boolean>`exists (select 1 from retro_participants p where p.retro_id = ${retros.id} and p.user_id = ${actor.userId})`,
    })
    .from(retros)
    .innerJoin(users, eq(users.id, retros.facilitatorId))
    .leftJoin(periods, eq(periods.id, retros.periodId))
    .where(
      and(
        eq(retros.orgId, actor.orgId),
        f.periodId ? eq(retros.periodId, f.periodId) : undefined,
        f.departmentId ? sql`${f.departmentId}::uuid = any(${retros.departmentIds})` : undefined,
      ),
    )
    .orderBy(desc(retros.createdAt))
    .limit(200);
  return rows;
}

/**
 * A retro as one viewer may see it. Anonymous cards never carry their author (only `mine`); while
 * cards are hidden until the reveal, other people's cards come without their text. With `since`
 * equal to the current cursor the answer is just "unchanged", so polling every second stays cheap.
 * A participant's visit counts as presence.
 */
export async function getRetro(db: DbOrTx, actor: Actor, retroId: string, since?: number, now = new Date()) {
  const r = await loadRetro(db, actor, retroId);
  const [me] = await db
    .update(retroParticipants)
    .set({ lastSeenAt: now })
    .where(and(eq(retroParticipants.retroId, r.id), eq(retroParticipants.userId, actor.userId)))
    .returning({ votesUsed: retroParticipants.votesUsed });
  if (since !== undefined && since === r.seq) return { unchanged: true as const, seq: r.seq };
  const [participants, cards, groups, votes, actions, openActions] = await Promise.all([
    db
      .select({ userId: retroParticipants.userId, name: users.name, lastSeenAt: retroParticipants.lastSeenAt })
      .from(retroParticipants)
      .innerJoin(users, eq(users.id, retroParticipants.userId))
      .where(eq(retroParticipants.retroId, r.id))
      .orderBy(asc(users.name)),
    db
      .select({ card: retroCards, authorName: users.name })
      .from(retroCards)
      .innerJoin(users, eq(users.id, retroCards.authorId))
      .where(eq(retroCards.retroId, r.id))
      .orderBy(asc(retroCards.position), asc(retroCards.createdAt)),
    db.select().from(retroGroups).where(eq(retroGroups.retroId, r.id)).orderBy(asc(retroGroups.position), asc(retroGroups.createdAt)),
    db
      .select({ groupId: retroVotes.groupId, userId: retroVotes.userId, n: sql<number>`count(*)::int` })
      .from(retroVotes)
      .where(eq(retroVotes.retroId, r.id))
      .groupBy(retroVotes.groupId, retroVotes.userId),
    db
      .select({ a: retroActions, ownerName: users.name })
      .from(retroActions)
      .leftJoin(users, eq(users.id, retroActions.ownerId))
      .where(eq(retroActions.retroId, r.id))
      .orderBy(asc(retroActions.createdAt)),
    previousOpenActions(db, actor, r),
  ]);
  const hidden = r.hideUntilReveal && !r.revealed;
  const anonymousCards = r.anonymous;
  // Votes stay private until the discussion: during voting each person sees only their own.
  const showTotals = r.phase !== "vote";
  const totals = new Map<string, number>();
  const mine = new Map<string, number>();
  for (const v of votes) {
    totals.set(v.groupId, (totals.get(v.groupId) ?? 0) + v.n);
    if (v.userId === actor.userId) mine.set(v.groupId, v.n);
  }
  return {
    unchanged: false as const,
    seq: r.seq,
    id: r.id,
    title: r.title,
    periodId: r.periodId,
    departmentIds: r.departmentIds,
    facilitatorId: r.facilitatorId,
    template: r.template,
    columns: r.columns,
    phase: r.phase,
    anonymous: r.anonymous,
    votesPerPerson: r.votesPerPerson,
    hideUntilReveal: r.hideUntilReveal,
    revealed: r.revealed,
    timerEndsAt: r.timerEndsAt,
    closedAt: r.closedAt,
    version: r.version,
    me: { participant: !!me, facilitator: mayFacilitate(actor, r), votesUsed: me?.votesUsed ?? 0 },
    participants: participants.map((p) => ({ userId: p.userId, name: p.name, present: !!p.lastSeenAt && now.getTime() - p.lastSeenAt.getTime() < PRESENT_MS })),
    cards: cards.map(({ card: c, authorName }) => {
      const own = c.authorId === actor.userId;
      return {
        id: c.id,
        columnKey: c.columnKey,
        groupId: c.groupId,
        version: c.version,
        mine: own,
        body: hidden && !own ? null : c.body,
        // Never the author of an anonymous card, to anyone (the author knows it by `mine`).
        authorId: anonymousCards ? null : c.authorId,
        authorName: anonymousCards ? null : authorName,
      };
    }),
    groups: groups
      .map((g) => ({ id: g.id, title: g.title, notes: g.notes, version: g.version, votes: showTotals ? (totals.get(g.id) ?? 0) : null, myVotes: mine.get(g.id) ?? 0 }))
      .sort((a, b) => (r.phase === "discuss" || r.phase === "actions" || r.phase === "closed" ? (b.votes ?? 0) - (a.votes ?? 0) : 0)),
    actions: actions.map(({ a, ownerName }) => ({ ...a, ownerName })),
    openActions,
  };
}

/**
 * Retros sharing a department with `r` (or, for a retro without departments, those without any). The
 * ids go in as bound parameters, never as SQL text.
 */
const sameDepartments = (r: RetroRow) =>
  r.departmentIds.length
    ? sql`${retros.departmentIds} && array[${sql.join(r.departmentIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]`
    : sql`cardinality(${retros.departmentIds}) = 0`;

/** Open actions of earlier retros of the same departments: the "open actions" review of this one. */
async function previousOpenActions(db: DbOrTx, actor: Actor, r: RetroRow) {
  const rows = await db
    .select({ a: retroActions, retroTitle: retros.title, ownerName: users.name })
    .from(retroActions)
    .innerJoin(retros, eq(retros.id, retroActions.retroId))
    .leftJoin(users, eq(users.id, retroActions.ownerId))
    .where(
      and(
        eq(retroActions.orgId, actor.orgId),
        ne(retroActions.retroId, r.id),
        inArray(retroActions.status, ["open", "in_progress"]),
        lt(retros.createdAt, r.createdAt),
        sameDepartments(r),
      ),
    )
    .orderBy(asc(retroActions.dueOn), asc(retroActions.createdAt))
    .limit(50);
  return rows.map(({ a, retroTitle, ownerName }) => ({ ...a, retroTitle, ownerName }));
}

/** Facts of the period to discuss while preparing: OKR grades, campaigns over budget, risks that went up, overdue actions. */
export async function retroInputs(db: DbOrTx, actor: Actor, retroId: string, now = new Date()) {
  const r = await loadRetro(db, actor, retroId);
  const today = now.toISOString().slice(0, 10);
  const [period] = r.periodId ? await db.select().from(periods).where(eq(periods.id, r.periodId)) : [];
  const since = period ? new Date(`${period.startsOn}T00:00:00Z`) : new Date(now.getTime() - 90 * 86_400_000);
  const deptFilter = (col: typeof objectives.departmentId | typeof campaigns.departmentId | typeof risks.departmentId) =>
    r.departmentIds.length ? inArray(col, r.departmentIds) : undefined;
  const [grades, overBudget, risen, overdue] = await Promise.all([
    period
      ? db
          .select({ id: objectives.id, title: objectives.title, score: objectives.score, status: objectives.status })
          .from(objectives)
          .where(and(eq(objectives.orgId, actor.orgId), eq(objectives.periodId, period.id), deptFilter(objectives.departmentId)))
          .orderBy(asc(objectives.title))
      : Promise.resolve([]),
    db
      .select({ id: campaigns.id, name: campaigns.name, approvedBudgetMinor: campaigns.approvedBudgetMinor, currency: campaigns.currency })
      .from(campaigns)
      .where(
        and(
          eq(campaigns.orgId, actor.orgId),
          isNotNull(campaigns.overBudgetAt),
          deptFilter(campaigns.departmentId),
          // Campaigns of this period: running during it (or, without a period, over budget since `since`).
          ...(period ? [lte(campaigns.startsOn, period.endsOn), gte(campaigns.endsOn, period.startsOn)] : [gte(campaigns.overBudgetAt, since)]),
        ),
      ),
    db
      .select({
        id: risks.id,
        title: risks.title,
        residualScore: risks.residualScore,
        // Qualified by hand: in a one-table select Drizzle writes ${risks.id} as a bare "id", which
        // inside this subquery would mean ra.id (and never match).
        first: sql<number | null>`(select ra.residual_likelihood * ra.residual_impact from risk_assessments ra where ra.risk_id = "risks"."id" and ra.created_at >= ${since} order by ra.created_at asc limit 1)`,
      })
      .from(risks)
      .where(and(eq(risks.orgId, actor.orgId), ne(risks.status, "closed"), deptFilter(risks.departmentId), sql`exists (select 1 from ${riskAssessments} ra2 where ra2.risk_id = ${risks.id} and ra2.created_at >= ${since})`)),
    db
      .select({ id: retroActions.id, title: retroActions.title, dueOn: retroActions.dueOn, retroTitle: retros.title })
      .from(retroActions)
      .innerJoin(retros, eq(retros.id, retroActions.retroId))
      // Of earlier retros of the same departments, like the open-actions review.
      .where(
        and(
          eq(retroActions.orgId, actor.orgId),
          inArray(retroActions.status, ["open", "in_progress"]),
          isNotNull(retroActions.dueOn),
          lt(retroActions.dueOn, today),
          ne(retroActions.retroId, r.id),
          lt(retros.createdAt, r.createdAt),
          sameDepartments(r),
        ),
      ),
  ]);
  return {
    period: period ? { id: period.id, name: period.name } : null,
    grades,
    overBudget,
    risksUp: risen.filter((x) => x.first !== null && x.residualScore !== null && x.residualScore > x.first).map(({ first, ...rest }) => ({ ...rest, from: first })),
    overdueActions: overdue,
  };
}

export async function listTemplates(db: DbOrTx, actor: Actor) {
  const own = await db.select().from(retroTemplates).where(eq(retroTemplates.orgId, actor.orgId)).orderBy(asc(retroTemplates.name));
  return {
    builtin: Object.entries(BUILTIN_TEMPLATES).map(([key, columns]) => ({ id: `builtin:${key}`, key, columns: columns.map((c) => ({ key: c, label: "" })) })),
    own: own.map((t) => ({ id: t.id, name: t.name, columns: t.columns, version: t.version })),
  };
}

/** Markdown summary and CSV of cards and actions, as the viewer may see them (anonymity kept). */
export async function exportRetro(db: Database, actor: Actor, retroId: string) {
  const r = await getRetro(db, actor, retroId);
  if (r.unchanged) throw new Error("unreachable");
  const colLabel = (key: string) => r.columns.find((c) => c.key === key)?.label || key.replace(/_/g, " ");
  const lines: string[] = [`# ${r.title}`, ""];
  for (const col of r.columns) {
    lines.push(`## ${colLabel(col.key)}`, "");
    for (const c of r.cards.filter((x) => x.columnKey === col.key && x.body !== null)) lines.push(`- ${c.body}${c.authorName ? ` — ${c.authorName}` : ""}`);
    lines.push("");
  }
  if (r.groups.length) {
    lines.push("## Groups", "");
    for (const g of r.groups) {
      const cards = r.cards.filter((c) => c.groupId === g.id && c.body !== null).map((c) => c.body);
      lines.push(`### ${g.title || cards[0] || "—"}${g.votes !== null ? ` (${g.votes})` : ""}`, ...cards.map((c) => `- ${c}`));
      if (g.notes) lines.push("", g.notes);
      lines.push("");
    }
  }
  lines.push("## Actions", "");
  for (const a of r.actions) lines.push(`- [${a.status === "done" ? "x" : " "}] ${a.title}${a.ownerName ? ` — ${a.ownerName}` : ""}${a.dueOn ? ` (${a.dueOn})` : ""}`);
  const csv = toCsv(
    ["type", "column", "group", "text", "author", "votes", "owner", "due", "status"],
    [
      ...r.cards.filter((c) => c.body !== null).map((c) => {
        const g = r.groups.find((x) => x.id === c.groupId);
        return ["card", colLabel(c.columnKey), g?.title ?? "", c.body, c.authorName ?? "", g?.votes ?? "", "", "", ""];
      }),
      ...r.actions.map((a) => ["action", "", r.groups.find((g) => g.id === a.groupId)?.title ?? "", a.title, "", "", a.ownerName ?? "", a.dueOn ?? "", a.status]),
    ],
  );
  const slug = r.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "retro";
  return { markdown: lines.join("\n"), csv, filename: slug };
}

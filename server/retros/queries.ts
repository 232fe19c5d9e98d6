import { and, asc, desc, eq, gte, inArray, isNotNull, lt, lte, ne, sql, type Column, type SQL } from "drizzle-orm";
import type { Database, DbOrTx } from "@/db/client";
import {
  campaigns,
  objectives,
  periods,
  retroActions,
  retroParticipants,
  retros,
  retroTemplates,
  riskAssessments,
  risks,
  users,
} from "@/db/schema";
import { aliased, perHandle, qualified, rowFromJson, rowJson } from "@/db/sql";
import { toCsv } from "../csv";
import { notFound } from "../errors";
import type { Actor } from "../org/actor";
import { BUILTIN_TEMPLATES } from "./schema";
import { loadRetro, mayFacilitate, UUID_RE, type RetroRow } from "./service";

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
 * The board's one statement, built once per database handle and kind (full read or poll with a
 * cursor) and prepared: polled every second by everyone on the board, it is neither rebuilt nor
 * re-planned on every call. Parameters: retroId, orgId, userId, now (ISO), since.
 */
function buildBoardQuery(db: DbOrTx, polling: boolean) {
  const P = {
    retroId: sql.placeholder("retroId"),
    orgId: sql.placeholder("orgId"),
    userId: sql.placeholder("userId"),
    now: sql.placeholder("now"),
    since: sql.placeholder("since"),
  };
  const me = db
    .$with("me", { votesUsed: retroParticipants.votesUsed })
    .as(
      db
        .update(retroParticipants)
        .set({ lastSeenAt: sql`${P.now}::timestamptz` })
        .where(and(eq(retroParticipants.retroId, P.retroId), eq(retroParticipants.userId, P.userId), eq(retroParticipants.orgId, P.orgId)))
        .returning({ votesUsed: retroParticipants.votesUsed })
        .getSQL(),
    );
  const rId = qualified(retros, retros.id);
  const rOf = (col: Column) => qualified(retros, col);
  const meId = sql`${P.userId}::uuid`;
  const nameOf = (alias: string, col: string) => sql`(select u.name from users u where u.id = ${aliased(alias, col)})`;
  // Parts of the board: skipped (null) when the caller already has the current cursor.
  const part = <T>(q: SQL) => (polling ? sql<T | null>`case when ${rOf(retros.seq)} <> ${P.since}::bigint then (${q}) end` : sql<T | null>`(${q})`);
  return db
    .with(me)
    .select({
      r: retros,
      votesUsed: sql<number | null>`(select votes_used from me)`,
      participants: part<{ userId: string; name: string; lastSeenAt: string | null }[]>(sql`
        select coalesce(json_agg(json_build_object('userId', p.user_id, 'name', p.name, 'lastSeenAt', p.last_seen_at) order by p.name), '[]'::json)
          from (select rp.user_id, ${nameOf("rp", "user_id")} as name, rp.last_seen_at from retro_participants rp where rp.retro_id = ${rId}) p`),
      cards: part<{ id: string; columnKey: string; groupId: string | null; version: number; mine: boolean; body: string | null; authorId: string | null; authorName: string | null }[]>(sql`
        select coalesce(json_agg(json_build_object(
                 'id', c.id, 'columnKey', c.column_key, 'groupId', c.group_id, 'version', c.version,
                 'mine', c.author_id = ${meId},
                 'body', case when ${rOf(retros.hideUntilReveal)} and not ${rOf(retros.revealed)} and c.author_id <> ${meId} then null else c.body end,
                 'authorId', case when ${rOf(retros.anonymous)} then null else c.author_id end,
                 'authorName', case when ${rOf(retros.anonymous)} then null else ${nameOf("c", "author_id")} end
               ) order by c.position, c.created_at), '[]'::json)
          from retro_cards c where c.retro_id = ${rId}`),
      groups: part<{ id: string; title: string; notes: string; version: number; votes: number; myVotes: number }[]>(sql`
        select coalesce(json_agg(json_build_object('id', g.id, 'title', g.title, 'notes', g.notes, 'version', g.version, 'votes', v.total, 'myVotes', v.mine)
                 order by g.position, g.created_at), '[]'::json)
          from retro_groups g
          cross join lateral (select count(*)::int as total, (count(*) filter (where rv.user_id = ${meId}))::int as mine
                                from retro_votes rv where rv.group_id = g.id and rv.retro_id = g.retro_id) v
         where g.retro_id = ${rId}`),
      actions: part<Record<string, unknown>[]>(sql`
        select coalesce(json_agg(${rowJson(retroActions, "a", { ownerName: nameOf("a", "owner_id") })} order by a.created_at), '[]'::json)
          from retro_actions a where a.retro_id = ${rId}`),
      openActions: part<Record<string, unknown>[]>(sql`
        select coalesce(json_agg(x.j order by x.due_on, x.created_at), '[]'::json) from (
          select ${rowJson(retroActions, "a", { retroTitle: aliased("r2", "title"), ownerName: nameOf("a", "owner_id") })} as j, a.due_on, a.created_at
            from retro_actions a join retros r2 on r2.id = a.retro_id
           where a.org_id = ${P.orgId}::uuid and a.retro_id <> ${rId} and a.status in ('open', 'in_progress')
             -- r2.org_id repeats what a.org_id implies, so the planner may use retros (org_id, created_at).
             and r2.org_id = ${P.orgId}::uuid and r2.created_at < ${rOf(retros.createdAt)}
             -- Earlier retros sharing a department (or, for a retro without departments, those without any).
             and (r2.department_ids && ${rOf(retros.departmentIds)} or (cardinality(${rOf(retros.departmentIds)}) = 0 and cardinality(r2.department_ids) = 0))
           order by a.due_on, a.created_at
           limit 50) x`),
    })
    .from(retros)
    .where(and(eq(retros.id, P.retroId), eq(retros.orgId, P.orgId)))
    .limit(1)
    .prepare(polling ? "retro_get_poll" : "retro_get");
}

const boardQuery = perHandle(buildBoardQuery);

/**
 * A retro as one viewer may see it. Anonymous cards never carry their author (only `mine`); while
 * cards are hidden until the reveal, other people's cards come without their text. With `since`
 * equal to the current cursor the answer is just "unchanged", so polling every second stays cheap.
 * A participant's visit counts as presence.
 *
 * One statement: the presence update is a CTE, the board's parts are JSON subqueries of the retro's
 * row (computed only when the cursor moved), and names are looked up per row by primary key (a join
 * would hash all of the organisation's users to name a few authors). Anonymity and hidden text are
 * applied in SQL, so an anonymous card's author never leaves the database.
 */
export async function getRetro(db: DbOrTx, actor: Actor, retroId: string, since?: number, now = new Date()) {
  if (!UUID_RE.test(retroId)) throw notFound("retro");
  const [row] = await boardQuery(db, since !== undefined).execute({ retroId, orgId: actor.orgId, userId: actor.userId, now: now.toISOString(), since: since ?? null });
  if (!row) throw notFound("retro");
  const r = row.r;
  const participant = row.votesUsed !== null;
  if ((since !== undefined && since === r.seq) || !row.participants || !row.cards || !row.groups || !row.actions || !row.openActions) {
    return { unchanged: true as const, seq: r.seq };
  }
  // Votes stay private until the discussion: during voting each person sees only their own.
  const showTotals = r.phase !== "vote";
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
    me: { participant, facilitator: mayFacilitate(actor, r), votesUsed: row.votesUsed ?? 0 },
    // The statement read the participants before its own presence update: the viewer, if taking part, was just seen.
    participants: row.participants.map((p) => {
      const seen = participant && p.userId === actor.userId ? now : p.lastSeenAt ? new Date(p.lastSeenAt) : null;
      return { userId: p.userId, name: p.name, present: !!seen && now.getTime() - seen.getTime() < PRESENT_MS };
    }),
    cards: row.cards,
    groups: row.groups
      .map((g) => ({ id: g.id, title: g.title, notes: g.notes, version: g.version, votes: showTotals ? g.votes : null, myVotes: g.myVotes }))
      .sort((a, b) => (r.phase === "discuss" || r.phase === "actions" || r.phase === "closed" ? (b.votes ?? 0) - (a.votes ?? 0) : 0)),
    actions: row.actions.map((a) => ({ ...rowFromJson(retroActions, a), ownerName: a.ownerName as string | null })),
    openActions: row.openActions.map((a) => ({ ...rowFromJson(retroActions, a), retroTitle: a.retroTitle as string, ownerName: a.ownerName as string | null })),
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

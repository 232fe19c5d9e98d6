import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { perHandle } from "@/db/sql";
import { organizations, type keyResults, type retroActions, type risks } from "@/db/schema";
import { waitingForMeIds } from "../approvals/queries";
import { krProgress } from "../okrs/progress";
import type { Actor } from "../org/actor";

type KeyResult = typeof keyResults.$inferSelect;
type RetroAction = typeof retroActions.$inferSelect;
type Risk = typeof risks.$inferSelect;

const DAY = 86_400_000;
const APPROVALS = 10;

interface MyWorkRow {
  krs: {
    id: string;
    title: string;
    type: KeyResult["type"];
    direction: KeyResult["direction"];
    startValue: number;
    targetValue: number;
    bandMin: number | null;
    bandMax: number | null;
    currentValue: number | null;
    confidence: number | null;
    lastCheckInAt: string | null;
    objectiveId: string;
    objectiveTitle: string;
  }[];
  approvals: { id: string; title: string; subjectType: string; status: string; dueAt: string }[];
  actions: { id: string; title: string; dueOn: string | null; status: RetroAction["status"]; retroId: string; retroTitle: string }[];
  risks: {
    id: string;
    title: string;
    nextReviewOn: string | null;
    warningAt: string | null;
    residualScore: number | null;
    inherentScore: number | null;
    status: Risk["status"];
  }[];
  campaigns: { id: string; name: string; startsOn: string; endsOn: string; overBudget: boolean }[];
}

function buildMyWorkQuery(db: DbOrTx) {
  const P = {
    orgId: sql.placeholder("orgId"),
    userId: sql.placeholder("userId"),
    today: sql.placeholder("today"),
    soon: sql.placeholder("soon"),
    mayOverride: sql.placeholder("mayOverride"),
  };
  const org = sql`${P.orgId}::uuid`;
  const me = sql`${P.userId}::uuid`;
  const waiting = waitingForMeIds({ orgId: P.orgId, userId: P.userId, today: P.today, mayOverride: P.mayOverride });
  return db
    .select({
      krs: sql<MyWorkRow["krs"]>`(select coalesce(json_agg(json_build_object(
                'id', kr.id, 'title', kr.title, 'type', kr.type, 'direction', kr.direction,
                'startValue', kr.start_value, 'targetValue', kr.target_value, 'bandMin', kr.band_min, 'bandMax', kr.band_max,
                'currentValue', kr.current_value, 'confidence', kr.confidence, 'lastCheckInAt', kr.last_check_in_at,
                'objectiveId', o.id, 'objectiveTitle', o.title)
              order by p.starts_on, o.title, kr.position), '[]'::json)
         from key_results kr
         join objectives o on o.id = kr.objective_id
         join periods p on p.id = o.period_id
        where kr.org_id = ${org} and kr.owner_id = ${me} and p.status <> 'closed'
          and o.status in ('draft', 'approved', 'active', 'pending_approval'))`,
      approvals: sql<MyWorkRow["approvals"]>`(select coalesce(json_agg(json_build_object('id', q.id, 'title', q.title, 'subjectType', q.subject_type, 'status', q.status, 'dueAt', q.due_at)
              order by q.created_at desc, q.id desc), '[]'::json)
         from (select q.id, q.title, q.subject_type, q.status, q.due_at, q.created_at from approval_requests q
                where q.org_id = ${org} and q.id in (${waiting})
                order by q.created_at desc, q.id desc
                limit ${APPROVALS + 1}) q)`,
      actions: sql<MyWorkRow["actions"]>`(select coalesce(json_agg(json_build_object('id', x.id, 'title', x.title, 'dueOn', x.due_on, 'status', x.status, 'retroId', x.retro_id, 'retroTitle', x.retro_title)
              order by x.due_on asc nulls last, x.created_at), '[]'::json)
         from (select a.id, a.title, a.due_on, a.status, r.id as retro_id, r.title as retro_title, a.created_at
                 from retro_actions a join retros r on r.id = a.retro_id
                where a.org_id = ${org} and a.owner_id = ${me} and a.status in ('open', 'in_progress')
                order by a.due_on asc nulls last, a.created_at
                limit 50) x)`,
      risks: sql<MyWorkRow["risks"]>`(select coalesce(json_agg(json_build_object('id', x.id, 'title', x.title, 'nextReviewOn', x.next_review_on, 'warningAt', x.warning_at,
                'residualScore', x.residual_score, 'inherentScore', x.inherent_score, 'status', x.status)
              order by x.next_review_on asc nulls last), '[]'::json)
         from (select k.id, k.title, k.next_review_on, k.warning_at, k.residual_score, k.inherent_score, k.status
                 from risks k
                where k.org_id = ${org} and k.owner_id = ${me} and k.status <> 'closed'
                  and (k.warning_at is not null or (k.next_review_on is not null and k.next_review_on <= ${P.soon}::date))
                order by k.next_review_on asc nulls last
                limit 50) x)`,
      campaigns: sql<MyWorkRow["campaigns"]>`(select coalesce(json_agg(json_build_object('id', x.id, 'name', x.name, 'startsOn', x.starts_on, 'endsOn', x.ends_on, 'overBudget', x.over_budget)
              order by x.ends_on), '[]'::json)
         from (select c.id, c.name, c.starts_on, c.ends_on, c.over_budget_at is not null as over_budget
                 from campaigns c
                where c.org_id = ${org} and c.status = 'live' and (c.owner_id = ${me} or ${me} = any(c.team_member_ids))
                order by c.ends_on
                limit 50) x)`,
    })
    .from(organizations)
    .where(eq(organizations.id, P.orgId))
    .prepare("dashboard_my_work");
}

const myWorkQuery = perHandle((db: DbOrTx, _variant: "all") => buildMyWorkQuery(db));

/**
 * "My work": what is on the signed-in person's plate across the organisation — key results to check
 * in, approvals waiting for them, their open retro action items, their risks due for review (within a
 * week, overdue, or with an early warning) and the campaigns they run or work on that are live now.
 *
 * One statement: each list is a JSON subquery of its own (the same filters, orders and limits as the
 * separate reads it replaces; approvals through the inbox's own "waiting for me" query). Built once
 * per database handle and prepared, so it is neither rebuilt nor re-planned on every visit.
 */
export async function myWork(db: DbOrTx, actor: Actor, now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  const soon = new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10);
  const mayOverride = actor.role === "admin" || actor.role === "owner";
  const [row] = await myWorkQuery(db, "all").execute({ orgId: actor.orgId, userId: actor.userId, today, soon, mayOverride });
  if (!row) throw new Error("myWork: no row");
  const weekAgo = now.getTime() - 7 * DAY;
  return {
    keyResults: row.krs.map((k) => {
      const lastCheckInAt = k.lastCheckInAt === null ? null : new Date(k.lastCheckInAt);
      return {
        id: k.id,
        title: k.title,
        objectiveId: k.objectiveId,
        objectiveTitle: k.objectiveTitle,
        progress: krProgress(k),
        confidence: k.confidence,
        due: !lastCheckInAt || lastCheckInAt.getTime() < weekAgo,
      };
    }),
    approvals: {
      items: row.approvals
        .slice(0, APPROVALS)
        .map((r) => ({ id: r.id, title: r.title, subjectType: r.subjectType, overdue: r.status === "pending" && new Date(r.dueAt).getTime() < now.getTime() })),
      more: row.approvals.length > APPROVALS,
    },
    actions: row.actions.map((a) => ({ ...a, overdue: !!a.dueOn && a.dueOn < today })),
    risks: row.risks.map((r) => ({ ...r, warningAt: r.warningAt === null ? null : new Date(r.warningAt), reviewOverdue: !!r.nextReviewOn && r.nextReviewOn < today })),
    campaigns: row.campaigns,
  };
}

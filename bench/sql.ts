/**
 * The floors: hand-written SQL returning what each measured procedure returns, one round trip each.
 * Parameters: $1 is always the organisation id.
 */

/** Key-result progress 0–100 (server/okrs/progress.ts krProgress), as SQL over alias `kr`. */
const KR_PROGRESS = `(case
  when kr.type = 'milestone' then case when coalesce(kr.current_value, kr.start_value) >= 1 then 100 else 0 end
  when kr.direction = 'band' then case
    when coalesce(kr.current_value, kr.start_value) between coalesce(kr.band_min, kr.target_value) and coalesce(kr.band_max, kr.target_value) then 100
    else greatest(0, least(100, 100 - (greatest(coalesce(kr.band_min, kr.target_value) - coalesce(kr.current_value, kr.start_value), coalesce(kr.current_value, kr.start_value) - coalesce(kr.band_max, kr.target_value))
      / greatest(coalesce(kr.band_max, kr.target_value) - coalesce(kr.band_min, kr.target_value), abs(coalesce(kr.band_max, kr.target_value)) * 0.1, 1e-9)) * 100)) end
  when kr.target_value = kr.start_value then case when coalesce(kr.current_value, kr.start_value) = kr.target_value then 100 else 0 end
  else greatest(0, least(100, (coalesce(kr.current_value, kr.start_value) - kr.start_value) / (kr.target_value - kr.start_value) * 100))
end)`;

/** Objectives of a period (optionally one department) with KRs, progress, lowest confidence and parents. */
export function objectivesSql(withDepartment: boolean) {
  return `
select o.id, o.period_id, o.title, o.description, o.level, o.status, o.commitment, o.tags, o.score, o.owner_id, u.name as owner_name,
  o.department_id, d.name as department_name, o.version,
  coalesce(k.krs, '[]'::json) as key_results, coalesce(k.progress, 0) as progress, k.confidence,
  coalesce((select json_agg(a.parent_id) from objective_alignments a where a.child_id = o.id), '[]'::json) as parent_ids
from objectives o
join users u on u.id = o.owner_id
left join departments d on d.id = o.department_id
left join lateral (
  select json_agg(json_build_object('id', kr.id, 'title', kr.title, 'ownerId', kr.owner_id, 'ownerName', ku.name, 'type', kr.type, 'unit', kr.unit,
      'direction', kr.direction, 'startValue', kr.start_value, 'targetValue', kr.target_value, 'bandMin', kr.band_min, 'bandMax', kr.band_max,
      'weight', kr.weight, 'currentValue', kr.current_value, 'confidence', kr.confidence, 'lastCheckInAt', kr.last_check_in_at, 'grade', kr.grade,
      'skipped', kr.skipped, 'gradeReason', kr.grade_reason, 'kpiId', kr.kpi_id, 'version', kr.version, 'progress', ${KR_PROGRESS})
      order by kr.position, kr.created_at) as krs,
    case when sum(greatest(kr.weight, 0)) > 0 then sum(${KR_PROGRESS} * greatest(kr.weight, 0)) / sum(greatest(kr.weight, 0)) else avg(${KR_PROGRESS}) end as progress,
    min(kr.confidence) as confidence
  from key_results kr join users ku on ku.id = kr.owner_id
  where kr.objective_id = o.id
) k on true
where o.org_id = $1 and o.period_id = $2 ${withDepartment ? "and o.department_id = $3" : ""}
order by array_position(array['company','department','team','individual']::objective_level[], o.level), o.title`;
}

/** The alignment tree's nodes: what the tree shows, progress and lowest confidence aggregated per objective (no KR list). */
export const TREE_SQL = `
select o.id, o.title, o.level, o.status, o.owner_id, u.name as owner_name, o.department_id, d.name as department_name,
  coalesce((select json_agg(a.parent_id) from objective_alignments a where a.child_id = o.id), '[]'::json) as parent_ids,
  coalesce(k.progress, 0) as progress, k.confidence
from objectives o
join users u on u.id = o.owner_id
left join departments d on d.id = o.department_id
left join lateral (
  select case when sum(greatest(kr.weight, 0)) > 0 then sum(${KR_PROGRESS} * greatest(kr.weight, 0)) / sum(greatest(kr.weight, 0)) else avg(${KR_PROGRESS}) end as progress,
    min(kr.confidence) as confidence
  from key_results kr where kr.objective_id = o.id
) k on true
where o.org_id = $1 and o.period_id = $2
order by array_position(array['company','department','team','individual']::objective_level[], o.level), o.title`;

/** The period roll-up: mean objective progress of the company and per department (cancelled left out). */
export const ROLLUP_SQL = `
with p as (
  select o.department_id, d.name as department_name,
    coalesce((select case when sum(greatest(kr.weight, 0)) > 0 then sum(${KR_PROGRESS} * greatest(kr.weight, 0)) / sum(greatest(kr.weight, 0)) else avg(${KR_PROGRESS}) end
      from key_results kr where kr.objective_id = o.id), 0) as progress
  from objectives o left join departments d on d.id = o.department_id
  where o.org_id = $1 and o.period_id = $2 and o.status <> 'cancelled'
)
select department_id, department_name, count(*)::int as objectives, avg(progress) as progress, grouping(department_id, department_name) = 3 as company
from p group by grouping sets ((department_id, department_name), ())`;

export const CALENDAR_SQL = `
select c.id, c.name, c.status, c.department_id, d.name as department_name, c.owner_id, u.name as owner_name, c.channels, c.audience,
  c.audience_tags, c.starts_on, c.ends_on, c.tags, c.currency, c.approved_budget_minor, c.over_budget_at, c.version
from campaigns c join users u on u.id = c.owner_id left join departments d on d.id = c.department_id
where c.org_id = $1 and c.ends_on >= $2 and c.starts_on <= $3
order by c.starts_on, c.name limit 1000`;

export const CAMPAIGN_LIST_SQL = `
select c.id, c.name, c.status, c.department_id, d.name as department_name, c.owner_id, u.name as owner_name, c.channels, c.starts_on, c.ends_on,
  c.currency, c.approved_budget_minor, c.over_budget_at, c.version,
  (select sum(b.amount_minor)::text from campaign_budget_lines b where b.campaign_id = c.id) as planned,
  (select sum(s.amount_minor)::text from campaign_spend s where s.campaign_id = c.id) as spent,
  (select json_object_agg(r.metric, r.s) from (select metric, sum(value)::text as s from campaign_results r where r.campaign_id = c.id and r.metric <> 'custom' group by metric) r) as results
from campaigns c join users u on u.id = c.owner_id left join departments d on d.id = c.department_id
where c.org_id = $1
order by c.starts_on desc, c.id desc limit 51`;

export const HEATMAP_SQL = `
select inherent_likelihood as l, inherent_impact as i,
  coalesce(residual_likelihood, inherent_likelihood)::int as rl, coalesce(residual_impact, inherent_impact)::int as ri,
  count(*)::int as n, count(warning_at)::int as w
from risks where org_id = $1 and status <> 'closed'
group by 1, 2, 3, 4`;

export const RISK_REGISTER_SQL = `
select r.*, u.name as owner_name, d.name as department_name,
  (select count(*)::int from risk_actions a where a.risk_id = r.id and a.status in ('todo', 'in_progress')) as open_actions,
  exists (select 1 from approval_requests q where q.org_id = r.org_id and q.subject_type = 'risk_acceptance' and q.status = 'pending' and q.subject_id = r.id::text) as acceptance_pending
from risks r join users u on u.id = r.owner_id left join departments d on d.id = r.department_id
where r.org_id = $1 and r.status <> 'closed'
order by coalesce(r.residual_score, r.inherent_score, 0) desc, r.title limit 2001`;

/** The retro board in one statement: the retro, its people, cards, groups, vote counts, actions, earlier open actions. */
export const RETRO_SQL = `
with r as (select * from retros where id = $2 and org_id = $1),
me as (update retro_participants set last_seen_at = now() where retro_id = $2 and user_id = $3 returning votes_used)
select (select row_to_json(r) from r) as retro,
  (select votes_used from me) as votes_used,
  (select json_agg(json_build_object('userId', p.user_id, 'name', u.name, 'lastSeenAt', p.last_seen_at) order by u.name)
     from retro_participants p join users u on u.id = p.user_id where p.retro_id = $2) as participants,
  (select json_agg(json_build_object('card', c, 'authorName', u.name) order by c.position, c.created_at)
     from retro_cards c join users u on u.id = c.author_id where c.retro_id = $2) as cards,
  (select json_agg(g order by g.position, g.created_at) from retro_groups g where g.retro_id = $2) as groups,
  (select json_agg(v) from (select group_id, user_id, count(*)::int as n from retro_votes where retro_id = $2 group by 1, 2) v) as votes,
  (select json_agg(json_build_object('a', a, 'ownerName', u.name) order by a.created_at)
     from retro_actions a left join users u on u.id = a.owner_id where a.retro_id = $2) as actions,
  (select json_agg(x) from (
     select a.*, r2.title as retro_title, u.name as owner_name from retro_actions a join retros r2 on r2.id = a.retro_id
     left join users u on u.id = a.owner_id, r
     where a.org_id = $1 and a.retro_id <> r.id and a.status in ('open', 'in_progress') and r2.created_at < r.created_at
       and r2.department_ids && r.department_ids
     order by a.due_on, a.created_at limit 50) x) as previous_actions`;

/** Pending requests whose current step this user may decide (roles, named users, department managers). */
export const INBOX_WAITING_SQL = `
select q.id, q.subject_type, q.title, q.status, q.current_step, q.due_at, q.escalated_at, q.created_at, q.decided_at,
  u.name as requester_name, d.name as department_name,
  (select count(*) from approval_steps s2 where s2.request_id = q.id)::int as step_count
from approval_requests q
join approval_steps s on s.request_id = q.id and s.position = q.current_step
left join users u on u.id = q.requester_id
left join departments d on d.id = q.department_id
where q.org_id = $1 and q.status = 'pending' and q.requester_id is distinct from $2
  and not exists (select 1 from approval_decisions x where x.step_id = s.id and x.decider_id = $2)
  and (
    (s.rule->>'kind' = 'role' and exists (select 1 from memberships m where m.org_id = $1 and m.user_id = $2 and m.role::text in (select jsonb_array_elements_text(s.rule->'roles'))))
    or (s.rule->>'kind' = 'users' and s.rule->'userIds' ? $2::text)
    or (s.rule->>'kind' = 'department_managers' and exists (select 1 from department_members dm where dm.org_id = $1 and dm.department_id = (s.rule->>'departmentId')::uuid and dm.user_id = $2 and dm.is_manager))
  )
order by q.created_at desc, q.id desc limit 31`;

export const INBOX_ALL_SQL = `
select q.id, q.subject_type, q.title, q.status, q.current_step, q.due_at, q.escalated_at, q.created_at, q.decided_at,
  u.name as requester_name, d.name as department_name,
  (select count(*) from approval_steps s2 where s2.request_id = q.id)::int as step_count
from approval_requests q left join users u on u.id = q.requester_id left join departments d on d.id = q.department_id
where q.org_id = $1
order by q.created_at desc, q.id desc limit 31`;

export const ACTIVITY_SQL = `
select a.id, a.entity_type, a.entity_id, a.action, a.before, a.after, a.created_at, a.actor_id, u.name as actor_name
from audit_events a left join users u on u.id = a.actor_id
where a.org_id = $1
order by a.id desc limit 51`;

/** A check-in: the row, the key result's latest value, the audit event — one statement. */
export const CHECK_IN_SQL = `
with kr as (select id, current_value, confidence from key_results where id = $2 and org_id = $1),
ins as (insert into check_ins (org_id, key_result_id, value, confidence, note, source, author_id)
  select $1, kr.id, $4, $5, '', 'manual', $3 from kr returning *),
upd as (update key_results set current_value = $4, confidence = $5, last_check_in_at = now(), updated_at = now() where id = (select id from kr) returning id),
aud as (insert into audit_events (org_id, actor_id, entity_type, entity_id, action, before, after)
  select $1, $3, 'keyResult', kr.id::text, 'check_in', json_build_object('value', kr.current_value, 'confidence', kr.confidence), json_build_object('value', $4::float8, 'confidence', $5::int) from kr)
select * from ins`;

/** An approval of a one-step campaign launch: decision, step, request, campaign, audit, notification. */
export const DECIDE_SQL = `
with q as (select * from approval_requests where id = $2 and org_id = $1 and status = 'pending'),
s as (select * from approval_steps where request_id = $2 and position = (select current_step from q)),
dec as (insert into approval_decisions (org_id, request_id, step_id, decider_id, decision, comment) select $1, q.id, s.id, $3, 'approve', '' from q, s returning id),
st as (update approval_steps set status = 'approved', decided_at = now() where id = (select id from s) and status = 'pending' returning id),
rq as (update approval_requests set status = 'approved', decided_at = now(), updated_at = now(), version = version + 1 where id = (select id from q) returning *),
c as (update campaigns set status = 'approved', approved_budget_minor = ((select snapshot from q)->>'requestedMinor')::bigint, approved_at = now(), version = version + 1
  where id::text = (select subject_id from q) and status = 'pending_approval' returning id),
n as (insert into notifications (org_id, user_id, kind, params, link) select $1, q.requester_id, 'approvalDecided', '{}'::jsonb, '' from q where q.requester_id is not null),
a1 as (insert into audit_events (org_id, actor_id, entity_type, entity_id, action) select $1, $3, 'campaign', id::text, 'status_approved' from c),
a2 as (insert into audit_events (org_id, actor_id, entity_type, entity_id, action) select $1, $3, 'approval', id::text, 'approve' from rq)
select * from rq`;

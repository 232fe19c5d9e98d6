import { and, asc, desc, eq, gt, ilike, lt, or, sql, gte, lte, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { qualified } from "@/db/sql";
import { apiKeys, auditEvents, departmentMembers, departments, invitations, memberships, organizations, users } from "@/db/schema";
import type { Actor } from "./actor";
import type { z } from "zod";
import type { ZListActivityInput, ZListMembersInput } from "./schema";

export async function listMyOrganizations(db: DbOrTx, userId: string) {
  return db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

export async function getOrganization(db: DbOrTx, actor: Actor) {
  const [org] = await db
    .select({
      id: organizations.id,
      slug: organizations.slug,
      name: organizations.name,
      version: organizations.version,
      createdAt: organizations.createdAt,
    })
    .from(organizations)
    .where(eq(organizations.id, actor.orgId))
    .limit(1);
  return {
    ...org!,
    me: {
      userId: actor.userId,
      role: actor.role,
      departmentIds: actor.departmentIds,
      managedDepartmentIds: actor.managedDepartmentIds,
    },
  };
}

/** Keyset cursor for members: "name\u0001id" (a malformed cursor restarts from the top). */
function decodeMemberCursor(cursor?: string): { name: string; id: string } | null {
  if (!cursor) return null;
  const i = cursor.lastIndexOf("\u0001");
  if (i < 0) return null;
  const id = cursor.slice(i + 1);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  return { name: cursor.slice(0, i), id };
}

export async function listMembers(db: DbOrTx, actor: Actor, input: z.infer<typeof ZListMembersInput>) {
  const after = decodeMemberCursor(input.cursor);
  const search = input.search ? `%${input.search.replace(/[\\%_]/g, (c) => "\\" + c)}%` : null;
  const rows = await db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      version: memberships.version,
      joinedAt: memberships.createdAt,
      departments: sql<{ id: string; name: string; isManager: boolean }[]>`coalesce((
        select json_agg(json_build_object('id', d.id, 'name', d.name, 'isManager', dm.is_manager) order by d.name)
        from ${departmentMembers} dm join ${departments} d on d.id = dm.department_id
        where dm.org_id = ${qualified(memberships, memberships.orgId)} and dm.user_id = ${qualified(memberships, memberships.userId)}
      ), '[]'::json)`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.orgId, actor.orgId),
        search ? or(ilike(users.name, search), ilike(users.email, search)) : undefined,
        input.departmentId
          ? sql`exists (select 1 from ${departmentMembers} dm where dm.org_id = ${qualified(memberships, memberships.orgId)}
              and dm.user_id = ${qualified(memberships, memberships.userId)} and dm.department_id = ${input.departmentId})`
          : undefined,
        after
          ? or(gt(users.name, after.name), and(eq(users.name, after.name), gt(memberships.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > input.limit && last ? `${last.name}\u0001${last.membershipId}` : null,
  };
}

export async function listDepartments(db: DbOrTx, actor: Actor) {
  return db
    .select({
      id: departments.id,
      name: departments.name,
      parentId: departments.parentId,
      version: departments.version,
      memberCount: sql<number>`(select count(*) from ${departmentMembers} dm where dm.department_id = ${qualified(departments, departments.id)})`.mapWith(Number),
      managers: sql<{ userId: string; name: string }[]>`coalesce((
        select json_agg(json_build_object('userId', u.id, 'name', u.name) order by u.name)
        from ${departmentMembers} dm join ${users} u on u.id = dm.user_id
        where dm.department_id = ${qualified(departments, departments.id)} and dm.is_manager
      ), '[]'::json)`,
    })
    .from(departments)
    .where(eq(departments.orgId, actor.orgId))
    .orderBy(asc(departments.name));
}

export async function listPendingInvitations(db: DbOrTx, actor: Actor) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      departmentIds: invitations.departmentIds,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedByName: users.name,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.orgId, actor.orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function listActivity(db: DbOrTx, actor: Actor, input: z.infer<typeof ZListActivityInput>) {
  const rows = await db
    .select({
      id: auditEvents.id,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      createdAt: auditEvents.createdAt,
      actorId: auditEvents.actorId,
      actorName: users.name,
      // Changes made through the public API name their key (server/audit/record.ts).
      apiKeyName: sql<string | null>`(
        select ${apiKeys.name} from ${apiKeys}
        where ${qualified(apiKeys, apiKeys.orgId)} = ${qualified(auditEvents, auditEvents.orgId)}
          and ${qualified(auditEvents, auditEvents.requestId)} like 'apikey:%'
          and ${qualified(apiKeys, apiKeys.id)}::text = substring(${qualified(auditEvents, auditEvents.requestId)} from 8 for 36)
      )`,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(
      and(
        eq(auditEvents.orgId, actor.orgId),
        input.actorId ? eq(auditEvents.actorId, input.actorId) : undefined,
        input.entityType ? eq(auditEvents.entityType, input.entityType) : undefined,
        input.from ? gte(auditEvents.createdAt, input.from) : undefined,
        input.to ? lte(auditEvents.createdAt, input.to) : undefined,
        input.cursor ? lt(auditEvents.id, input.cursor) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items[items.length - 1]?.id ?? null) : null };
}

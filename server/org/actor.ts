import { and, eq, sql, type Column } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { perHandle, qualified } from "@/db/sql";
import { departmentMembers, memberships, organizations, userSessions, users } from "@/db/schema";
import type { Role } from "../rbac/permissions";
import { pastAbsoluteTimeout } from "../auth/config";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: string | null;
}

/** The signed-in user, if the session's epoch is current and the user is not disabled. */
export async function loadSessionUser(
  db: DbOrTx,
  session: SessionClaim,
): Promise<SessionUser | null> {
  if (!claimLooksValid(session)) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      epoch: users.sessionEpoch,
      disabledAt: users.disabledAt,
      sessionLive: sessionLive(session),
    })
    .from(users)
    .where(eq(users.id, session.userId))
    .limit(1);
  if (!row || row.disabledAt || row.epoch !== session.epoch || !row.sessionLive) return null;
  return { id: row.id, email: row.email, name: row.name, locale: row.locale };
}

/** Who is acting, in which organisation, with which role and departments. */
export interface Actor {
  userId: string;
  orgId: string;
  orgSlug: string;
  orgName: string;
  membershipId: string;
  role: Role;
  departmentIds: string[];
  managedDepartmentIds: string[];
  requestId?: string;
  /** Set when the actor is an API key acting for its creator (userId); audit rows name the key. */
  apiKeyId?: string;
}

/** The departments of the membership in the current row (for selects from memberships). */
function membershipDepartments() {
  return sql<{ id: string; m: boolean }[] | null>`(
    select json_agg(json_build_object('id', ${departmentMembers.departmentId}, 'm', ${departmentMembers.isManager}))
    from ${departmentMembers}
    where ${qualified(departmentMembers, departmentMembers.orgId)} = ${qualified(memberships, memberships.orgId)}
      and ${qualified(departmentMembers, departmentMembers.userId)} = ${qualified(memberships, memberships.userId)}
  )`;
}

interface ActorRow {
  orgId: string;
  orgSlug: string;
  orgName: string;
  membershipId: string;
  role: Role;
  depts: { id: string; m: boolean }[] | null;
}

function toActor(userId: string, row: ActorRow, requestId?: string): Actor {
  const depts = row.depts ?? [];
  return {
    userId,
    orgId: row.orgId,
    orgSlug: row.orgSlug,
    orgName: row.orgName,
    membershipId: row.membershipId,
    role: row.role,
    departmentIds: depts.map((d) => d.id),
    managedDepartmentIds: depts.filter((d) => d.m).map((d) => d.id),
    requestId,
  };
}

/** Resolves the membership of a user in the org with this slug, in one statement; null if not a member. */
export async function loadActor(
  db: DbOrTx,
  userId: string,
  orgSlug: string,
  requestId?: string,
): Promise<Actor | null> {
  const [row] = await db
    .select({
      orgId: organizations.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
      membershipId: memberships.id,
      role: memberships.role,
      depts: membershipDepartments(),
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(organizations.slug, orgSlug), eq(memberships.userId, userId)))
    .limit(1);
  return row ? toActor(userId, row, requestId) : null;
}

/**
 * The session's user and their membership in the org with this slug, in one statement: the
 * authentication check (epoch, disabled) and the authorisation lookup of every organisation
 * procedure share a round trip. `user` is null when the session has ended; `actor` is null when
 * the user is not a member of that organisation.
 */
export async function loadSessionActor(
  db: DbOrTx,
  session: SessionClaim,
  orgSlug: string,
  requestId?: string,
): Promise<{ user: SessionUser | null; actor: Actor | null }> {
  if (!claimLooksValid(session)) return { user: null, actor: null };
  const withSid = session.sid !== undefined;
  const [row] = await sessionActorQuery(db, withSid).execute({ userId: session.userId, orgSlug, sid: session.sid ?? null });
  if (!row || row.disabledAt || row.epoch !== session.epoch || !row.sessionLive) return { user: null, actor: null };
  const user = { id: row.id, email: row.email, name: row.name, locale: row.locale };
  if (!row.membershipId || !row.orgId || !row.orgSlug || !row.orgName || !row.role) return { user, actor: null };
  return {
    user,
    actor: toActor(row.id, { ...row, orgId: row.orgId, orgSlug: row.orgSlug, orgName: row.orgName, membershipId: row.membershipId, role: row.role }, requestId),
  };
}

/**
 * The statement of loadSessionActor, built once per database handle and prepared (named): every
 * organisation procedure runs it, so it is neither rebuilt by Drizzle nor re-planned by PostgreSQL on
 * each call. Two variants: with a server-side session id (browser sessions) and without (in-process
 * callers: jobs, tests).
 */
function buildSessionActorQuery(db: DbOrTx, withSid: boolean) {
  const P = { userId: sql.placeholder("userId"), orgSlug: sql.placeholder("orgSlug"), sid: sql.placeholder("sid") };
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      locale: users.locale,
      epoch: users.sessionEpoch,
      disabledAt: users.disabledAt,
      orgId: organizations.id,
      orgSlug: organizations.slug,
      orgName: organizations.name,
      membershipId: memberships.id,
      role: memberships.role,
      depts: membershipDepartments(),
      sessionLive: withSid ? sessionRowLive(P.sid) : sql<boolean>`true`,
    })
    .from(users)
    .leftJoin(organizations, eq(organizations.slug, P.orgSlug))
    .leftJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.userId, users.id)))
    .where(eq(users.id, P.userId))
    .limit(1)
    .prepare(withSid ? "session_actor" : "session_actor_in_process");
}

const sessionActorQuery = perHandle(buildSessionActorQuery);

/** What a session token claims, checked against the database on every request. */
export interface SessionClaim {
  userId: string;
  /** Must equal users.session_epoch ("sign out everywhere" and password changes bump it). */
  epoch: number;
  /** Sign-in time in seconds (absolute session timeout); absent for sessions that predate it. */
  authAt?: number;
  /**
   * The server-side session (user_sessions row) of this sign-in; it must exist and not be revoked, so
   * signing out ends it. Always present for browser sessions (server/api/context.ts treats a token
   * without one as signed out); in-process callers (tests, jobs) may omit it.
   */
  sid?: string;
}

function claimLooksValid(session: SessionClaim): boolean {
  return isUuid(session.userId) && !pastAbsoluteTimeout(session.authAt) && (session.sid === undefined || isUuid(session.sid));
}

/** True when the claim has no server-side session (in-process callers) or its session is not revoked. */
function sessionLive(session: SessionClaim) {
  return session.sid === undefined ? sql<boolean>`true` : sessionRowLive(session.sid);
}

/** The session row `sid` (a value or a prepared statement's placeholder) exists for the row's user and is not revoked. */
function sessionRowLive(sid: unknown) {
  const s = (c: Column) => qualified(userSessions, c);
  return sql<boolean>`exists (select 1 from ${userSessions} where ${s(userSessions.id)} = ${sid} and ${s(userSessions.userId)} = ${qualified(users, users.id)} and ${s(userSessions.revokedAt)} is null)`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

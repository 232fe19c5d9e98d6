/**
 * THE permission table. Every tRPC procedure declares one of these permissions (or "public" /
 * "authenticated") and the procedure builder in server/api/trpc.ts enforces it. Pages call the
 * same can() to hide controls, but the server decides.
 *
 * scope: "org" — anywhere in the organisation; "department" — only for subjects in a department
 * the actor manages (managers) or belongs to; "own" — only subjects the actor owns.
 */
export const ROLES = ["owner", "admin", "manager", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export type Scope = "org" | "department" | "own";

type Grant = Partial<Record<Role, Scope>>;

const ALL_READ: Grant = { owner: "org", admin: "org", manager: "org", member: "org", viewer: "org" };
const ADMINS: Grant = { owner: "org", admin: "org" };
/** Admins anywhere, managers in their departments. */
const MANAGERS: Grant = { owner: "org", admin: "org", manager: "department" };
/** …and members on what they own. */
const CONTRIBUTORS: Grant = { owner: "org", admin: "org", manager: "department", member: "own" };

export const PERMISSIONS = {
  "org.read": ALL_READ,
  "org.update": ADMINS,
  "org.delete": { owner: "org" },
  // A copy of everything the organisation holds (no secrets): admins, who already see all of it.
  "org.export": ADMINS,
  // Loading an export into a new, empty organisation: owners only (it writes every table at once).
  "org.import": { owner: "org" },
  "member.read": ALL_READ,
  "member.invite": ADMINS,
  "member.update": ADMINS,
  "member.remove": ADMINS,
  "department.read": ALL_READ,
  "department.create": ADMINS,
  "department.update": ADMINS,
  "department.delete": ADMINS,
  "audit.read": { owner: "org", admin: "org", manager: "org" },
  "period.read": ALL_READ,
  "period.manage": ADMINS,
  "objective.read": ALL_READ,
  "objective.create": CONTRIBUTORS,
  "objective.update": CONTRIBUTORS,
  "objective.delete": MANAGERS,
  "keyResult.manage": CONTRIBUTORS,
  "checkIn.create": CONTRIBUTORS,
  "initiative.manage": CONTRIBUTORS,
  "dependency.request": CONTRIBUTORS,
  "dependency.decide": MANAGERS,
  "okr.grade": MANAGERS,
  "okr.import": MANAGERS,
  "kpi.read": ALL_READ,
  "kpi.manage": MANAGERS,
  "kpi.record": CONTRIBUTORS,
  "approval.read": ALL_READ,
  "approval.request": CONTRIBUTORS,
  "approval.decide": { owner: "org", admin: "org", manager: "department", member: "own" },
  // Everyone who may approve can hand *their own* approvals to a colleague while away.
  "approval.delegate": { owner: "org", admin: "org", manager: "org" },
  "approval.settings": { owner: "org" },
  "notification.read": ALL_READ,
  "campaign.read": ALL_READ,
  "campaign.create": CONTRIBUTORS,
  "campaign.update": CONTRIBUTORS,
  "campaign.delete": MANAGERS,
  // Spend and results are also open to the campaign's team members (server/campaigns/refs.ts).
  "campaign.spend": CONTRIBUTORS,
  "campaign.results": CONTRIBUTORS,
  // Base currency, exchange rates, channels and the approval threshold.
  "campaign.settings": ADMINS,
  "product.read": ALL_READ,
  "product.create": CONTRIBUTORS,
  "product.update": CONTRIBUTORS,
  "product.delete": MANAGERS,
  // Stages and their checklists are the organisation's lifecycle template.
  "product.settings": ADMINS,
  // Skipping stages or an incomplete checklist at a gate (with a reason; the gate is still approved).
  "product.override": ADMINS,
  // Anyone who works here may log customer feedback and vote; authors and product owners edit it.
  "product.feedback": { owner: "org", admin: "org", manager: "org", member: "org" },
  "risk.read": ALL_READ,
  "risk.create": CONTRIBUTORS,
  "risk.update": CONTRIBUTORS,
  "risk.delete": MANAGERS,
  "risk.import": MANAGERS,
  // Categories, appetite, scales, the level matrix and review cadences.
  "risk.settings": ADMINS,
  "retro.read": ALL_READ,
  "retro.create": CONTRIBUTORS,
  // Cards, votes and actions: anyone who works here, once they are a participant (checked in the service).
  "retro.participate": { owner: "org", admin: "org", manager: "org", member: "org" },
  // Facilitating someone else's retro: its department's managers and admins (checked in the service).
  "retro.facilitate": MANAGERS,
  "retro.delete": MANAGERS,
  "retro.settings": ADMINS,
  "comment.read": ALL_READ,
  // Anyone who works here may discuss anything they can read; editing stays with the author.
  "comment.write": { owner: "org", admin: "org", manager: "org", member: "org" },
  // Keys of the public REST API (create, list, revoke). A key acts with a role no higher than its creator's.
  "apikey.manage": ADMINS,
  // Outgoing webhooks: their URLs, secrets and delivery logs are for admins only.
  "webhook.manage": ADMINS,
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof PERMISSIONS;
/** Procedures open to anyone / to any signed-in user, outside an organisation. */
export type OpenPermission = "public" | "authenticated";

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(p: string): p is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, p);
}

/** The scope with which a role holds a permission, or null if it does not. */
export function scopeOf(role: Role, permission: Permission): Scope | null {
  const grant: Grant = PERMISSIONS[permission];
  return grant[role] ?? null;
}

export interface ScopeSubject {
  /** Department the subject belongs to. */
  departmentId?: string | null;
  /** User who owns the subject. */
  ownerId?: string | null;
}

export interface ScopeActor {
  userId: string;
  role: Role;
  departmentIds: readonly string[];
  managedDepartmentIds: readonly string[];
}

/**
 * can(role, permission) — does the role hold the permission at all?
 * can(actor, permission, subject) — may this actor act on this subject, given the scope?
 */
export function can(role: Role, permission: Permission): boolean;
export function can(actor: ScopeActor, permission: Permission, subject: ScopeSubject): boolean;
export function can(who: Role | ScopeActor, permission: Permission, subject?: ScopeSubject): boolean {
  const role = typeof who === "string" ? who : who.role;
  const scope = scopeOf(role, permission);
  if (!scope) return false;
  if (typeof who === "string" || !subject || scope === "org") return true;
  if (scope === "department") {
    const dept = subject.departmentId;
    const depts = who.role === "manager" ? who.managedDepartmentIds : who.departmentIds;
    return (!!dept && depts.includes(dept)) || (!!subject.ownerId && subject.ownerId === who.userId);
  }
  return !!subject.ownerId && subject.ownerId === who.userId;
}

/** Roles an actor with `role` may assign to others: only owners make owners. */
export function assignableRoles(role: Role): Role[] {
  if (role === "owner") return [...ROLES];
  if (role === "admin") return ["admin", "manager", "member", "viewer"];
  return [];
}

import type { Role } from "@/server/rbac/permissions";

export const BOXES = ["waiting", "mine", "all"] as const;
export type Box = (typeof BOXES)[number];
export const REQUEST_STATUSES = ["pending", "approved", "rejected", "changes_requested", "cancelled", "expired"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** Subject types the UI knows how to label (server/approvals/subjects.ts registers them). */
export const SUBJECT_TYPES = ["objective_set", "campaign_launch", "campaign_budget"] as const;
export const INBOX_PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Sp = Record<string, string | string[] | undefined> | URLSearchParams;
const get = (sp: Sp, k: string) =>
  sp instanceof URLSearchParams ? (sp.get(k) ?? undefined) : typeof sp[k] === "string" ? (sp[k] as string) : undefined;
const oneOf = <T extends string>(v: string | undefined, list: readonly T[]) =>
  v && (list as readonly string[]).includes(v) ? (v as T) : undefined;

/** Managers see their departments' requests, admins and owners everything; members and viewers only their own. */
export function mayListAll(role: Role) {
  return role === "owner" || role === "admin" || role === "manager";
}

/** Inbox view from the URL (?box=&status=&type=&dept=); invalid values fall back to the defaults. */
export function parseInboxParams(sp: Sp, role: Role) {
  const box = oneOf(get(sp, "box"), BOXES);
  const dept = get(sp, "dept");
  return {
    box: box === "all" && !mayListAll(role) ? "waiting" : (box ?? "waiting"),
    status: oneOf(get(sp, "status"), REQUEST_STATUSES),
    subjectType: oneOf(get(sp, "type"), SUBJECT_TYPES),
    departmentId: dept && UUID.test(dept) ? dept : undefined,
  } satisfies { box: Box; status?: RequestStatus; subjectType?: string; departmentId?: string };
}

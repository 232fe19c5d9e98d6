const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LEVELS = ["company", "department", "team", "individual"] as const;
const STATUSES = ["draft", "pending_approval", "approved", "active", "closed", "cancelled"] as const;
const CONFIDENCE = ["on_track", "at_risk", "off_track", "attention", "none"] as const;

type Sp = Record<string, string | string[] | undefined> | URLSearchParams;
const get = (sp: Sp, k: string) => (sp instanceof URLSearchParams ? (sp.get(k) ?? undefined) : typeof sp[k] === "string" ? (sp[k] as string) : undefined);
const oneOf = <T extends string>(v: string | undefined, list: readonly T[]) => (v && (list as readonly string[]).includes(v) ? (v as T) : undefined);

/** Objective-list filters from the URL; invalid values are ignored. */
export function parseObjectiveFilters(sp: Sp) {
  const dept = get(sp, "dept");
  const owner = get(sp, "owner");
  return {
    departmentId: dept && UUID.test(dept) ? dept : undefined,
    ownerId: owner && UUID.test(owner) ? owner : undefined,
    level: oneOf(get(sp, "level"), LEVELS),
    status: oneOf(get(sp, "status"), STATUSES),
    confidence: oneOf(get(sp, "confidence"), CONFIDENCE),
  };
}

export const FILTER_OPTIONS = { LEVELS, STATUSES, CONFIDENCE };

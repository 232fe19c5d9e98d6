import { RISK_LEVEL_VALUES, RISK_STATUSES } from "@/server/risks/constants";
import type { TRiskFilters } from "@/server/risks/schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CATEGORY = /^[a-z][a-z0-9_]{0,39}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Sp = Record<string, string | string[] | undefined> | URLSearchParams;
const get = (sp: Sp, k: string) => (sp instanceof URLSearchParams ? (sp.get(k) ?? undefined) : typeof sp[k] === "string" ? (sp[k] as string) : undefined);
const oneOf = <T extends string>(v: string | undefined, list: readonly T[]) => (v && (list as readonly string[]).includes(v) ? (v as T) : undefined);
const score = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : undefined;
};

/**
 * Register filters from the URL (`?category=&level=&owner=&dept=&status=&overdue=1&warning=1&appetite=above&q=&l=&i=&basis=`);
 * invalid values are ignored. A heat-map cell needs both `l` and `i`.
 */
export function parseRiskFilters(sp: Sp): TRiskFilters {
  const category = get(sp, "category");
  const owner = get(sp, "owner");
  const dept = get(sp, "dept");
  const q = get(sp, "q")?.trim().slice(0, 100);
  const l = score(get(sp, "l"));
  const i = score(get(sp, "i"));
  const f: TRiskFilters = { basis: get(sp, "basis") === "inherent" ? "inherent" : "residual" };
  if (category && CATEGORY.test(category)) f.category = category;
  const level = oneOf(get(sp, "level"), RISK_LEVEL_VALUES);
  if (level) f.level = level;
  if (owner && UUID.test(owner)) f.ownerId = owner;
  if (dept && UUID.test(dept)) f.departmentId = dept;
  const status = oneOf(get(sp, "status"), RISK_STATUSES);
  if (status) f.status = status;
  if (get(sp, "overdue") === "1") f.overdue = true;
  if (get(sp, "warning") === "1") f.warning = true;
  if (get(sp, "appetite") === "above") f.aboveAppetite = true;
  if (q) f.search = q;
  if (l && i) {
    f.likelihood = l;
    f.impact = i;
  }
  return f;
}

/** URL keys that narrow the register (the basis alone does not). */
export const FILTER_KEYS = ["category", "level", "owner", "dept", "status", "overdue", "warning", "appetite", "q", "l", "i"] as const;

/** The movement window from the URL (`?from=&to=`), by default the last 90 days. */
export function parseMovementRange(sp: Sp, today: string): { from: string; to: string } {
  const from = get(sp, "from");
  const to = get(sp, "to");
  const t = to && DATE.test(to) ? to : today;
  const f = from && DATE.test(from) && from <= t ? from : new Date(Date.parse(`${t}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
  return { from: f, to: t };
}

/** Sorting from the URL (`?sort=residual` or `?sort=-residual`, minus for descending). */
export function parseSort(sp: Sp): { id: string; desc: boolean }[] {
  const s = get(sp, "sort");
  if (!s || !/^-?[a-zA-Z]{1,30}$/.test(s)) return [];
  return s.startsWith("-") ? [{ id: s.slice(1), desc: true }] : [{ id: s, desc: false }];
}

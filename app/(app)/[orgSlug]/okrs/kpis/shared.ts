import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type Kpi = inferRouterOutputs<AppRouter>["kpi"]["list"][number];
export type KpiBand = "green" | "amber" | "red";

/** A KPI value with its unit, in the UI locale ("%" sticks to the number). */
export function formatKpiValue(value: number, unit: string, locale: string): string {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  if (!unit) return n;
  return unit === "%" ? `${n}%` : `${n} ${unit}`;
}

/** A "YYYY-MM-DD" date of the database, as a Date at midnight UTC (format it with timeZone "UTC"). */
export function dateOnly(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

/** Today in the browser's time zone, as "YYYY-MM-DD". Call from event handlers, not during render. */
export function todayIso(): string {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

/** Reads number inputs: empty → undefined (so the schema says "Required"), else a number. */
export function numberOrUndefined(v: unknown): number | undefined {
  if (v === "" || v == null) return undefined;
  return typeof v === "number" ? v : Number(v);
}

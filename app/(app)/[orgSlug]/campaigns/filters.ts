import { CAMPAIGN_STATUSES } from "@/server/campaigns/schema";
import { formatMinor, minorDigits } from "@/server/campaigns/money";
import { isCalendarDate } from "@/server/dates";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHANNEL = /^[a-z][a-z0-9_]{0,39}$/;

type Sp = Record<string, string | string[] | undefined> | URLSearchParams;
const get = (sp: Sp, k: string) => (sp instanceof URLSearchParams ? (sp.get(k) ?? undefined) : typeof sp[k] === "string" ? (sp[k] as string) : undefined);
const oneOf = <T extends string>(v: string | undefined, list: readonly T[]) => (v && (list as readonly string[]).includes(v) ? (v as T) : undefined);

/** Campaign-list filters from the URL; invalid values are ignored. */
export function parseCampaignFilters(sp: Sp) {
  const dept = get(sp, "dept");
  const owner = get(sp, "owner");
  const channel = get(sp, "channel");
  // A quarter ("?period=2026-Q4") or explicit dates ("?from=&to=", e.g. a dashboard's period).
  const from = get(sp, "from");
  const to = get(sp, "to");
  const range = quarterRange(get(sp, "period"));
  return {
    ...(range ?? {}),
    ...(from && isCalendarDate(from) ? { from } : {}),
    ...(to && isCalendarDate(to) ? { to } : {}),
    status: oneOf(get(sp, "status"), CAMPAIGN_STATUSES),
    channel: channel && CHANNEL.test(channel) ? channel : undefined,
    departmentId: dept && UUID.test(dept) ? dept : undefined,
    ownerId: owner && UUID.test(owner) ? owner : undefined,
  };
}

export const FILTER_KEYS = ["status", "channel", "dept", "owner", "period", "from", "to"] as const;

const QUARTER = /^(\d{4})-Q([1-4])$/;
/** "2026-Q4" → the campaigns running at some point in that quarter (from/to overlap). */
export function quarterRange(v: string | undefined): { from: string; to: string } | null {
  const m = v ? QUARTER.exec(v) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  const from = new Date(Date.UTC(year, (q - 1) * 3, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(year, q * 3, 0)).toISOString().slice(0, 10);
  return { from, to };
}

/** Quarters from last year to next year, for the period filter. */
export function quarterOptions(today = new Date()): string[] {
  const y = today.getUTCFullYear();
  return [y - 1, y, y + 1].flatMap((year) => [1, 2, 3, 4].map((q) => `${year}-Q${q}`));
}
export const PAGE_SIZE = 50;

/** Formats integer minor units as money in the locale (exact digits of the currency, no float scaling). */
export function formatMoney(locale: string, minor: number | null | undefined, currency: string): string {
  if (minor == null) return "—";
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    Number(formatMinor(minor, currency)),
  );
}

/** A calendar date ("2026-03-01") as a Date at UTC midnight, for useFormatter with timeZone "UTC". */
export const dateOf = (d: string) => new Date(`${d}T00:00:00Z`);

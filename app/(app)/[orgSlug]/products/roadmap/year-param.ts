export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** The roadmap's year from `?year=`: a whole year the server accepts, else the current one (UTC). */
export function roadmapYear(raw: string | string[] | undefined, now = new Date()): number {
  const y = typeof raw === "string" && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : now.getUTCFullYear();
}

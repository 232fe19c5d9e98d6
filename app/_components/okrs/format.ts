/** Formats a KR value with its type and unit for the UI locale. */
export function formatKrValue(
  value: number | null | undefined,
  kr: { type: string; unit: string },
  locale: string,
  milestoneLabels: { done: string; notDone: string },
): string {
  if (value == null) return "—";
  if (kr.type === "milestone") return value >= 1 ? milestoneLabels.done : milestoneLabels.notDone;
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  if (kr.type === "percentage") return `${n}%`;
  return kr.unit ? `${n} ${kr.unit}` : n;
}

import { defaultPeriod } from "./queries";

/** The period a page shows: `?period=<id>` when it is one of the org's, else the default one. */
export function pickPeriod<T extends { id: string; status: string; kind: string; startsOn: string; endsOn: string }>(
  list: T[],
  requested: string | string[] | undefined,
): T | undefined {
  const id = typeof requested === "string" ? requested : undefined;
  return list.find((p) => p.id === id) ?? defaultPeriod(list);
}

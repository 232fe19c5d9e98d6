export const ENTITY_TYPES = ["organization", "membership", "department", "invitation", "webhook"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Activity filters from the URL (shared links), validated; unknown values are ignored. */
export function parseActivityFilters(sp: URLSearchParams) {
  const actor = sp.get("actor") ?? "";
  const type = sp.get("type") ?? "";
  const from = sp.get("from") ?? "";
  const to = sp.get("to") ?? "";
  return {
    actorId: UUID.test(actor) ? actor : undefined,
    entityType: (ENTITY_TYPES as readonly string[]).includes(type) ? type : undefined,
    from: DAY.test(from) ? new Date(`${from}T00:00:00.000Z`) : undefined,
    to: DAY.test(to) ? new Date(`${to}T23:59:59.999Z`) : undefined,
  };
}


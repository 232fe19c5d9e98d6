/** The board's URL filters (shared by the server page and the client board). */
export const BOARD_FILTERS = ["owner", "department", "q"] as const;

export function boardInput(sp: URLSearchParams) {
  const uuid = (v: string | null) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
  return {
    ownerId: uuid(sp.get("owner")),
    departmentId: uuid(sp.get("department")),
    search: sp.get("q")?.trim().slice(0, 100) || undefined,
  };
}

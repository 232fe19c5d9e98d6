import { getDb } from "@/server/db";
import { readiness } from "@/server/health";
import { isDraining } from "@/server/shutdown";

export const dynamic = "force-dynamic";

/** Readiness: the database is reachable and its migrations match this deploy; 503 with the reason otherwise. */
export async function GET() {
  const r = await readiness(getDb, 5000, isDraining());
  return Response.json(r, { status: r.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
}

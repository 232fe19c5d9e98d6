import pg from "pg";
import { objectivesSql } from "@/bench/sql";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

const g = globalThis as unknown as { __benchFloorPool?: pg.Pool };

/**
 * The framework floor of `npm run bench:http`: a bare route handler in the same app running the OKR
 * list's SQL with `pg`, no session, no RBAC, no tRPC, no Drizzle. Answers only when BENCH_FLOOR=1 on
 * PostgreSQL; everywhere else it does not exist (404).
 */
export async function GET(req: Request) {
  const e = env();
  if (e.BENCH_FLOOR !== "1" || !e.DATABASE_URL?.startsWith("postgres")) return new Response(null, { status: 404 });
  const q = new URL(req.url).searchParams;
  g.__benchFloorPool ??= new pg.Pool({ connectionString: e.DATABASE_URL, max: 10 });
  const { rows } = await g.__benchFloorPool.query(objectivesSql(true), [q.get("org"), q.get("period"), q.get("dept")]);
  return Response.json(rows, { headers: { "cache-control": "no-store" } });
}

export const dynamic = "force-dynamic";

const startedAt = new Date().toISOString();

/** Liveness: the process answers. Touches no database, so a database outage never restarts instances. */
export function GET() {
  return Response.json(
    { status: "ok", startedAt, uptimeSeconds: Math.round(process.uptime()) },
    { headers: { "cache-control": "no-store" } },
  );
}

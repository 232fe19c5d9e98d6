import crypto from "node:crypto";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { runJobs } from "@/server/jobs";
import { baseUrl } from "@/server/api/context";
import { configuredMailer } from "@/server/mail";

export const dynamic = "force-dynamic";

/** Scheduled jobs, for a host's cron: `Authorization: Bearer $CRON_SECRET`. */
async function handler(req: Request) {
  const secret = env().CRON_SECRET;
  if (!secret) return Response.json({ error: "Scheduled jobs are disabled: set CRON_SECRET." }, { status: 503 });
  const given = (req.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return Response.json({ error: "Unauthorized" }, { status: 401 });
  return Response.json(await runJobs(await getDb(), new Date(), { mailer: configuredMailer(), baseUrl: baseUrl(req.headers) }));
}

export { handler as GET, handler as POST };

import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { after } from "next/server";
import { appRouter } from "@/server/api/root";
import { createRequestContext } from "@/server/api/context";
import { checkIdempotencyBatch } from "@/server/api/trpc";

/**
 * CSRF defence in depth (cookies are SameSite=Lax as well): state-changing requests must be POSTs
 * with a JSON body from this origin.
 */
function rejectCrossSite(req: Request): Response | null {
  if (req.method !== "POST") return null;
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    return Response.json({ error: { message: "Mutations must send a JSON body (Content-Type: application/json)." } }, { status: 415 });
  }
  const origin = req.headers.get("origin");
  if (origin) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    let originHost = "";
    try {
      originHost = new URL(origin).host;
    } catch {
      /* malformed origin */
    }
    if (!host || originHost !== host) {
      return Response.json({ error: { message: "Cross-site request refused." } }, { status: 403 });
    }
  }
  return null;
}

const handler = async (req: Request) => {
  const refused = rejectCrossSite(req);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // `after` keeps post-response work (webhook deliveries) alive on serverless hosts.
    createContext: async ({ resHeaders, info }) => {
      const ctx = await createRequestContext(req.headers, resHeaders);
      checkIdempotencyBatch(ctx.idempotencyKeys, info.calls.length);
      return { ...ctx, defer: (work) => after(work) };
    },
    allowMethodOverride: false,
  });
};

export { handler as GET, handler as POST };

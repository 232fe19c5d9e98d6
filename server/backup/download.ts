import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createCaller } from "../api/root";
import { errorMessageOf, type Context } from "../api/trpc";
import { exportFileName } from "./queries";

/**
 * The export as a file download (GET /api/orgs/<slug>/export). Goes through the org.export procedure,
 * so the permission, NOT_FOUND for non-members and the audit row are exactly those of the API.
 */
export async function exportDownload(ctx: Context, orgSlug: string): Promise<Response> {
  try {
    const doc = await createCaller(ctx).org.export({ orgSlug });
    return new Response(JSON.stringify(doc, null, 1), {
      status: 200,
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${exportFileName(doc.org.slug)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (e) {
    const err = e instanceof TRPCError ? e : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: e });
    return Response.json(
      { error: { code: err.code, message: errorMessageOf(err, ctx.locale ?? "en", ctx.requestId) } },
      { status: getHTTPStatusCodeFromError(err), headers: { "cache-control": "no-store" } },
    );
  }
}

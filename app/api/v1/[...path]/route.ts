import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { createApiHandler } from "@/server/api/rest/handler";

export const dynamic = "force-dynamic";

/** The public REST API (see server/api/rest): `Authorization: Bearer <API key>`; /api/v1/openapi.json describes it. */
const handler = createApiHandler({
  db: getDb,
  get rateLimitPerMinute() {
    return env().API_RATE_LIMIT_PER_MINUTE;
  },
  get baseUrl() {
    return env().AUTH_URL?.replace(/\/+$/, "");
  },
});

export { handler as GET, handler as POST };

/** `npm run db:seed`: the demo organisation. Refused in production unless SEED_ALLOW_PRODUCTION=1. */
import { createDb, driverFor } from "../client";
import { env } from "../../server/env";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "./demo";

async function main() {
  const e = env();
  if (e.NODE_ENV === "production" && e.LODESTAR_DEMO !== "1" && e.SEED_ALLOW_PRODUCTION !== "1") {
    throw new Error("Refusing to seed demo data in production. Set SEED_ALLOW_PRODUCTION=1 if you really mean it.");
  }
  const handle = await createDb(e.DATABASE_URL, { driver: driverFor(e.DATABASE_URL), neonWsProxy: e.NEON_WS_PROXY });
  try {
    if (handle.kind === "pglite") await handle.migrate();
    await seedDemo(handle.db);
    console.log(`Demo data ready. Sign in with any of: ${DEMO_USERS.map((u) => u.email).join(", ")} — password "${DEMO_PASSWORD}".`);
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

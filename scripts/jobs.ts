/** `npm run jobs`: runs the scheduled jobs once against DATABASE_URL (stop the dev server first when on PGlite). */
import { createDb, driverFor } from "../db/client";
import { env } from "../server/env";
import { runJobs } from "../server/jobs";
import { configuredMailer, configuredOrigin } from "../server/mail";

async function main() {
  const e = env();
  const handle = await createDb(e.DATABASE_URL, { driver: driverFor(e.DATABASE_URL), neonWsProxy: e.NEON_WS_PROXY });
  try {
    if (handle.kind === "pglite") await handle.migrate();
    console.log(JSON.stringify(await runJobs(handle.db, new Date(), { mailer: configuredMailer(), baseUrl: configuredOrigin() })));
  } finally {
    await handle.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

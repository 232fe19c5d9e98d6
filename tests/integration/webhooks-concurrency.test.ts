/**
 * Several senders at once (instances running the cron job, requests kicking deliveries) on real
 * PostgreSQL (TEST_DB=neon; PGlite runs one statement at a time, so this file is skipped there):
 * claims use FOR UPDATE SKIP LOCKED and a lease, so every delivery is sent exactly once.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { webhookDeliveries, webhooks } from "@/db/schema";
import { deliverDue } from "@/server/webhooks/deliver";
import { createTestDb } from "../helpers/db";
import { makeWorld, type World } from "./_support/procedures";

const cfg = inject("testDb");

describe.runIf(cfg.kind === "neon")("concurrent webhook senders (PostgreSQL)", () => {
  let h: DbHandle;
  let w: World;
  let server: http.Server;
  let url = "";
  const seen: string[] = [];

  beforeAll(async () => {
    h = await createTestDb();
    w = await makeWorld(h.db, "hookrace");
    server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        seen.push(String(req.headers["lodestar-delivery"]));
        // a slow receiver widens the window in which a second sender could pick the same row
        setTimeout(() => res.writeHead(200).end("ok"), 50);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/race`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await h?.close();
  });

  it("four senders over 40 due deliveries send each one exactly once", async () => {
    const [hook] = await h.db.insert(webhooks).values({ orgId: w.org.orgId, url, events: ["*"], secret: "whsec_race" }).returning();
    const rows = await h.db
      .insert(webhookDeliveries)
      .values(Array.from({ length: 40 }, (_, i) => ({ orgId: w.org.orgId, webhookId: hook!.id, event: "risk.created", payload: { id: `e${i}`, event: "risk.created" } })))
      .returning({ id: webhookDeliveries.id });
    const results = await Promise.all([0, 1, 2, 3].map(() => deliverDue(h.db, { max: 40 })));
    expect(results.reduce((n, r) => n + r.attempted, 0)).toBe(40);
    expect(seen.sort()).toEqual(rows.map((r) => r.id).sort());
    const after = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook!.id));
    expect(after.every((d) => d.status === "succeeded" && d.attempts === 1)).toBe(true);
  });
});

/**
 * Idempotency keys (the Idempotency-Key header): a retried create or decision with the same key gives
 * one row and the same response; the same key with a different request is refused; a failed call
 * leaves no key; keys are per actor and expire after 24 hours. Through tRPC callers (the context the
 * HTTP handler builds), a tRPC HTTP batch, and the REST API. The concurrent case runs on PostgreSQL
 * only (TEST_DB=neon); PGlite runs one transaction at a time.
 */
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { and, eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { apiKeys, approvalDecisions, auditEvents, campaignSpend, checkIns, idempotencyKeys, objectives, risks } from "@/db/schema";
import { appRouter } from "@/server/api/root";
import { createApiHandler } from "@/server/api/rest/handler";
import { openApiDocument } from "@/server/api/rest/openapi";
import { checkIdempotencyBatch, type Context } from "@/server/api/trpc";
import { parseIdempotencyHeader, sweepIdempotencyKeys } from "@/server/idempotency/service";
import { runJobs } from "@/server/jobs";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, callPath, caseFor, describeError, kindOf, listProcedures, makeWorld, mine, outcome, uid, whoFor, type World } from "./_support/procedures";

const cfg = inject("testDb");
let h: DbHandle;
let w: World;

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "idem");
});
afterAll(async () => h?.close());

const key = () => `k-${uid()}-${uid()}`;
const as = (role: "owner" | "admin" | "manager" | "member", k?: string) =>
  callerFor(h.db, w.org.users[role].id, k ? { idempotencyKeys: [k] } : {});
const who = (role: "owner" | "admin" | "manager" | "member") => whoFor(w, role);

async function count(table: Parameters<typeof h.db.$count>[0], where?: Parameters<typeof h.db.$count>[1]) {
  return h.db.$count(table, where);
}

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (e) {
    return e as TRPCError;
  }
  throw new Error("expected the call to fail");
}

describe("retried mutations with one Idempotency-Key write once", () => {
  it("objective.create: one row, one audit event, the same response", async () => {
    const k = key();
    const input = (await caseFor("objective.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const first = await (await as("admin", k)).objective.create(input as never);
    const second = await (await as("admin", k)).objective.create(input as never);
    expect(second).toEqual(first);
    expect(await count(objectives, eq(objectives.title, input.title))).toBe(1);
    expect(await count(auditEvents, and(eq(auditEvents.entityId, (first as { id: string }).id), eq(auditEvents.action, "create")))).toBe(1);
    const [row] = await h.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, k));
    expect(row).toMatchObject({ orgId: w.org.orgId, actor: `user:${w.org.users.admin.id}`, procedure: "objective.create", status: "completed" });
  });

  it("risk.create and campaign.recordSpend: one row each", async () => {
    const k1 = key();
    const riskInput = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const r1 = await (await as("admin", k1)).risk.create(riskInput as never);
    const r2 = await (await as("admin", k1)).risk.create(riskInput as never);
    expect(r2).toEqual(r1);
    expect(await count(risks, eq(risks.title, riskInput.title))).toBe(1);

    const k2 = key();
    const spendInput = (await caseFor("campaign.recordSpend").input(w, who("admin"), mine(w, who("admin")))) as { campaignId: string };
    const s1 = await (await as("admin", k2)).campaign.recordSpend(spendInput as never);
    const s2 = await (await as("admin", k2)).campaign.recordSpend(spendInput as never);
    expect(s2).toEqual(s1);
    expect(await count(campaignSpend, eq(campaignSpend.campaignId, spendInput.campaignId))).toBe(1);
  });

  it("approval.decide: a retry replays the decision instead of 'already decided'", async () => {
    const k = key();
    const input = (await caseFor("approval.decide").input(w, who("admin"), mine(w, who("admin")))) as { requestId: string };
    const first = await (await as("admin", k)).approval.decide(input as never);
    const second = await (await as("admin", k)).approval.decide(input as never);
    expect(second).toEqual(first);
    expect(await count(approvalDecisions, eq(approvalDecisions.requestId, input.requestId))).toBe(1);
    // Without the key, the same retry is (rightly) a conflict: the key is what makes it safe.
    const again = await errorOf((await as("admin")).approval.decide(input as never));
    expect(again.code).toBe("CONFLICT");
  });

  it("without a key, each call writes (keys are opt-in)", async () => {
    const input = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    await (await as("admin")).risk.create(input as never);
    await (await as("admin")).risk.create(input as never);
    expect(await count(risks, eq(risks.title, input.title))).toBe(2);
  });
});

describe("a key is bound to one request", () => {
  it("the same key with a different input is refused (422) and writes nothing", async () => {
    const k = key();
    const input = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    await (await as("admin", k)).risk.create(input as never);
    const other = { ...input, title: `${input.title} (changed)` };
    const e = await errorOf((await as("admin", k)).risk.create(other as never));
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
    expect(e.message).toContain("e.idempotency.mismatch");
    expect(await count(risks, eq(risks.title, other.title))).toBe(0);
  });

  it("the same key on another procedure is refused; property order does not matter", async () => {
    const k = key();
    const input = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as Record<string, unknown>;
    await (await as("admin", k)).risk.create(input as never);
    const reordered = Object.fromEntries(Object.entries(input).reverse());
    await (await as("admin", k)).risk.create(reordered as never);
    expect(await count(risks, eq(risks.title, input.title as string))).toBe(1);
    const objInput = await caseFor("objective.create").input(w, who("admin"), mine(w, who("admin")));
    const e = await errorOf((await as("admin", k)).objective.create(objInput as never));
    expect(e.code).toBe("UNPROCESSABLE_CONTENT");
  });

  it("a failed call leaves no key, so its retry runs again", async () => {
    const k = key();
    const input = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as Record<string, unknown>;
    const bad = { ...input, ownerId: "00000000-0000-4000-8000-000000000000" };
    const e = await errorOf((await as("admin", k)).risk.create(bad as never));
    expect(e.code).not.toBe("INTERNAL_SERVER_ERROR");
    expect(await count(idempotencyKeys, eq(idempotencyKeys.key, k))).toBe(0);
    // The key is free: the corrected request may use it.
    await (await as("admin", k)).risk.create(input as never);
    expect(await count(risks, eq(risks.title, input.title as string))).toBe(1);
  });

  it("keys are per actor: another user's identical key is another request", async () => {
    const k = key();
    const input = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    await (await as("admin", k)).risk.create(input as never);
    await (await as("owner", k)).risk.create(input as never);
    expect(await count(risks, eq(risks.title, input.title))).toBe(2);
  });

  it("a malformed key is refused", async () => {
    const input = await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")));
    const e = await errorOf((await as("admin", "has space")).risk.create(input as never));
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toBe("e.idempotency.badKey");
  });

  it("queries ignore the key", async () => {
    const c = await as("admin", key());
    await c.risk.list({ orgSlug: w.org.slug });
    await c.risk.list({ orgSlug: w.org.slug });
  });
});

describe("results with a secret shown once", () => {
  it("apiKey.create: the retry writes nothing and is refused; the key's secret is not stored", async () => {
    const k = key();
    const input = { orgSlug: w.org.slug, name: `once ${uid()}`, role: "viewer" as const, expiresOn: null };
    const created = await (await as("owner", k)).apiKey.create(input);
    const e = await errorOf((await as("owner", k)).apiKey.create(input));
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toBe("e.idempotency.secretOnce");
    expect(await count(apiKeys, eq(apiKeys.name, input.name))).toBe(1);
    const [row] = await h.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, k));
    expect(row).toMatchObject({ status: "completed_secret", response: null });
    const everything = await h.db.execute(sql`select coalesce(string_agg(t::text, ' '), '') as s from idempotency_keys t`);
    expect(JSON.stringify(everything)).not.toContain(created.key.slice(4));
  });
});

describe("expiry", () => {
  it("a key older than 24 hours is free again, and the jobs sweep it", async () => {
    const k = key();
    const input = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as Record<string, unknown>;
    await (await as("admin", k)).risk.create(input as never);
    await h.db.update(idempotencyKeys).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(idempotencyKeys.key, k));
    // Expired: the same key with another request runs (and takes the row over).
    const other = { ...input, title: `${input.title as string} later` };
    await (await as("admin", k)).risk.create(other as never);
    expect(await count(risks, eq(risks.title, other.title))).toBe(1);
    expect(await count(idempotencyKeys, eq(idempotencyKeys.key, k))).toBe(1);

    await h.db.update(idempotencyKeys).set({ createdAt: new Date(Date.now() - 25 * 3600_000) }).where(eq(idempotencyKeys.key, k));
    const fresh = key();
    await (await as("admin", fresh)).risk.create({ ...input, title: `fresh ${uid()}` } as never);
    const result = await runJobs(h.db);
    expect(result.swept.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(await count(idempotencyKeys, eq(idempotencyKeys.key, k))).toBe(0);
    expect(await count(idempotencyKeys, eq(idempotencyKeys.key, fresh))).toBe(1);
    expect((await sweepIdempotencyKeys(h.db)).deleted).toBe(0);
  });
});

describe("tRPC HTTP batches: one header entry per call", () => {
  /** The fetch adapter with the app router and the same batch check as app/api/trpc/[trpc]/route.ts. */
  async function post(paths: string[], inputs: unknown[], header?: string) {
    const url = `http://lodestar.test/api/trpc/${paths.join(",")}?batch=1`;
    const body = Object.fromEntries(inputs.map((input, i) => [String(i), superjson.serialize(input)]));
    const req = new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(header !== undefined ? { "idempotency-key": header } : {}) },
      body: JSON.stringify(body),
    });
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: async ({ info, resHeaders }) => {
        const ctx: Context = {
          db: h.db,
          session: { userId: w.org.users.admin.id, epoch: 0 },
          requestId: `t-${uid()}`,
          ip: "127.0.0.1",
          resHeaders,
          idempotencyKeys: parseIdempotencyHeader(req.headers.get("idempotency-key")),
        };
        checkIdempotencyBatch(ctx.idempotencyKeys, info.calls.length);
        return ctx;
      },
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as { result?: { data: unknown }; error?: { json: { message: string } } }[] };
  }

  it("a retried batch of two creates writes each once; the entry is picked by batch index", async () => {
    const a = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const b = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const header = `${key()},${key()}`;
    const first = await post(["risk.create", "risk.create"], [a, b], header);
    expect(first.status).toBe(200);
    const second = await post(["risk.create", "risk.create"], [a, b], header);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await count(risks, eq(risks.title, a.title))).toBe(1);
    expect(await count(risks, eq(risks.title, b.title))).toBe(1);
    // Swapped inputs under the same entries: each key now names a different request.
    const swapped = await post(["risk.create", "risk.create"], [b, a], header);
    expect(swapped.body.every((r) => r.error)).toBe(true);
  });

  it("an empty entry leaves that call without a key; a wrong count is refused", async () => {
    const a = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const b = (await caseFor("risk.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const k = key();
    await post(["risk.create", "risk.create"], [a, b], `,${k}`);
    await post(["risk.create", "risk.create"], [a, b], `,${k}`);
    expect(await count(risks, eq(risks.title, a.title))).toBe(2);
    expect(await count(risks, eq(risks.title, b.title))).toBe(1);
    const wrong = await post(["risk.create", "risk.create"], [a, b], key());
    expect(wrong.status).toBe(400);
    expect(await count(risks, eq(risks.title, a.title))).toBe(2);
  });
});

describe("REST API", () => {
  const BASE = "http://lodestar.test/api/v1";
  const api = createApiHandler({ db: async () => h.db, rateLimitPerMinute: 1000, baseUrl: "http://lodestar.test" });

  async function checkIn(token: string, keyResultId: string, body: unknown, idem?: string) {
    const res = await api(
      new Request(`${BASE}/orgs/${w.org.slug}/key-results/${keyResultId}/check-ins`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(idem ? { "idempotency-key": idem } : {}) },
        body: JSON.stringify(body),
      }),
    );
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
  }

  it("a retried POST with the same Idempotency-Key creates one check-in and returns the same 201 body", async () => {
    const c = await as("owner");
    const { key: token } = await c.apiKey.create({ orgSlug: w.org.slug, name: `idem ${uid()}`, role: "admin", expiresOn: null });
    const kr = await build.keyResult(w, mine(w, who("owner")));
    const k = key();
    const body = { value: 3, confidence: 6, note: `rest ${uid()}` };
    const first = await checkIn(token, kr.id, body, k);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const second = await checkIn(token, kr.id, body, k);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await count(checkIns, eq(checkIns.keyResultId, kr.id))).toBe(1);

    const changed = await checkIn(token, kr.id, { ...body, value: 4 }, k);
    expect(changed.status).toBe(422);
    expect(changed.body.error?.code).toBe("UNPROCESSABLE_CONTENT");
    expect(changed.body.error?.message).toBe(
      "This Idempotency-Key was used for a different request (keyResult.checkIn). Use a new key for a new request.",
    );
    expect(await count(checkIns, eq(checkIns.keyResultId, kr.id))).toBe(1);

    const bad = await checkIn(token, kr.id, body, "a,b");
    expect(bad.status).toBe(400);
  });

  it("the OpenAPI document names the header on writes", () => {
    const doc = openApiDocument("http://lodestar.test") as unknown as { paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; responses: Record<string, unknown> }>> };
    const post = doc.paths["/orgs/{orgSlug}/key-results/{keyResultId}/check-ins"]!.post!;
    expect(post.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
    expect(post.responses["422"]).toBeDefined();
    const get = doc.paths["/orgs/{orgSlug}/risks"]!.get!;
    expect(get.parameters.some((p) => p.name === "Idempotency-Key")).toBe(false);
  });
});

describe("every organisation mutation runs inside the key's transaction", () => {
  // The app's client sends a key with every mutation: each must still work (its own transactions become
  // savepoints of the key's), and its retry must replay the first response without writing again.
  const mutations = listProcedures().filter((p) => p.type === "mutation" && kindOf(p) === "org");
  const onceSecret = (procPath: string) =>
    !!(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { onceSecret?: boolean } } }>)[procPath]?._def.meta?.onceSecret;

  it.each(mutations.map((p) => p.path))("%s: with a key, then retried with it", async (procPath) => {
    const owner = who("owner");
    const input = await caseFor(procPath).input(w, owner, mine(w, owner));
    const k = key();
    const first = await outcome(callPath(await as("owner", k), procPath, input));
    if (!first.ok) {
      expect(first.code, describeError(first.error)).not.toBe("INTERNAL_SERVER_ERROR");
      expect(await count(idempotencyKeys, eq(idempotencyKeys.key, k))).toBe(0);
      return;
    }
    const audits = await count(auditEvents, eq(auditEvents.orgId, w.org.orgId));
    const again = await outcome(callPath(await as("owner", k), procPath, input));
    if (onceSecret(procPath)) {
      // A result with a secret shown once is not kept: the retry is refused, and writes nothing either.
      expect(again.ok ? "OK" : again.code).toBe("CONFLICT");
    } else {
      expect(again.ok, again.ok ? "" : describeError(again.error)).toBe(true);
      expect((again as { value: unknown }).value).toEqual(first.value);
    }
    expect(await count(auditEvents, eq(auditEvents.orgId, w.org.orgId))).toBe(audits);
  });
});

describe.runIf(cfg.kind === "neon")("concurrent calls with one key (PostgreSQL)", () => {
  beforeAll(async () => {
    // Widens the race window: inserting an objective sleeps while the switch is on.
    await h.db.execute(sql.raw("create table test_idem_switch (on_ boolean not null)"));
    await h.db.execute(sql.raw("insert into test_idem_switch values (true)"));
    await h.db.execute(
      sql.raw(`create function test_idem_sleep() returns trigger language plpgsql as $$
        begin if (select on_ from test_idem_switch) then perform pg_sleep(0.3); end if; return new; end $$`),
    );
    await h.db.execute(sql.raw("create trigger test_idem_objective after insert on objectives for each row execute function test_idem_sleep()"));
  });

  it("eight simultaneous creates with one key: one row, everyone gets the same response", async () => {
    const k = key();
    const input = (await caseFor("objective.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const callers = await Promise.all(Array.from({ length: 8 }, () => as("admin", k)));
    const results = await Promise.allSettled(callers.map((c) => c.objective.create(input as never)));
    const ok = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<unknown>).value);
    const failed = results.filter((r) => r.status === "rejected").map((r) => ((r as PromiseRejectedResult).reason as TRPCError).code);
    // The others wait for the winner's commit on the key's unique index, then replay its response.
    expect(failed).toEqual([]);
    expect(ok).toHaveLength(8);
    for (const r of ok) expect(r).toEqual(ok[0]);
    expect(await count(objectives, eq(objectives.title, input.title))).toBe(1);
  });

  it("simultaneous decisions with one key: one decision", async () => {
    const k = key();
    const input = (await caseFor("approval.decide").input(w, who("admin"), mine(w, who("admin")))) as { requestId: string };
    const callers = await Promise.all(Array.from({ length: 6 }, () => as("admin", k)));
    const results = await Promise.allSettled(callers.map((c) => c.approval.decide(input as never)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill("fulfilled"));
    const values = results.map((r) => (r as PromiseFulfilledResult<unknown>).value);
    for (const v of values) expect(v).toEqual(values[0]);
    expect(await count(approvalDecisions, eq(approvalDecisions.requestId, input.requestId))).toBe(1);
  });

  it("different keys at once still each write (no false sharing)", async () => {
    const input = (await caseFor("objective.create").input(w, who("admin"), mine(w, who("admin")))) as { title: string };
    const callers = await Promise.all(Array.from({ length: 4 }, () => as("admin", key())));
    await Promise.all(callers.map((c) => c.objective.create(input as never)));
    expect(await count(objectives, eq(objectives.title, input.title))).toBe(4);
  });
});

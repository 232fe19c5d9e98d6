/**
 * The public REST API (/api/v1) through its route handler, with real requests against the test
 * database: API keys (hashed at rest, scoped to a role, revocable, expiring), the same permission
 * table as the app, tenant isolation, the per-key rate limit, and the OpenAPI document.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validate } from "@readme/openapi-parser";
import type { DbHandle } from "@/db/client";
import { apiKeys, auditEvents, checkIns, kpiValues, memberships, rateLimitCounters } from "@/db/schema";
import { createApiHandler } from "@/server/api/rest/handler";
import { REST_ROUTES } from "@/server/api/rest/routes";
import { authenticateApiKey } from "@/server/apikeys/auth";
import { hashApiKey } from "@/server/apikeys/keys";
import { createCaller } from "@/server/api/root";
import { can, isPermission, type Role } from "@/server/rbac/permissions";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, callPath, listProcedures, makeWorld, mine, outcome, whoFor, type World } from "./_support/procedures";

let h: DbHandle;
let A: World;
let B: World;
const BASE = "http://lodestar.test/api/v1";

beforeAll(async () => {
  h = await createTestDb();
  A = await makeWorld(h.db, "apia");
  B = await makeWorld(h.db, "apib");
});
afterAll(async () => h?.close());

function handler(limit = 1000, now?: () => Date) {
  return createApiHandler({ db: async () => h.db, rateLimitPerMinute: limit, baseUrl: "http://lodestar.test", now });
}

/** Creates a key through the app (as that org's owner, or `creator`) and returns the whole key. */
async function makeKey(w: World, role: Role, opts: { creator?: Role; expiresOn?: string | null } = {}) {
  const c = await callerFor(h.db, w.org.users[opts.creator ?? "owner"].id);
  const k = await c.apiKey.create({ orgSlug: w.org.slug, name: `${role} key`, role, expiresOn: opts.expiresOn ?? null });
  return k;
}

function req(method: string, path: string, key: string | null, body?: unknown, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

interface ApiBody {
  error: { code: string; message: string; fieldErrors: Record<string, string[]> };
  id: string;
}

async function call(method: string, path: string, key: string | null, body?: unknown, limit?: number) {
  const res = await handler(limit)(req(method, path, key, body));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as ApiBody) : null };
}

describe("API keys", () => {
  it("are stored as a SHA-256 hash and a short prefix, never the key, and listed without either secret", async () => {
    const k = await makeKey(A, "member");
    expect(k.key).toMatch(/^lsk_[A-Za-z0-9_-]{43}$/);
    const [row] = await h.db.select().from(apiKeys).where(eq(apiKeys.id, k.id));
    expect(row!.hash).toBe(hashApiKey(k.key));
    expect(row!.hash).not.toContain(k.key.slice(4));
    expect(k.key.startsWith(row!.prefix)).toBe(true);
    expect(row!.prefix.length).toBeLessThan(16);
    // nowhere in the row (nor in its audit rows) is the key
    expect(JSON.stringify(row)).not.toContain(k.key);
    const audits = await h.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "apiKey"), eq(auditEvents.entityId, k.id)));
    expect(audits.map((a) => a.action)).toEqual(["create"]);
    expect(JSON.stringify(audits)).not.toContain(k.key);
    expect(JSON.stringify(audits)).not.toContain(row!.hash);

    const owner = await callerFor(h.db, A.org.users.owner.id);
    const list = await owner.apiKey.list({ orgSlug: A.org.slug });
    const listed = list.find((x) => x.id === k.id)!;
    expect(listed).toMatchObject({ name: "member key", role: "member", prefix: row!.prefix, createdBy: { id: A.org.users.owner.id }, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(row!.hash);
  });

  it("cannot be given a role above the creator's, nor an expiry in the past", async () => {
    const admin = await callerFor(h.db, A.org.users.admin.id);
    await expect(admin.apiKey.create({ orgSlug: A.org.slug, name: "x", role: "owner", expiresOn: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.apiKey.create({ orgSlug: A.org.slug, name: "x", role: "admin", expiresOn: "2020-01-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const manager = await callerFor(h.db, A.org.users.manager.id);
    await expect(manager.apiKey.list({ orgSlug: A.org.slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the REST API", () => {
  it("a member-role key posts a check-in on its creator's key result: stored, attributed and audited with the key", async () => {
    const k = await makeKey(A, "member");
    const kr = await build.keyResult(A, mine(A, whoFor(A, "owner")));
    const res = await call("POST", `/orgs/${A.org.slug}/key-results/${kr.id}/check-ins`, k.key, { value: 4, confidence: 7, note: "From the API" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [ci] = await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, kr.id));
    expect(ci).toMatchObject({ value: 4, confidence: 7, note: "From the API", authorId: A.org.users.owner.id });
    const audits = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, A.org.orgId), sql`${auditEvents.requestId} like ${`apikey:${k.id}/%`}`));
    expect(audits.length).toBeGreaterThan(0);
    expect(audits.every((a) => a.actorId === A.org.users.owner.id)).toBe(true);
    expect(audits.map((a) => a.entityId)).toContain(kr.id);
    // the Activity page names the key
    const owner = await callerFor(h.db, A.org.users.owner.id);
    const activity = await owner.activity.list({ orgSlug: A.org.slug, limit: 100 });
    const viaKey = activity.items.filter((e) => e.entityId === kr.id);
    expect(viaKey.length).toBeGreaterThan(0);
    expect(viaKey.every((e) => e.apiKeyName === "member key" && e.actorId === A.org.users.owner.id)).toBe(true);
    expect(activity.items.filter((e) => e.apiKeyName === null).length).toBeGreaterThan(0);

    // read back through the API
    const list = await call("GET", `/orgs/${A.org.slug}/key-results/${kr.id}/check-ins`, k.key);
    expect(list.status).toBe(200);
    expect((list.body as unknown as { value: number }[]).map((c) => c.value)).toEqual([4]);

    // member scope is "own": a key result of someone else is refused
    const othersKr = await build.keyResult(A, { ownerId: A.other.id, departmentId: A.org.departmentIds.b });
    const refused = await call("POST", `/orgs/${A.org.slug}/key-results/${othersKr.id}/check-ins`, k.key, { value: 1, confidence: 5 });
    expect(refused.status).toBe(403);
  });

  it("every route answers with the JSON shape its OpenAPI entry documents", async () => {
    const k = await makeKey(A, "owner");
    const s = mine(A, whoFor(A, "owner"));
    const kr = await build.keyResult(A, s);
    const ids: Record<string, string> = {
      orgSlug: A.org.slug,
      objectiveId: kr.objective.id,
      keyResultId: kr.id,
      kpiId: (await build.kpi(A, s)).id,
      campaignId: (await build.campaign(A, s)).id,
      riskId: (await build.risk(A, s)).id,
    };
    const bodies: Record<string, unknown> = { createCheckIn: { value: 2, confidence: 6 }, recordKpiValue: { observedOn: "2030-01-20", value: 3 } };
    for (const r of REST_ROUTES) {
      const path = r.path.replace(/\{(\w+)\}/g, (_, n: string) => ids[n]!) + (r.operationId === "listObjectives" ? `?periodId=${A.periodId}` : "");
      const res = await call(r.method, path, k.key, bodies[r.operationId]);
      expect(res.status, `${r.operationId} ${JSON.stringify(res.body).slice(0, 300)}`).toBe(r.status);
      expect(Array.isArray(res.body) ? "array" : typeof res.body, r.operationId).toBe(r.returns);
    }
  });

  it("records a KPI value, and reads periods, objectives with key results, KPIs, campaigns and risks", async () => {
    const k = await makeKey(A, "admin");
    const s = mine(A, whoFor(A, "owner"));
    const kr = await build.keyResult(A, s);
    const kpi = await build.kpi(A, s);
    const campaign = await build.campaign(A, s);
    const risk = await build.risk(A, s);
    const v = await call("POST", `/orgs/${A.org.slug}/kpis/${kpi.id}/values`, k.key, { observedOn: "2030-01-15", value: 12 });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    const [kv] = await h.db.select().from(kpiValues).where(eq(kpiValues.kpiId, kpi.id));
    expect(kv).toMatchObject({ value: 12 });

    const periods = await call("GET", `/orgs/${A.org.slug}/periods`, k.key);
    expect(periods.status).toBe(200);
    expect((periods.body as unknown as { id: string }[]).map((p) => p.id)).toContain(A.periodId);
    const objectives = await call("GET", `/orgs/${A.org.slug}/objectives?periodId=${A.periodId}`, k.key);
    expect(objectives.status).toBe(200);
    const o = (objectives.body as unknown as { id: string; keyResults: { id: string }[] }[]).find((x) => x.id === kr.objective.id)!;
    expect(o.keyResults.map((x) => x.id)).toEqual([kr.id]);
    const one = await call("GET", `/orgs/${A.org.slug}/objectives/${kr.objective.id}`, k.key);
    expect(one.status).toBe(200);
    expect(one.body!.id).toBe(kr.objective.id);
    const kpis = await call("GET", `/orgs/${A.org.slug}/kpis`, k.key);
    expect((kpis.body as unknown as { id: string; latest: unknown }[]).find((x) => x.id === kpi.id)?.latest).toBeTruthy();
    const campaigns = await call("GET", `/orgs/${A.org.slug}/campaigns?limit=5&overBudget=false`, k.key);
    expect(campaigns.status, JSON.stringify(campaigns.body)).toBe(200);
    expect(JSON.stringify(campaigns.body)).toContain(campaign.id);
    expect((await call("GET", `/orgs/${A.org.slug}/campaigns/${campaign.id}`, k.key)).status).toBe(200);
    const risks = await call("GET", `/orgs/${A.org.slug}/risks?basis=inherent`, k.key);
    expect(risks.status, JSON.stringify(risks.body)).toBe(200);
    expect(JSON.stringify(risks.body)).toContain(risk.id);
    expect((await call("GET", `/orgs/${A.org.slug}/risks/${risk.id}`, k.key)).status).toBe(200);
  });

  it("a viewer's key reads but gets 403 on a write; invalid input is 400 with field errors", async () => {
    const k = await makeKey(A, "viewer");
    const kr = await build.keyResult(A, mine(A, whoFor(A, "owner")));
    expect((await call("GET", `/orgs/${A.org.slug}/kpis`, k.key)).status).toBe(200);
    const res = await call("POST", `/orgs/${A.org.slug}/key-results/${kr.id}/check-ins`, k.key, { value: 1, confidence: 5 });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect(await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, kr.id))).toEqual([]);

    const admin = await makeKey(A, "admin");
    const bad = await call("POST", `/orgs/${A.org.slug}/key-results/${kr.id}/check-ins`, admin.key, { value: 1, confidence: 11 });
    expect(bad.status).toBe(400);
    expect(bad.body!.error.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.body!.error.fieldErrors)).toContain("confidence");
    const notJson = await handler()(new Request(`${BASE}/orgs/${A.org.slug}/kpis/${kr.id}/values`, { method: "POST", headers: { authorization: `Bearer ${admin.key}`, "content-type": "application/json" }, body: "{nope" }));
    expect(notJson.status).toBe(400);
  });

  it("a key's role is capped by its creator's current role, and stops when the creator leaves", async () => {
    const k = await makeKey(A, "admin", { creator: "admin" });
    const kr = await build.keyResult(A, mine(A, whoFor(A, "owner")));
    await h.db.update(memberships).set({ role: "viewer" }).where(and(eq(memberships.orgId, A.org.orgId), eq(memberships.userId, A.org.users.admin.id)));
    try {
      expect((await call("POST", `/orgs/${A.org.slug}/key-results/${kr.id}/check-ins`, k.key, { value: 1, confidence: 5 })).status).toBe(403);
      await h.db.delete(memberships).where(and(eq(memberships.orgId, A.org.orgId), eq(memberships.userId, A.org.users.admin.id)));
      expect((await call("GET", `/orgs/${A.org.slug}/kpis`, k.key)).status).toBe(401);
    } finally {
      await h.db.insert(memberships).values({ orgId: A.org.orgId, userId: A.org.users.admin.id, role: "admin" }).onConflictDoNothing();
      await h.db.update(memberships).set({ role: "admin" }).where(and(eq(memberships.orgId, A.org.orgId), eq(memberships.userId, A.org.users.admin.id)));
    }
  });

  it("no key, a malformed or unknown key, a revoked key and an expired key are 401 JSON", async () => {
    const path = `/orgs/${A.org.slug}/kpis`;
    for (const key of [null, "nope", `lsk_${"x".repeat(43)}`]) {
      const res = await call("GET", path, key);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: "UNAUTHORIZED" } });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }

    const revoked = await makeKey(A, "admin");
    expect((await call("GET", path, revoked.key)).status).toBe(200);
    const owner = await callerFor(h.db, A.org.users.owner.id);
    await owner.apiKey.revoke({ orgSlug: A.org.slug, apiKeyId: revoked.id });
    expect((await call("GET", path, revoked.key)).status).toBe(401);
    await expect(owner.apiKey.revoke({ orgSlug: A.org.slug, apiKeyId: revoked.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audits = await h.db.select().from(auditEvents).where(and(eq(auditEvents.entityType, "apiKey"), eq(auditEvents.entityId, revoked.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(["create", "revoke"]);

    const today = new Date().toISOString().slice(0, 10);
    const expiring = await makeKey(A, "admin", { expiresOn: today });
    expect((await call("GET", path, expiring.key)).status).toBe(200);
    // a day and a bit later
    const later = await handler(1000, () => new Date(Date.now() + 2 * 86_400_000))(req("GET", path, expiring.key));
    expect(later.status).toBe(401);
    await h.db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.id, expiring.id));
    expect((await call("GET", path, expiring.key)).status).toBe(401);
  });

  it("another organisation's slug or ids are 404, and nothing of it changes", async () => {
    const k = await makeKey(A, "owner");
    const bKr = await build.keyResult(B, mine(B, whoFor(B, "owner")));
    const bKpi = await build.kpi(B, mine(B, whoFor(B, "owner")));
    const bRisk = await build.risk(B, mine(B, whoFor(B, "owner")));
    // even when the key's creator is also a member of B
    await h.db.insert(memberships).values({ orgId: B.org.orgId, userId: A.org.users.owner.id, role: "owner" });
    const cases: [string, string, unknown?][] = [
      ["GET", `/orgs/${B.org.slug}/kpis`],
      ["GET", `/orgs/${B.org.slug}/periods`],
      ["POST", `/orgs/${B.org.slug}/key-results/${bKr.id}/check-ins`, { value: 1, confidence: 5 }],
      ["POST", `/orgs/${A.org.slug}/key-results/${bKr.id}/check-ins`, { value: 1, confidence: 5 }],
      ["POST", `/orgs/${A.org.slug}/kpis/${bKpi.id}/values`, { observedOn: "2030-01-01", value: 1 }],
      ["GET", `/orgs/${A.org.slug}/risks/${bRisk.id}`],
      ["GET", `/orgs/${A.org.slug}/objectives/${bKr.objective.id}`],
      ["GET", `/orgs/${A.org.slug}/key-results/${bKr.id}/check-ins`],
      ["GET", `/orgs/no-such-org/kpis`],
    ];
    for (const [method, path, body] of cases) {
      const res = await call(method, path, k.key, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body!.error.code).toBe("NOT_FOUND");
    }
    expect(await h.db.select().from(checkIns).where(eq(checkIns.keyResultId, bKr.id))).toEqual([]);
    expect(await h.db.select().from(kpiValues).where(eq(kpiValues.kpiId, bKpi.id))).toEqual([]);
    // an unknown route is 404 too, a wrong method 405
    expect((await call("GET", "/nothing/here", k.key)).status).toBe(404);
    expect((await call("DELETE", `/orgs/${A.org.slug}/kpis`, k.key)).status).toBe(405);
  });

  it("limits each key to N requests per window: then 429 with Retry-After and a JSON error", async () => {
    const k = await makeKey(A, "viewer");
    const other = await makeKey(A, "viewer");
    const now = new Date("2031-06-01T10:00:10Z");
    const limited = handler(3, () => now);
    const path = `/orgs/${A.org.slug}/periods`;
    for (let i = 0; i < 3; i++) {
      const res = await limited(req("GET", path, k.key));
      expect(res.status).toBe(200);
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(2 - i));
    }
    const over = await limited(req("GET", path, k.key));
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toBe("50");
    expect(await over.json()).toMatchObject({ error: { code: "TOO_MANY_REQUESTS" } });
    // another key has its own count
    expect((await limited(req("GET", path, other.key))).status).toBe(200);
    // the next window starts afresh, and the old window's counter is cleared
    const next = handler(3, () => new Date("2031-06-01T10:01:00Z"));
    expect((await next(req("GET", path, k.key))).status).toBe(200);
    const counters = await h.db.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, `api:${k.id}`));
    expect(counters).toHaveLength(1);
    expect(counters[0]!.count).toBe(1);
  });

  it("counts parallel requests exactly (one upsert per request): N pass, the rest are 429", async () => {
    const k = await makeKey(A, "viewer");
    const now = new Date("2031-07-01T10:00:00Z");
    const limited = handler(5, () => now);
    const statuses = await Promise.all(Array.from({ length: 12 }, () => limited(req("GET", `/orgs/${A.org.slug}/periods`, k.key)).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    const [counter] = await h.db.select().from(rateLimitCounters).where(eq(rateLimitCounters.key, `api:${k.id}`));
    expect(counter!.count).toBe(12);
  });

  it("marks a key used, at most once a minute", async () => {
    const k = await makeKey(A, "viewer");
    const t0 = new Date(Date.now() + 3_600_000);
    const at = (ms: number) => handler(1000, () => new Date(t0.getTime() + ms));
    const used = async () => (await h.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, k.id)))[0]!.at;
    expect(await used()).toBeNull();
    await at(0)(req("GET", `/orgs/${A.org.slug}/periods`, k.key));
    expect((await used())?.getTime()).toBe(t0.getTime());
    await at(30_000)(req("GET", `/orgs/${A.org.slug}/periods`, k.key));
    expect((await used())?.getTime()).toBe(t0.getTime());
    await at(61_000)(req("GET", `/orgs/${A.org.slug}/periods`, k.key));
    expect((await used())?.getTime()).toBe(t0.getTime() + 61_000);
  });

  it("answers errors in the request's language", async () => {
    const res = await handler()(req("GET", `/orgs/${A.org.slug}/kpis`, null, undefined, { "accept-language": "zh-CN" }));
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("API 密钥");
  });
});

describe("a key in the tRPC context", () => {
  it("is held to its role by the permission table on every organisation procedure (an owner's viewer key is a viewer)", async () => {
    const k = await makeKey(A, "viewer");
    const apiKey = (await authenticateApiKey(h.db, k.key))!;
    expect(apiKey.role).toBe("viewer");
    const caller = createCaller({ db: h.db, session: null, requestId: "t", ip: "127.0.0.1", apiKey });
    const denied = listProcedures().filter((p) => p.permission && isPermission(p.permission) && !can("viewer", p.permission));
    expect(denied.length).toBeGreaterThan(20);
    for (const p of denied) {
      const res = await outcome(callPath(caller, p.path, { orgSlug: A.org.slug }));
      expect(res.ok ? "OK" : res.code, p.path).toBe("FORBIDDEN");
    }
  });

  it("opens no procedure outside an organisation (those need a session)", async () => {
    const k = await makeKey(A, "admin");
    const apiKey = (await authenticateApiKey(h.db, k.key))!;
    const caller = createCaller({ db: h.db, session: null, requestId: "t", ip: "127.0.0.1", apiKey });
    const res = await outcome(caller.org.listMine());
    expect(res.ok ? "OK" : res.code).toBe("UNAUTHORIZED");
  });
});

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3, with bearer security, and lists every route", async () => {
    const res = await handler()(new Request(`${BASE}/openapi.json`));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown }>>; components: { securitySchemes: Record<string, unknown> } };
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const r of REST_ROUTES) expect(doc.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    // generated from the procedures' zod inputs
    const checkIn = doc.paths["/orgs/{orgSlug}/key-results/{keyResultId}/check-ins"]!.post! as unknown as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, { maximum?: number }>; required: string[] } } } };
    };
    const schema = checkIn.requestBody.content["application/json"].schema;
    expect(schema.properties.confidence).toMatchObject({ type: "integer", minimum: 0, maximum: 10 });
    expect(schema.required.sort()).toEqual(["confidence", "value"]);
    const objectives = doc.paths["/orgs/{orgSlug}/objectives"]!.get!;
    expect(objectives.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["path:orgSlug", "query:periodId", "query:level"]));
  });

  it("a broken document fails the validator (the check can fail)", async () => {
    const res = await handler()(new Request(`${BASE}/openapi.json`));
    const doc = (await res.json()) as {
      paths: Record<string, { get: { parameters: unknown[] } }>;
      components: { securitySchemes: { bearerAuth: { type: string } } };
    };
    doc.paths["/orgs/{orgSlug}/periods"]!.get.parameters = [];
    doc.components.securitySchemes.bearerAuth.type = "password";
    const result = await validate(doc as never).catch((e: Error) => ({ valid: false, error: e.message }));
    expect(result.valid).toBe(false);
  });
});

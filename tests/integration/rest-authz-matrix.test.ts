/**
 * The authorization matrix of the public REST API (/api/v1), cell by cell: every route × every role
 * (an API key of that role) in its own organisation, the same in another organisation, and, for the
 * write routes, a subject outside the role's department or ownership scope. The expected answer
 * comes from the permission table, like the tRPC matrix; refused calls write nothing, and no response
 * carries a stored secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { apiKeys, auditEvents } from "@/db/schema";
import { generateApiKey } from "@/server/apikeys/keys";
import { createApiHandler } from "@/server/api/rest/handler";
import { REST_ROUTES, pathParams, type RestRoute } from "@/server/api/rest/routes";
import { loadActor } from "@/server/org/actor";
import { can, ROLES, type Permission, type Role } from "@/server/rbac/permissions";
import { createTestDb } from "../helpers/db";
import { caseFor, countRows, foreign, listProcedures, makeWorld, mine, whoFor, type Subject, type World } from "./_support/procedures";
import { leaksIn, storedSecrets } from "./_support/secrets";

let h: DbHandle;
let A: World;
let B: World;
const keys: Record<string, Record<Role, string>> = {};

beforeAll(async () => {
  h = await createTestDb();
  A = await makeWorld(h.db, "resta");
  B = await makeWorld(h.db, "restb");
  for (const w of [A, B]) {
    keys[w.org.slug] = {} as Record<Role, string>;
    for (const role of ROLES) {
      // Each key belongs to the user of that role (only admins may create keys in the app, so it is
      // stored directly): the key acts as that person, with that role and that person's departments.
      const { key, prefix, hash } = generateApiKey();
      await h.db.insert(apiKeys).values({ orgId: w.org.orgId, name: `${role} matrix key`, prefix, hash, role, createdById: w.org.users[role].id });
      keys[w.org.slug]![role] = key;
    }
  }
});
afterAll(async () => h?.close());

const handler = () => createApiHandler({ db: async () => h.db, rateLimitPerMinute: 100_000, baseUrl: "http://lodestar.test" });
const PERMISSION = new Map(listProcedures().map((p) => [p.path, p.permission as Permission]));

/** The request for a route, built from the procedure's valid input for this caller and subject. */
async function requestFor(route: RestRoute, w: World, role: Role, subject: Subject, key: string) {
  const input = (await caseFor(route.procedure).input(w, whoFor(w, role), subject)) as Record<string, unknown>;
  const names = pathParams(route.path);
  const path = route.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(String(input[n])));
  const rest = Object.fromEntries(Object.entries(input).filter(([k, v]) => !names.includes(k) && v !== undefined));
  const url = new URL(`http://lodestar.test/api/v1${path}`);
  if (route.method === "GET") {
    for (const [k, v] of Object.entries(rest)) {
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  return new Request(url, {
    method: route.method,
    headers: { authorization: `Bearer ${key}`, ...(route.method === "POST" ? { "content-type": "application/json" } : {}) },
    body: route.method === "POST" ? JSON.stringify(rest) : undefined,
  });
}

async function send(req: Request) {
  const res = await handler()(req);
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

const audits = () => countRows(h.db, auditEvents);
const bodies: unknown[] = [];
const cells = { allowed: 0, forbidden: 0, otherOrg: 0, outOfScope: 0, inScope: 0 };

describe("REST routes × roles × organisation", () => {
  it("every route names a procedure with a permission", () => {
    expect(REST_ROUTES.length).toBeGreaterThanOrEqual(10);
    for (const r of REST_ROUTES) expect(PERMISSION.get(r.procedure), r.procedure).toBeTruthy();
  });

  it.each(REST_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))("%s", async (_name, route) => {
    const permission = PERMISSION.get(route.procedure)!;
    for (const role of ROLES) {
      // Own organisation, own subject: the table decides.
      const before = await audits();
      const own = await send(await requestFor(route, A, role, mine(A, whoFor(A, role)), keys[A.org.slug]![role]));
      if (can(role, permission)) {
        expect(own.status, `${role}: ${JSON.stringify(own.body).slice(0, 200)}`).toBe(route.status);
        bodies.push(own.body);
        cells.allowed++;
      } else {
        expect(own.status, role).toBe(403);
        expect(await audits(), `${role}: a refused call writes nothing`).toBe(before);
        cells.forbidden++;
      }
      // The same request with the same role's key of another organisation: 404, nothing written.
      const before2 = await audits();
      const other = await send(await requestFor(route, A, role, mine(A, whoFor(A, role)), keys[B.org.slug]![role]));
      expect(other.status, `${role} of another org`).toBe(404);
      expect(await audits()).toBe(before2);
      cells.otherOrg++;
      // Writes on a subject in another department, owned by someone else: allowed only where the scope reaches.
      if (route.method === "POST" && can(role, permission)) {
        const actor = (await loadActor(h.db, A.org.users[role].id, A.org.slug))!;
        const subject = foreign(A);
        const before3 = await audits();
        const res = await send(await requestFor(route, A, role, subject, keys[A.org.slug]![role]));
        if (can(actor, permission, subject)) {
          expect(res.status, `${role} in scope`).toBe(route.status);
          cells.inScope++;
        } else {
          expect(res.status, `${role} out of scope`).toBe(403);
          expect(await audits()).toBe(before3);
          cells.outOfScope++;
        }
      }
    }
  });

  it("exercised every kind of cell, and no response carried a secret", async () => {
    expect(cells.allowed + cells.forbidden).toBe(REST_ROUTES.length * ROLES.length);
    expect(cells.otherOrg).toBe(REST_ROUTES.length * ROLES.length);
    expect(cells.outOfScope).toBeGreaterThan(0);
    expect(cells.inScope).toBeGreaterThan(0);
    const secrets = await storedSecrets(h.db);
    expect(bodies.flatMap((b) => leaksIn(b, secrets))).toEqual([]);
  });
});

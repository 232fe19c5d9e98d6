/**
 * Property-based fuzzing (fast-check) of EVERY procedure of the app router, and of the public REST API.
 *
 * For each procedure, a valid input (tests/integration/_support/procedures.ts) is mutated: fields of the
 * wrong type, missing fields, huge strings (10k–100k characters), unicode (emoji, RTL marks, NUL bytes,
 * lone surrogates), negative / huge / fractional / non-finite numbers, invalid dates, ids of the other
 * organisation, random uuids and non-uuids, extra keys, arrays where objects are expected, and whole
 * inputs of the wrong shape. Every call must either succeed or fail with a 4xx tRPC code and a clear
 * message (zod errors name the field; no raw database error) — never INTERNAL_SERVER_ERROR. A refused
 * call must write nothing: a test-only row trigger counts every row change of the organisations' tables,
 * read before and after each call, so the call that wrote is the one reported; and a checksum of all
 * the organisation's rows (the rows snapshotOrg dumps) is compared around each procedure's batch when
 * every call of it was refused. The other organisation, whose ids are used against the first, must
 * never change.
 *
 * Reproduce a failure: the seed and the counterexample are printed; FUZZ_SEED and FUZZ_RUNS override
 * the defaults (e.g. `FUZZ_SEED=123 FUZZ_RUNS=200 npx vitest run tests/integration/fuzz.test.ts`).
 */
import crypto from "node:crypto";
import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { organizations, users } from "@/db/schema";
import { errorMessageOf, fieldErrorsOf } from "@/server/api/trpc";
import { createApiHandler } from "@/server/api/rest/handler";
import { REST_ROUTES } from "@/server/api/rest/routes";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import {
  callPath,
  caseFor,
  describeError,
  kindOf,
  listProcedures,
  makeFreshUser,
  makeWorld,
  mine,
  orgTables,
  outcome,
  whoFor,
  type Who,
  type World,
} from "./_support/procedures";
import { orgChecksum } from "./_support/checksum";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
/** Mutated inputs per procedure (× ~185 procedures). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);
const REST_RUNS = Number(process.env.FUZZ_RUNS ?? 16) * 25;

let h: DbHandle;
let A: World;
let B: World;

/**
 * A test-only change counter: a row trigger on every table the checksum covers adds one per row
 * inserted, deleted, or updated to a different value, inside the writing transaction (so a rolled-back
 * write counts nothing). Reading it is one tiny query, so every single call is checked: a refused call
 * that moved it changed some organisation's rows (this one's, the other one's, anyone's).
 */
async function installChangeCounter() {
  await h.db.execute(sql.raw(`create table fuzz_changes (n bigint not null)`));
  await h.db.execute(sql.raw(`insert into fuzz_changes values (0)`));
  await h.db.execute(
    sql.raw(`create function fuzz_count() returns trigger language plpgsql as $$
      begin
        -- using an API key records its last use, even when the request is then refused: by design
        if TG_TABLE_NAME = 'api_keys' and TG_OP = 'UPDATE' and (to_jsonb(OLD) - 'last_used_at') = (to_jsonb(NEW) - 'last_used_at') then return null; end if;
        if TG_OP <> 'UPDATE' or OLD is distinct from NEW then update fuzz_changes set n = n + 1; end if;
        return null;
      end $$`),
  );
  for (const table of [organizations, users, ...orgTables().map((t) => t.table)]) {
    await h.db.execute(sql`create trigger fuzz_c after insert or update or delete on ${table} for each row execute function fuzz_count()`);
  }
}
async function changes(): Promise<number> {
  const res = await h.db.execute<{ n: string }>(sql`select n from fuzz_changes`);
  const rows = (res as unknown as { rows?: { n: string }[] }).rows ?? (res as unknown as { n: string }[]);
  return Number(rows[0]!.n);
}

const checksum = (w: World) => orgChecksum(h.db, w.org.orgId);

beforeAll(async () => {
  h = await createTestDb();
  A = await makeWorld(h.db, "fuzza");
  B = await makeWorld(h.db, "fuzzb");
  await installChangeCounter();
});
afterAll(async () => h?.close());

// ---------------------------------------------------------------------------------------------
// Mutations of a valid input
// ---------------------------------------------------------------------------------------------

type Key = string | number;
type Path = Key[];

/** A value to put somewhere; huge strings are described (kept small in the printed counterexample). */
type Bad = { v: unknown } | { huge: number; ch: string } | { otherOrg: number } | { dateOf: number };

type Op =
  | { op: "replace"; at: number; bad: Bad }
  | { op: "delete"; at: number }
  | { op: "extra"; at: number; key: string; bad: Bad }
  | { op: "wrap"; at: number }
  | { op: "string"; at: number; how: "append" | "prepend" | "huge"; bad: Bad }
  | { op: "number"; at: number; to: number }
  | { op: "bloat"; at: number; times: number }
  | { op: "whole"; bad: Bad | { asArray: true } };

const UNICODE = ["🦄🚀👩‍👩‍👧‍👦", "\u202Eevil\u202C", "مرحبا بالعالم", "עברית", "中文字符・日本語", "\u0000", "a\u0000b", "\uD800", "\uDFFF", "x\uD83Dy", "\uFEFF", "\u200B\u200D", "Z̸̡̢͎̈́a̶l̷g̵o̴", "\r\n\t", "\\", "'; drop table users; --", "%00", "${x}", "<script>alert(1)</script>"];

const badValueArb: fc.Arbitrary<Bad> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(
    null, undefined, true, false, 0, -1, -0, 0.5, 1.5, -1.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e21, 1e308, -1e308,
    Number.MIN_VALUE, NaN, Infinity, -Infinity, "", " ", "0", "-1", "1.5", "1e400", "NaN", "Infinity", "true", "null", "[]", "{}",
    "0000-01-01", "2030-02-30", "2030-13-01", "99999-01-01", "2030-01-01T25:00:00Z", "-2030-01-01", "1970-01-01", "9999-12-31",
    "not-a-uuid", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "../../etc/passwd", "' or 1=1 --",
    [], {}, [null], [[]], [{}], { a: { b: { c: {} } } }, { $ne: "" }, { toString: "x" },
  ).map((v) => ({ v })) },
  { weight: 2, arbitrary: fc.constantFrom(...UNICODE).map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.integer().map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.double().map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.bigInt().map((v) => ({ v })) },
  { weight: 2, arbitrary: fc.uuid().map((v) => ({ v })) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }).map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }).map((v) => ({ v })) },
  { weight: 1, arbitrary: fc.record({ huge: fc.integer({ min: 10_000, max: 100_000 }), ch: fc.constantFrom("x", "中", "🦄", "\u202E", "a\uD800") }) },
  { weight: 3, arbitrary: fc.nat(1000).map((otherOrg) => ({ otherOrg })) },
  { weight: 1, arbitrary: fc.integer({ min: -300_000_000, max: 300_000_000 }).map((d) => ({ dateOf: d * 86_400_000 * 100 })) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, maxKeys: 4 }).map((v) => ({ v })) },
);

/** Every node of a value (root first) with its path. */
function nodes(v: unknown, path: Path = [], out: { path: Path; value: unknown }[] = []) {
  out.push({ path, value: v });
  if (path.length > 12) return out;
  if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...path, i], out));
  else if (v && typeof v === "object" && !(v instanceof Date)) for (const [k, x] of Object.entries(v)) nodes(x, [...path, k], out);
  return out;
}

function uuidsIn(v: unknown): string[] {
  return nodes(v)
    .map((n) => n.value)
    .filter((x): x is string => typeof x === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(x));
}

interface Ctx {
  valid: unknown;
  otherIds: string[];
}

function materialise(b: Bad | { asArray: true }, c: Ctx): unknown {
  if ("asArray" in b) return [structuredClone(c.valid)];
  if ("huge" in b) return b.ch.repeat(Math.ceil(b.huge / b.ch.length));
  if ("otherOrg" in b) return c.otherIds[b.otherOrg % c.otherIds.length];
  if ("dateOf" in b) return new Date(b.dateOf);
  // a copy: the generated constants are shared between runs, and ops may nest a value in itself
  return b.v && typeof b.v === "object" ? structuredClone(b.v) : b.v;
}

function setAt(root: unknown, path: Path, value: unknown, del = false): unknown {
  if (path.length === 0) return value;
  let o = root as Record<Key, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<Key, unknown>;
  const last = path[path.length - 1]!;
  if (del) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = value;
  return root;
}

function asText(v: unknown): string {
  try {
    return String(v);
  } catch {
    return "[object]";
  }
}

/** Applies the ops, in order, to a copy of the valid input. */
function applyOps(ops: Op[], c: Ctx): unknown {
  let input: unknown = structuredClone(c.valid);
  for (const o of ops) {
    if (o.op === "whole") {
      input = materialise(o.bad, c);
      continue;
    }
    const all = nodes(input);
    const n = all[o.at % all.length]!;
    switch (o.op) {
      case "replace":
        input = setAt(input, n.path, materialise(o.bad, c));
        break;
      case "delete":
        input = setAt(input, n.path, undefined, true);
        break;
      case "wrap":
        input = setAt(input, n.path, [n.value]);
        break;
      case "extra": {
        const objs = all.filter((x) => x.value && typeof x.value === "object" && !Array.isArray(x.value) && !(x.value instanceof Date));
        if (!objs.length) break;
        const target = objs[o.at % objs.length]!.value as Record<string, unknown>;
        // defineProperty: an own "__proto__" key, as JSON.parse would make it
        Object.defineProperty(target, o.key, { value: materialise(o.bad, c), enumerable: true, configurable: true, writable: true });
        break;
      }
      case "string": {
        const strs = all.filter((x) => typeof x.value === "string");
        if (!strs.length) break;
        const s = strs[o.at % strs.length]!;
        const add = asText(materialise(o.bad, c));
        const huge = () => (s.value as string).repeat(Math.ceil(20_000 / Math.max(1, (s.value as string).length)));
        input = setAt(input, s.path, o.how === "append" ? `${s.value as string}${add}` : o.how === "prepend" ? `${add}${s.value as string}` : huge());
        break;
      }
      case "bloat": {
        // a long array: copies of an element (or of the valid input's uuids), e.g. 70,000 ids
        const arrays = all.filter((x) => Array.isArray(x.value));
        if (!arrays.length) break;
        const arr = arrays[o.at % arrays.length]!;
        const items = arr.value as unknown[];
        const pool = items.length ? items : c.otherIds;
        input = setAt(input, arr.path, Array.from({ length: o.times }, (_, i) => pool[i % pool.length]));
        break;
      }
      case "number": {
        const nums = all.filter((x) => typeof x.value === "number");
        if (!nums.length) break;
        input = setAt(input, nums[o.at % nums.length]!.path, o.to);
        break;
      }
    }
  }
  return input;
}

const at = fc.nat(10_000);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant("replace" as const), at, bad: badValueArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("delete" as const), at }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("extra" as const), at, key: fc.oneof(fc.constantFrom("__proto__", "constructor", "orgId", "id", "version", "createdAt", "userId", "role", "prototype"), fc.string({ maxLength: 12 })), bad: badValueArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("wrap" as const), at }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("string" as const), at, how: fc.constantFrom("append" as const, "prepend" as const, "huge" as const), bad: badValueArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("number" as const),
      at,
      to: fc.oneof(fc.constantFrom(-1, 0, 0.5, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, NaN, Infinity, -Infinity, -0, Number.MIN_VALUE), fc.double(), fc.integer()),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("bloat" as const), at, times: fc.constantFrom(101, 1001, 70_000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("whole" as const), bad: fc.oneof(badValueArb, fc.constant({ asArray: true as const })) }) },
);
const plansArb = fc.array(opArb, { minLength: 1, maxLength: 3 });

// ---------------------------------------------------------------------------------------------
// What an answer must look like
// ---------------------------------------------------------------------------------------------

const CLIENT_CODES = new Set([
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PRECONDITION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNPROCESSABLE_CONTENT",
  "TOO_MANY_REQUESTS",
  "METHOD_NOT_SUPPORTED",
]);
/** Text that only a database or driver error would carry. */
const DB_LEAK = /violates|syntax error|invalid input syntax|relation "|column "|SQLSTATE|duplicate key|out of range for type|Failed query|pglite|drizzle|postgres|invalid byte sequence|unterminated/i;
/** An untranslated message key ("v.required", "e.notFound|what=x"). */
const RAW_KEY = /^[a-z]+(\.[A-Za-z0-9_]+)+(\|.*)?$/;

/** Why a refusal is not acceptable, or null. */
function badRefusal(error: unknown): string | null {
  if (!(error instanceof TRPCError)) return `not a TRPCError: ${String(error)}`;
  if (!CLIENT_CODES.has(error.code)) return `${error.code}: ${describeError(error)}`;
  for (const locale of ["en", "zh-CN"] as const) {
    const msg = errorMessageOf(error, locale);
    if (!msg.trim()) return `${error.code} with an empty message (${locale})`;
    if (DB_LEAK.test(msg)) return `${error.code} leaks a database error (${locale}): ${msg.slice(0, 300)}`;
    if (RAW_KEY.test(msg)) return `${error.code} with an untranslated message key (${locale}): ${msg.slice(0, 200)}`;
    for (const [field, msgs] of Object.entries(fieldErrorsOf(error, locale) ?? {})) {
      for (const m of msgs) if (RAW_KEY.test(m) || DB_LEAK.test(m)) return `${error.code}: field ${field} has an unclear message (${locale}): ${m.slice(0, 200)}`;
    }
  }
  if (error.cause instanceof ZodError && !Object.keys(fieldErrorsOf(error) ?? {}).length) return "validation error naming no field";
  return null;
}

function short(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x) => (typeof x === "string" && x.length > 80 ? `${x.slice(0, 40)}…(${x.length} chars)` : typeof x === "bigint" ? `${x}n` : x));
    return (s ?? String(v)).slice(0, 600);
  } catch {
    return String(v).slice(0, 600);
  }
}

// ---------------------------------------------------------------------------------------------
// Every procedure
// ---------------------------------------------------------------------------------------------

/** One call: throws when the answer is not acceptable; "ok" when it succeeded. */
async function checkCall(path: string, caller: unknown, input: unknown): Promise<"ok" | "refused"> {
  const t0 = performance.now();
  const n0 = await changes();
  const t1 = performance.now();
  const res = await outcome(callPath(caller, path, input));
  stats.calls++;
  const t2 = performance.now();
  const n1 = await changes();
  time.calls += t2 - t1;
  time.checksums += performance.now() - t2 + (t1 - t0);
  if (res.ok) {
    stats.ok++;
    return "ok";
  }
  stats.refused++;
  stats.byCode[res.code] = (stats.byCode[res.code] ?? 0) + 1;
  const why = badRefusal(res.error);
  if (why) throw new Error(`${path} with ${short(input)}: ${why}`);
  if (n1 !== n0) throw new Error(`${path} with ${short(input)}: refused (${res.code}) but changed ${n1 - n0} row(s)`);
  return "refused";
}

/** FUZZ_SYSTEMATIC=1 adds, per procedure, every leaf × these probes (and another org's id, and deletion). */
const FUZZ_SYSTEMATIC = !!process.env.FUZZ_SYSTEMATIC;
const PROBES: unknown[] = [null, true, -1, 0, 1.5, 2 ** 31, 1e308, NaN, "", "x".repeat(100_000), "\u202E🦄", "not-a-uuid", "00000000-0000-0000-0000-000000000000", [], {}, "2030-02-30", "0000-01-01"];

const PROCS = listProcedures();
const time = { setup: 0, calls: 0, checksums: 0 };
const stats = { calls: 0, ok: 0, refused: 0, byCode: {} as Record<string, number>, procedures: 0 };
const started = performance.now();

function seedOf(path: string) {
  return (SEED ^ crypto.createHash("sha256").update(path).digest().readUInt32BE(0)) | 0;
}

/** The caller of a procedure and a valid input for it, in world `w`. */
async function setup(w: World, path: string) {
  const p = PROCS.find((x) => x.path === path)!;
  const kind = kindOf(p);
  const who: Who = kind === "org" ? whoFor(w, "owner") : await makeFreshUser(w.db, "Fuzz");
  const input = await caseFor(path).input(w, who, mine(w, who));
  const caller = await callerFor(h.db, kind === "public" ? null : who.userId);
  return { caller, input };
}

describe("every procedure, with mutated inputs", () => {
  it.each(PROCS.map((p) => [p.path] as const))("%s", async (path) => {
    const t0 = performance.now();
    const a = await setup(A, path);
    // ids of the other organisation: those of a valid input there, its departments, users, period and the org itself
    const b = await setup(B, path).catch(() => ({ input: undefined }));
    const otherIds = [...new Set([...uuidsIn(b.input), B.org.orgId, B.org.departmentIds.a, B.org.departmentIds.b, B.periodId, B.other.id, ...Object.values(B.org.users).map((u) => u.id)])];
    const ctx: Ctx = { valid: a.input, otherIds };
    // snapshots around the whole batch (the counter checks each call)
    const aBefore = await checksum(A);
    const bBefore = await checksum(B);
    const seed = seedOf(path);
    let succeeded = 0;
    time.setup += performance.now() - t0;

    await fc.assert(
      fc.asyncProperty(plansArb, async (ops) => {
        if ((await checkCall(path, a.caller, applyOps(ops, ctx))) === "ok") succeeded++;
      }),
      { seed, numRuns: RUNS, endOnFailure: true },
    );
    if (FUZZ_SYSTEMATIC) {
      // every leaf of the valid input × a fixed list of probes (opt-in: several times the calls)
      const leaves = nodes(a.input).length;
      for (let at = 0; at < leaves; at++) {
        for (const v of PROBES) if ((await checkCall(path, a.caller, applyOps([{ op: "replace", at, bad: { v } }], ctx))) === "ok") succeeded++;
        if ((await checkCall(path, a.caller, applyOps([{ op: "replace", at, bad: { otherOrg: at } }], ctx))) === "ok") succeeded++;
        if ((await checkCall(path, a.caller, applyOps([{ op: "delete", at }], ctx))) === "ok") succeeded++;
      }
    }
    if (!succeeded) expect(await checksum(A), `${path}: every call was refused, yet the organisation changed`).toBe(aBefore);
    expect(await checksum(B), `${path}: the other organisation changed`).toBe(bBefore);
    stats.procedures++;
  });

  it("made thousands of calls", () => {
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.info(`fuzz: ${stats.calls} tRPC calls over ${stats.procedures} procedures in ${secs}s (seed ${SEED}, ${RUNS} runs each): ${stats.ok} ok, ${stats.refused} refused ${JSON.stringify(stats.byCode)} ${JSON.stringify(time)}`);
    expect(stats.procedures).toBe(PROCS.length);
    expect(stats.calls).toBeGreaterThanOrEqual(PROCS.length * RUNS);
  });
});

// ---------------------------------------------------------------------------------------------
// The public REST API (/api/v1), through its route handler
// ---------------------------------------------------------------------------------------------

/** A path segment, percent-encoded; a lone surrogate becomes the (invalid) bytes a careless client would send. */
function segment(v: unknown): string {
  const str = typeof v === "string" ? v : v === undefined ? "" : asText(typeof v === "object" ? short(v) : v);
  return [...str].map((ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return "%ED%A0%80";
    }
  }).join("");
}

describe("the REST API, with mutated requests", () => {
  it("never answers 5xx; errors are JSON with a code and a clear message; refused requests change nothing", async () => {
    const ownerA = await callerFor(h.db, A.org.users.owner.id);
    const ownerB = await callerFor(h.db, B.org.users.owner.id);
    const keyA = (await ownerA.apiKey.create({ orgSlug: A.org.slug, name: "Fuzz", role: "admin", expiresOn: null })).key;
    const keyB = (await ownerB.apiKey.create({ orgSlug: B.org.slug, name: "Fuzz", role: "admin", expiresOn: null })).key;
    const handler = createApiHandler({ db: async () => h.db, rateLimitPerMinute: 1_000_000, baseUrl: "http://lodestar.test" });
    const valid = await Promise.all(REST_ROUTES.map(async (r) => (await setup(A, r.procedure)).input as Record<string, unknown>));
    const otherIds = [B.org.orgId, B.org.departmentIds.a, B.periodId, B.other.id, ...(await Promise.all(REST_ROUTES.map(async (r) => uuidsIn((await setup(B, r.procedure)).input)))).flat()];

    const requestArb = fc.record({
      route: fc.nat(REST_ROUTES.length - 1),
      ops: fc.option(plansArb, { freq: 4, nil: undefined }),
      // (fc.option's freq: one in freq is the nil value)
      method: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS") }),
      auth: fc.constantFrom("key", "key", "key", "none", "garbage", "otherOrg", "lowercase", "basic"),
      body: fc.constantFrom("json", "json", "json", "text", "badJson", "array", "huge", "empty", "scalar"),
      contentType: fc.constantFrom("application/json", "application/json", "application/json; charset=utf-8", "text/plain", "", "multipart/form-data"),
      junkPath: fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom("/", "/orgs", "/orgs//kpis", "/../../etc/passwd", "/orgs/%", "/orgs/%E0%A4%A/kpis", "/openapi.json", "/orgs/x/kpis/y/values/z") },
      ),
      language: fc.constantFrom("en", "zh-CN", "xx", "", "zh-CN,zh;q=0.9,en;q=0.8"),
    });

    let calls = 0;
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const route = REST_ROUTES[r.route]!;
        const input = r.ops ? applyOps(r.ops, { valid: valid[r.route], otherIds }) : structuredClone(valid[r.route]);
        const fields = input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
        const path = r.junkPath ?? route.path.replace(/\{(\w+)\}/g, (_m, k: string) => segment(fields[k]));
        const method = r.method ?? route.method;
        const url = new URL(`http://lodestar.test/api/v1${path}`);
        const rest = Object.fromEntries(Object.entries(fields).filter(([k]) => !route.path.includes(`{${k}}`)));
        if (method === "GET") {
          for (const [k, v] of Object.entries(rest)) for (const x of Array.isArray(v) ? v : [v]) url.searchParams.append(k, typeof x === "string" ? x : short(x));
        }
        const headers: Record<string, string> = { "accept-language": r.language };
        const token = { key: keyA, none: null, garbage: "lsk_not-a-real-key", otherOrg: keyB, lowercase: keyA, basic: null }[r.auth];
        if (token) headers.authorization = r.auth === "lowercase" ? `bearer   ${token}` : `Bearer ${token}`;
        if (r.auth === "basic") headers.authorization = "Basic dXNlcjpwYXNz";
        if (r.contentType) headers["content-type"] = r.contentType;
        let body: string | undefined;
        if (method !== "GET") {
          const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? "null";
          body = {
            json: json(rest),
            text: "value=1&confidence=2",
            badJson: '{"value": 1,',
            array: json([rest]),
            huge: json({ ...rest, note: "x".repeat(1_100_000) }),
            empty: "",
            scalar: "42",
          }[r.body];
        }
        const n0 = await changes();
        const res = await handler(new Request(url, { method, headers, body }));
        calls++;
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const text = await res.text();
        const n1 = await changes();
        const label = `${method} ${url.pathname}${url.search.slice(0, 200)} (${r.auth}, ${r.contentType || "no type"}, ${r.body}): ${res.status} ${text.slice(0, 300)}`;
        if (res.status >= 500) throw new Error(`server error: ${label}`);
        if (res.status >= 400) {
          let parsed: { error?: { code?: unknown; message?: unknown } };
          try {
            parsed = JSON.parse(text);
          } catch {
            throw new Error(`error that is not JSON: ${label}`);
          }
          const msg = parsed.error?.message;
          if (typeof parsed.error?.code !== "string" || typeof msg !== "string" || !msg.trim()) throw new Error(`error without a code and message: ${label}`);
          if (DB_LEAK.test(msg) || RAW_KEY.test(msg)) throw new Error(`unclear error message: ${label}`);
          if (n1 !== n0) throw new Error(`refused but changed ${n1 - n0} row(s): ${label}`);
        }
      }),
      { seed: SEED, numRuns: REST_RUNS, endOnFailure: true },
    );
    expect(statuses[200] ?? 0, "some requests succeed").toBeGreaterThan(REST_RUNS / 20);
    console.info(`fuzz: ${calls} REST requests (seed ${SEED}), by status ${JSON.stringify(statuses)}`);
    expect(calls).toBe(REST_RUNS);
  }, 180_000);
});

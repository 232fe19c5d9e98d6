/** The server's tRPC transformer writes superjson's format faster; the client's superjson must read back the same values. */
import fc from "fast-check";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { serialize } from "@/server/api/transformer";

/** What a client receives: the serialized value through JSON, read by plain superjson. */
const overTheWire = (v: unknown) => superjson.deserialize(JSON.parse(JSON.stringify(serialize(v))));

const date = fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
/** Keys superjson refuses (prototype pollution guard); tested on their own below. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
/** Plain data as procedures return it: objects (keys with dots and backslashes too), arrays, Dates, undefined. */
const plain = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.boolean(), fc.constant(null), fc.constant(undefined), date),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 5 }), fc.dictionary(fc.oneof(fc.string().filter((k) => !FORBIDDEN.has(k)), fc.constantFrom("a.b", "x\\y", "0", "")), tie("node"), { maxKeys: 5 })),
})).node;

describe("server transformer", () => {
  it("round-trips plain data with Dates and undefined exactly as superjson does", () => {
    fc.assert(
      fc.property(plain, (v) => {
        expect(overTheWire(v)).toEqual(superjson.deserialize(JSON.parse(superjson.stringify(v))));
        expect(overTheWire(v)).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it("writes the same bytes as superjson for data without shared references or undefined properties", () => {
    const v = { items: [{ id: "a", at: new Date("2026-01-02T03:04:05.006Z"), tags: ["x"], "we.ird": { d: new Date(0) } }], total: 1, next: null };
    expect(JSON.stringify(serialize(v))).toBe(superjson.stringify(v));
    expect(JSON.stringify(serialize([1, "two", true]))).toBe(superjson.stringify([1, "two", true]));
  });

  it("notes undefined values and root Dates so the client restores them", () => {
    const out = overTheWire({ a: undefined, list: [undefined, 1] }) as { a?: unknown; list: unknown[] };
    expect("a" in out && out.a === undefined).toBe(true);
    expect(out.list).toEqual([undefined, 1]);
    expect(overTheWire(new Date(5))).toEqual(new Date(5));
    expect(overTheWire(undefined)).toBeUndefined();
  });

  it("falls back to superjson for values outside plain data", () => {
    const cases: unknown[] = [
      new Map([["k", 1]]),
      { s: new Set([1, 2]) },
      { n: 10n },
      { nan: Number.NaN, inf: Infinity, neg: -Infinity, z: -0 },
      { re: /a.b/g },
      { bad: new Date(Number.NaN) },
    ];
    for (const v of cases) expect(serialize(v)).toEqual(superjson.serialize(v));
    class Point {
      constructor(public x: number) {}
    }
    expect(serialize({ p: new Point(1) })).toEqual(superjson.serialize({ p: new Point(1) }));
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    expect(serialize(circular)).toEqual(superjson.serialize(circular));
  });

  it("refuses the keys superjson refuses", () => {
    for (const key of FORBIDDEN) {
      const v = JSON.parse(`{"ok":1,"nested":{"${key}":{}}}`) as unknown;
      expect(() => serialize(v)).toThrow(/prototype pollution/);
    }
  });

  it("writes an object with shared references twice instead of linking them, with equal values on the client", () => {
    const when = new Date("2026-05-05T00:00:00Z");
    const shared = { id: "x" };
    const v = { createdAt: when, updatedAt: when, a: shared, b: shared };
    expect(overTheWire(v)).toEqual(v);
  });
});

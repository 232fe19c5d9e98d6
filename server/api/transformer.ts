import superjson, { type SuperJSONResult } from "superjson";

/**
 * The tRPC transformer of the server: superjson's wire format, written by a faster serializer.
 *
 * superjson's own `serialize` walks every value with a fresh path array and ancestor list per node,
 * records every object's identity to find shared references, and re-prefixes the annotations of a
 * subtree at every level on the way up. On a list of two dozen objectives with their key results that
 * walk was ~12 % of the server's CPU per request (bench/ANALYSIS.md, HTTP profile). Our responses are
 * plain data: objects, arrays, strings, finite numbers, booleans, null, undefined and Dates. For those
 * this serializer writes the same format in one pass that only notes the paths of Dates and
 * undefined values (the JSON itself is the value: `JSON.stringify` writes a Date as `toISOString()`,
 * exactly superjson's Date encoding). Anything else — Map, Set, bigint, NaN/±Infinity/-0, RegExp,
 * Error, class instances, very deep or circular values — falls back to superjson.serialize, so
 * every value still round-trips. One difference in form, not in meaning: a value that appears twice
 * by reference is written twice instead of with a `referentialEqualities` note; the client gets two
 * equal copies.
 *
 * Clients keep plain superjson (its deserialize reads this output unchanged).
 */

const FALLBACK = Symbol("fallback");
const MAX_DEPTH = 64;

const NEEDS_ESCAPE = /[.\\]/;
const escapeKey = (key: string) => (NEEDS_ESCAPE.test(key) ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key);

export function serialize(value: unknown): SuperJSONResult {
  try {
    return fastSerialize(value);
  } catch (e) {
    if (e === FALLBACK) return superjson.serialize(value);
    throw e;
  }
}

function fastSerialize(value: unknown): SuperJSONResult {
  // Root values that need a note of their own.
  if (value === undefined) return { json: null, meta: { values: ["undefined"], v: 1 } };
  if (value instanceof Date) {
    if (Number.isNaN(value.valueOf())) throw FALLBACK;
    return { json: value.toISOString(), meta: { values: ["Date"], v: 1 } };
  }
  let values: Record<string, [string]> | undefined;
  // Raw keys; escaped (superjson's path syntax) only for the few paths that get a note.
  const path: string[] = [];
  const note = (type: string) => {
    (values ??= {})[path.map(escapeKey).join(".")] = [type];
  };

  const walk = (v: unknown, depth: number): void => {
    switch (typeof v) {
      case "string":
      case "boolean":
        return;
      case "number":
        if (!Number.isFinite(v) || Object.is(v, -0)) throw FALLBACK;
        return;
      case "undefined":
        note("undefined");
        return;
      case "object": {
        if (v === null) return;
        if (depth > MAX_DEPTH) throw FALLBACK;
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) {
            path.push(String(i));
            walk(v[i], depth + 1);
            path.pop();
          }
          return;
        }
        if (v instanceof Date) {
          if (Number.isNaN(v.valueOf())) throw FALLBACK;
          note("Date");
          return;
        }
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) throw FALLBACK;
        for (const key in v) {
          if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
          if (key === "__proto__" || key === "constructor" || key === "prototype") throw FALLBACK;
          path.push(key);
          walk((v as Record<string, unknown>)[key], depth + 1);
          path.pop();
        }
        return;
      }
      default:
        // bigint, symbol, function
        throw FALLBACK;
    }
  };

  walk(value, 0);
  const json = value as SuperJSONResult["json"];
  return values ? ({ json, meta: { values, v: 1 } } as SuperJSONResult) : { json };
}

export const serverTransformer = {
  serialize,
  deserialize: (payload: unknown) => superjson.deserialize(payload as SuperJSONResult),
};

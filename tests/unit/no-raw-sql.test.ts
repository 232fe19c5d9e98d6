import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * No SQL text is built from values: every value reaches PostgreSQL as a bound parameter through
 * Drizzle's `sql` template or query builder. The only raw SQL is db/sql.ts's `qualified()`, which
 * writes a table and column name taken from the schema objects (never from input).
 */
const ROOT = path.resolve(__dirname, "../..");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "migrations" ? [] : files(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });
}

describe("no raw SQL from values", () => {
  it("sql.raw, sql.identifier and string-built queries appear nowhere in server/, app/ or db/ but db/sql.ts", () => {
    const offenders: string[] = [];
    for (const f of [...files(path.join(ROOT, "server")), ...files(path.join(ROOT, "app")), ...files(path.join(ROOT, "db"))]) {
      const rel = path.relative(ROOT, f);
      const text = fs.readFileSync(f, "utf8");
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        if (/\bsql\.(raw|identifier)\s*\(/.test(line) && rel !== path.join("db", "sql.ts")) offenders.push(`${rel}:${i + 1}`);
        // A query string put together with + or a template literal, handed to a driver directly.
        if (/\.(query|execute)\(\s*`[^`]*\$\{/.test(line) || /\.(query|execute)\(\s*["'][^"']*["']\s*\+/.test(line)) offenders.push(`${rel}:${i + 1}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("list inputs take sort and filter values only from enums (no free-text column names)", () => {
    const offenders: string[] = [];
    for (const f of files(path.join(ROOT, "server")).filter((f) => /schema\.ts$/.test(f))) {
      const text = fs.readFileSync(f, "utf8");
      for (const m of text.matchAll(/\b(sort|sortBy|orderBy|order|column|groupBy)\s*:\s*([^,\n]+)/g)) {
        if (!/z\.enum\(|Z[A-Za-z]+Sort|\.enum\(/.test(m[2]!)) offenders.push(`${path.relative(ROOT, f)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

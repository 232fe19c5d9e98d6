/**
 * CSV import and export, property-based (fast-check), on the real database:
 * - garbage (random text, random bytes decoded like an upload, CSVs with broken rows) sent to every CSV
 *   import is a clear 4xx — never a 500 — with per-row errors, and writes nothing;
 * - one malformed row among valid ones is reported on its row and column, and nothing is written;
 * - every CSV export neutralises cells that a spreadsheet would run as a formula;
 * - OKRs with random titles go export → import → export and come back unchanged except for that
 *   neutralisation; a GBK file of Chinese OKRs imports the same as its UTF-8 twin.
 */
import fc from "fast-check";
import Papa from "papaparse";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { campaigns, keyResults, objectives, retroCards, retroGroups, risks } from "@/db/schema";
import { AppError } from "@/server/errors";
import { translate } from "@/server/i18n";
import { safeCell } from "@/server/csv";
import { decodeCsvBytes } from "@/server/csv-decode";
import { createTestDb } from "../helpers/db";
import { callerFor } from "../helpers/factories";
import { build, describeError, makeWorld, mine, outcome, whoFor, type World } from "./_support/procedures";
import { orgChecksum } from "./_support/checksum";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);

let h: DbHandle;
let w: World;
let owner: Awaited<ReturnType<typeof callerFor>>;
/** Compared before/after a call: changes whenever snapshotOrg would (see _support/checksum.ts). */
const snapshot = () => orgChecksum(h.db, w.org.orgId);

beforeAll(async () => {
  h = await createTestDb();
  w = await makeWorld(h.db, "csvf");
  owner = await callerFor(h.db, w.org.users.owner.id);
});
afterAll(async () => h?.close());

const CLIENT = new Set(["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "FORBIDDEN", "PRECONDITION_FAILED", "PAYLOAD_TOO_LARGE", "TOO_MANY_REQUESTS"]);
const RAW_KEY = /^[a-z]+(\.[A-Za-z0-9_]+)+(\|.*)?$/;

type RowError = { row: number; column: string; message: string };
function rowErrorsOf(e: unknown): RowError[] {
  const cause = (e as TRPCError).cause;
  return cause instanceof AppError && Array.isArray(cause.details?.errors) ? (cause.details.errors as RowError[]) : [];
}

/** A refused import: 4xx, a translated message, row errors with a row, a column and a translated message. */
function expectClearRefusal(label: string, e: unknown) {
  expect(e instanceof TRPCError, label).toBe(true);
  const err = e as TRPCError;
  expect(CLIENT.has(err.code), `${label}: ${describeError(err)}`).toBe(true);
  for (const locale of ["en", "zh-CN"] as const) {
    expect(translate(locale, err.message), label).not.toMatch(RAW_KEY);
    for (const r of rowErrorsOf(err)) {
      expect(Number.isInteger(r.row) && r.row >= 0, `${label}: row ${r.row}`).toBe(true);
      expect(typeof r.column, label).toBe("string");
      expect(translate(locale, r.message), `${label}: ${r.message}`).not.toMatch(RAW_KEY);
    }
  }
}

const OKR_COLUMNS = ["objective", "level", "department", "objective_owner", "commitment", "key_result", "kr_owner", "type", "unit", "direction", "start", "target", "band_min", "band_max", "weight"];
const RISK_COLUMNS = ["title", "category", "owner", "department", "description", "causes", "consequences", "inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact", "tags"];
const KPI_COLUMNS = ["kpi", "date", "value", "note"];

/** A cell that is nearly right, or wrong in some way. */
const cellArb = fc.oneof(
  fc.constantFrom(
    "", " ", "company", "department", "team", "DEPARTMENT", "number", "percentage", "milestone", "increase", "band", "committed",
    "Dept A", "dept a", "Nowhere", "financial", "operational", "2030-01-15", "2030-02-30", "0000-01-01", "99999-01-01", "1", "0", "-1", "5", "6",
    "1.5", "1,5", "1,234.5", "1e308", "1e400", "-1e308", "NaN", "Infinity", "=1+1", "@SUM(A1)", "+x", "-x", "\"", "\"\"", "a\"b", "中文", "🦄", "\u202E",
    "\uD800", "x".repeat(300), "y".repeat(5000),
  ),
  fc.string({ unit: "binary", maxLength: 30 }).map((s) => s.replace(/\u0000/g, "")),
  fc.double().map(String),
  fc.integer().map(String),
);

function garbageCsv(columns: string[], emails: string[]) {
  const header = fc.shuffledSubarray(columns, { minLength: 0 }).chain((cols) =>
    fc.tuple(fc.constant(cols), fc.array(fc.constantFrom("", " ", "X"), { minLength: cols.length, maxLength: cols.length })).map(([c, junk]) =>
      c.map((x, i) => (junk[i] === "X" ? x.toUpperCase() : `${junk[i]}${x}`)),
    ),
  );
  const cell = fc.oneof({ weight: 4, arbitrary: cellArb }, fc.constantFrom(...emails));
  const structured = header.chain((cols) =>
    fc.array(fc.array(cell, { minLength: Math.max(0, cols.length - 2), maxLength: cols.length + 2 }), { minLength: 0, maxLength: 8 }).map(
      (rows) => Papa.unparse({ fields: cols, data: rows }, { newline: "\r\n" }),
    ),
  );
  return fc.oneof(
    { weight: 4, arbitrary: structured },
    // broken quoting and separators inside an otherwise plausible file
    { weight: 1, arbitrary: structured.chain((s) => fc.nat(Math.max(0, s.length)).map((i) => `${s.slice(0, i)}"${s.slice(i)}`)) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 400 }).map((s) => s.replace(/\u0000/g, "")) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => decodeCsvBytes(b).text.replace(/\u0000/g, "")) },
  );
}

describe("garbage to every CSV import", () => {
  const importers = [
    { name: "period.importCsv", columns: OKR_COLUMNS, call: (csv: string) => owner.period.importCsv({ orgSlug: w.org.slug, periodId: w.periodId, csv }) },
    { name: "risk.importCsv", columns: RISK_COLUMNS, call: (csv: string) => owner.risk.importCsv({ orgSlug: w.org.slug, csv }) },
    { name: "kpi.importValuesCsv", columns: KPI_COLUMNS, call: (csv: string) => owner.kpi.importValuesCsv({ orgSlug: w.org.slug, csv }) },
  ];

  it.each(importers.map((i) => [i.name, i] as const))("%s: never a 500; refused means nothing written", async (name, imp) => {
    const k = await build.kpi(w, mine(w, whoFor(w, "owner")));
    const emails = [w.org.users.owner.email, w.org.users.member.email, "nobody@example.test", k.name];
    let refused = 0;
    let ok = 0;
    let before = await snapshot();
    await fc.assert(
      fc.asyncProperty(garbageCsv(imp.columns, emails), async (csv) => {
        const res = await outcome(imp.call(csv));
        const after = await snapshot();
        if (res.ok) {
          ok++;
          before = after;
          return;
        }
        refused++;
        expectClearRefusal(`${name} with ${JSON.stringify(csv.slice(0, 300))}`, res.error);
        expect(after, `${name}: a refused import wrote something`).toEqual(before);
      }),
      { seed: SEED, numRuns: RUNS * 4, endOnFailure: true },
    );
    expect(refused).toBeGreaterThan(ok);
  }, 120_000);
});

describe("one malformed row among valid ones", () => {
  it("is reported on its row and column, and nothing is written", async () => {
    const email = w.org.users.owner.email;
    const BAD: Record<string, string[]> = {
      level: ["galaxy", "", "1"],
      objective_owner: ["nobody@example.test", "", "=cmd"],
      kr_owner: ["nobody@example.test", ""],
      type: ["float", ""],
      target: ["abc", "", "1,5", "1e400", "1e16", "-1e300", "1e308"],
      start: ["x", "-1e308", "1000000000000001"],
      weight: ["-1", "101", "1e300", "heavy"],
      department: ["No such department"],
      objective: ["x".repeat(201)],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        fc.constantFrom(...Object.keys(BAD)),
        fc.nat(),
        async (count, at, column, which) => {
          const rows = Array.from({ length: count }, (_, i) => ({
            objective: `Objective ${i} ${at}`, level: "department", department: "Dept A", objective_owner: email,
            key_result: `KR ${i}`, kr_owner: email, type: "number", start: "", target: "10", weight: "",
          }));
          const bad = at % count;
          const values = BAD[column]!;
          (rows[bad] as Record<string, string>)[column] = values[which % values.length]!;
          const csv = Papa.unparse(rows, { newline: "\r\n" });
          const before = await snapshot();
          const res = await outcome(owner.period.importCsv({ orgSlug: w.org.slug, periodId: w.periodId, csv }));
          expect(res.ok ? "OK" : res.code, `${column} on row ${bad + 1}`).toBe("BAD_REQUEST");
          if (res.ok) return;
          expectClearRefusal(column, res.error);
          const errors = rowErrorsOf(res.error);
          expect(errors.map((e) => `${e.row}:${e.column}`), JSON.stringify(errors)).toContain(`${bad + 1}:${column}`);
          expect(errors.every((e) => e.row === bad + 1), JSON.stringify(errors)).toBe(true);
          expect(await snapshot()).toEqual(before);
        },
      ),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );
  });
});

/** The raw cells of a CSV, as a spreadsheet reads them (nothing trimmed), header row excluded. */
const rawCells = (csv: string) => Papa.parse<string[]>(csv, { header: false, skipEmptyLines: true }).data.slice(1).flat();
const FORMULA = /^[=+\-@\t\r]/;
const isPlainNumber = (v: string) => /^-?\d+(\.\d+)?$/.test(v);

describe("every CSV export neutralises formulas", () => {
  it("OKRs, risks, campaigns and retros: no cell starts with = + - @ tab or CR unless it is a plain number", async () => {
    const s = mine(w, whoFor(w, "owner"));
    const payload = fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "=cmd|' /C calc'!A0", "-2+3", "@SUM(1)"), fc.string({ minLength: 1, maxLength: 20 })).map(([a, b]) => `${a}${b}`);
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const title = p.replace(/\u0000/g, "").slice(0, 100);
        // stored as is (the app trims input, a direct write does not), then exported through the app
        const period = await build.period(w, "planning");
        const kr = await build.keyResult(w, s, period.id);
        await h.db.update(objectives).set({ title, description: title }).where(eq(objectives.id, kr.objective.id));
        await h.db.update(keyResults).set({ title, unit: title.slice(0, 20) }).where(eq(keyResults.id, kr.id));
        const r = await build.risk(w, s);
        await h.db.update(risks).set({ title, description: title, causes: title, consequences: title, tags: [title] }).where(eq(risks.id, r.id));
        const c = await build.campaign(w, s);
        await h.db.update(campaigns).set({ name: title }).where(eq(campaigns.id, c.id));
        const { retro, card, group } = await build.retroCard(w, s);
        await h.db.update(retroCards).set({ body: title }).where(eq(retroCards.id, card.id));
        await h.db.update(retroGroups).set({ title }).where(eq(retroGroups.id, group.id));

        const exports = {
          okrs: (await owner.period.exportCsv({ orgSlug: w.org.slug, periodId: period.id })).csv,
          risks: (await owner.risk.exportCsv({ orgSlug: w.org.slug })).csv,
          campaigns: (await owner.campaign.exportCsv({ orgSlug: w.org.slug })).csv,
          retro: (await owner.retro.export({ orgSlug: w.org.slug, retroId: retro.id })).csv,
        };
        expect(exports.okrs).toContain(safeCell(title).replace(/"/g, '""'));
        for (const [name, csv] of Object.entries(exports)) {
          for (const v of rawCells(csv)) if (FORMULA.test(v)) expect(isPlainNumber(v), `${name}: ${JSON.stringify(v)}`).toBe(true);
        }
      }),
      { seed: SEED, numRuns: Math.max(4, RUNS / 2), endOnFailure: true },
    );
  });
});

describe("OKRs export → import → export", () => {
  const titleArb = fc
    .oneof(
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }),
      fc.tuple(fc.constantFrom("=", "+", "-", "@", "'", "\"", ",", "中文 ", "🦄"), fc.string({ unit: "grapheme", maxLength: 40 })).map(([a, b]) => a + b),
    )
    .map((t) => t.replace(/\u0000/g, "").trim())
    .filter((t) => t.length > 0 && t.length <= 199);

  it("random titles come back unchanged except for the neutralising quote", async () => {
    const email = w.org.users.owner.email;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(titleArb, { minLength: 1, maxLength: 6, selector: (t) => t.toLowerCase() }), async (titles) => {
        const p1 = await build.period(w, "planning");
        const p2 = await build.period(w, "planning");
        const rows = titles.map((t) => ({ objective: t, level: "company", objective_owner: email, key_result: t, kr_owner: email, type: "number", target: "10" }));
        const first = await outcome(owner.period.importCsv({ orgSlug: w.org.slug, periodId: p1.id, csv: Papa.unparse(rows, { newline: "\r\n" }) }));
        expect(first.ok ? "OK" : describeError(first.error)).toBe("OK");
        const exported = (await owner.period.exportCsv({ orgSlug: w.org.slug, periodId: p1.id })).csv;
        // what a user downloads: with the BOM, as UTF-8 bytes; then uploads again
        const uploaded = decodeCsvBytes(new TextEncoder().encode(`\uFEFF${exported}`)).text;
        const second = await outcome(owner.period.importCsv({ orgSlug: w.org.slug, periodId: p2.id, csv: uploaded }));
        expect(second.ok ? "OK" : describeError(second.error)).toBe("OK");
        const back = await owner.objective.list({ orgSlug: w.org.slug, periodId: p2.id });
        expect(back.map((o) => o.title).sort()).toEqual(titles.map((t) => safeCell(t)).sort());
        expect(back.flatMap((o) => o.keyResults.map((k) => k.title)).sort()).toEqual(titles.map((t) => safeCell(t)).sort());
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it("KPI values beyond what the app accepts (±1e15) are row errors, as in the form", async () => {
    const k = await build.kpi(w, mine(w, whoFor(w, "owner")));
    const before = await snapshot();
    const res = await outcome(owner.kpi.importValuesCsv({ orgSlug: w.org.slug, csv: `kpi,date,value\n${k.name},2030-01-01,5\n${k.name},2030-01-02,1e308\n${k.name},2030-01-03,-1e16\n` }));
    expect(res.ok ? "OK" : res.code).toBe("BAD_REQUEST");
    expectClearRefusal("kpi bounds", (res as { error: unknown }).error);
    expect(rowErrorsOf((res as { error: unknown }).error).map((e) => `${e.row}:${e.column}`)).toEqual(["2:value", "3:value"]);
    expect(await snapshot()).toEqual(before);
  });

  it("a GBK file of Chinese OKRs imports the same as its UTF-8 twin", async () => {
    const p = await build.period(w, "planning");
    const email = w.org.users.owner.email;
    const csv = `objective,level,department,objective_owner,key_result,kr_owner,type,target,unit\r\n提高客户满意度,department,Dept A,${email},净推荐值达到四十,${email},number,40,分\r\n"降低成本，提升效率",company,,${email},单位成本下降,${email},percentage,10,%\r\n`;
    // GBK bytes, by the platform's GB18030 decoder read backwards (ASCII stays one byte)
    const dec = new TextDecoder("gb18030");
    const table = new Map<string, number[]>();
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(dec.decode(new Uint8Array([a, b])), [a, b]);
    const bytes = new Uint8Array([...csv].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!)));
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.encoding).toBe("gb18030");
    expect(decoded.text).toBe(csv);
    await owner.period.importCsv({ orgSlug: w.org.slug, periodId: p.id, csv: decoded.text });
    const list = await owner.objective.list({ orgSlug: w.org.slug, periodId: p.id });
    expect(list.map((o) => o.title).sort()).toEqual(["提高客户满意度", "降低成本，提升效率"].sort());
    expect(list.flatMap((o) => o.keyResults.map((k) => k.unit)).sort()).toEqual(["%", "分"].sort());
  });
});

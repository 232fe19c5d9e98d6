/**
 * The register's bulk views through the tRPC caller: CSV import (all-or-nothing, errors by row and
 * column, valid files create assessed risks with history), CSV export that imports back to the same
 * columns, the heat map (inherent and residual counts per cell, filters by cell) and the movement
 * between two dates.
 */
import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { risks } from "@/db/schema";
import { parseCsv } from "@/server/csv";
import { AppError } from "@/server/errors";
import { assessRisk, RISK_CSV_COLUMNS } from "@/server/risks/service";
import { createTestDb } from "../helpers/db";
import { expectFieldError } from "../helpers/errors";
import { makeOrg } from "../helpers/factories";
import { uid } from "./_support/procedures";
import {
  actorOf,
  assess,
  assessedRisk,
  assessmentsOf,
  auditRows,
  createRisk,
  day,
  failure,
  riskRow,
  riskWorld,
  setStatus,
  type RiskWorld,
  type Scores,
} from "./_support/risks";

let h: DbHandle;

beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => h?.close());

/** The row errors of a failed import: BAD_REQUEST whose AppError cause lists { row, column, message }. */
async function rowErrors(p: Promise<unknown>) {
  const e = await failure(p);
  expect(e.code).toBe("BAD_REQUEST");
  expect(e.cause).toBeInstanceOf(AppError);
  return ((e.cause as AppError).details?.errors ?? []) as { row: number; column: string; message: string }[];
}
const csvOf = (lines: string[]) => lines.join("\n");
const countRisks = async (orgId: string) => (await h.db.select({ id: risks.id }).from(risks).where(eq(risks.orgId, orgId))).length;

describe("CSV import", () => {
  let rw: RiskWorld;
  let member: string;
  let manager: string;
  beforeAll(async () => {
    rw = await riskWorld(h.db, "riskcsv");
    member = rw.w.org.users.member.email;
    manager = rw.w.org.users.manager.email;
  });
  const HEADER = "title,category,owner,department,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,tags";

  it("all or nothing: every bad row is listed by row and column, and nothing is written", async () => {
    const outsider = await makeOrg(h.db, "outsider");
    const csv = csvOf([
      HEADER,
      `Bad category,weather,${member},,3,3,2,2,`,
      `Stranger owns it,operational,${outsider.users.member.email},,3,3,2,2,`,
      `Nobody owns it,operational,nobody@example.test,,3,3,2,2,`,
      `Score six,financial,${member},,3,6,2,2,`,
      `Residual above,financial,${member},,2,2,3,3,`,
      `Fine row,financial,${member},Dept A,3,3,2,2,`,
      `Unknown department,financial,${member},Dept Z,3,3,2,2,`,
      `Half a score,financial,${member},,3,,,,`,
      `Zero,financial,${member},,0,3,,,`,
      `,financial,${member},,,,,,`,
      `Residual only,financial,${member},,,,2,2,`,
    ]);
    const before = await countRisks(rw.w.org.orgId);
    const errors = await rowErrors((await rw.as(rw.U.admin)).risk.importCsv({ orgSlug: rw.slug, csv }));
    expect(errors).toEqual([
      { row: 1, column: "category", message: "e.risk.unknownCategory" },
      { row: 2, column: "owner", message: "e.notAMember" },
      { row: 3, column: "owner", message: "e.notAMember" },
      { row: 4, column: "inherent_impact", message: "v.score" },
      { row: 5, column: "residual_likelihood", message: "v.residualAboveInherent" },
      { row: 7, column: "department", message: "e.unknownDepartment" },
      { row: 8, column: "inherent_impact", message: "v.required" },
      { row: 9, column: "inherent_likelihood", message: "v.score" },
      { row: 10, column: "title", message: "v.required" },
      { row: 11, column: "inherent_likelihood", message: "v.required" },
    ]);
    expect(await countRisks(rw.w.org.orgId)).toBe(before);
    // the message says how many problems and that nothing was imported
    const e = await failure((await rw.as(rw.U.admin)).risk.importCsv({ orgSlug: rw.slug, csv }));
    expect(e.message).toBe("e.csvInvalid|count=10");
  });

  it("missing required columns, an empty file and a manager's out-of-department rows are refused", async () => {
    const admin = await rw.as(rw.U.admin);
    const e = await failure(admin.risk.importCsv({ orgSlug: rw.slug, csv: `title,owner\nX,${member}` }));
    expect((e.cause as AppError).details?.errors).toEqual([{ row: 0, column: "category", message: "e.csvMissingColumns|columns=category" }]);
    expect((await failure(admin.risk.importCsv({ orgSlug: rw.slug, csv: HEADER }))).message).toBe("e.csvEmpty");
    const mgr = await rw.as(rw.U.manager);
    const errors = await rowErrors(
      mgr.risk.importCsv({ orgSlug: rw.slug, csv: csvOf([HEADER, `In A,financial,${member},Dept A,3,3,2,2,`, `In B,financial,${rw.w.other.email},Dept B,3,3,2,2,`]) }),
    );
    expect(errors).toEqual([{ row: 2, column: "department", message: "e.outOfScope|permission=risk.create|role=manager" }]);
    // members may not import at all
    const m = await failure((await rw.as(rw.U.member)).risk.importCsv({ orgSlug: rw.slug, csv: `${HEADER}\nX,financial,${member},,,,,,` }));
    expect(m).toBeInstanceOf(TRPCError);
    expect(m.code).toBe("FORBIDDEN");
  });

  it("a valid file creates the risks: assessed ones with their first history row and review date, the rest identified", async () => {
    const title = `Cloud region outage, EU ${uid()}`;
    const csv = csvOf([
      "Title,Category,Owner,Department,Description,Causes,Consequences,Inherent_Likelihood,Inherent_Impact,Residual_Likelihood,Residual_Impact,Tags",
      `"${title}",technology,${member.toUpperCase()},dept a,"Two lines
of description","Single region","Checkout down",4,5,3,3,"infra; vendor, infra"`,
      `Hiring freeze,People,${manager},,,,,,,,,`,
      `Currency swing,financial,${member},Dept A,,,,3,4,,,`,
    ]);
    const res = await (await rw.as(rw.U.admin)).risk.importCsv({ orgSlug: rw.slug, csv });
    expect(res).toEqual({ imported: 3 });
    const rows = await h.db.select().from(risks).where(and(eq(risks.orgId, rw.w.org.orgId)));
    const cloud = rows.find((r) => r.title === title)!;
    expect(cloud).toMatchObject({
      category: "technology",
      ownerId: rw.U.member,
      departmentId: rw.w.org.departmentIds.a,
      description: "Two lines\nof description",
      causes: "Single region",
      consequences: "Checkout down",
      status: "assessed",
      inherentScore: 20,
      residualScore: 9,
      tags: ["infra", "vendor"],
      nextReviewOn: day(180), // residual 9: medium
      createdBy: rw.U.admin,
    });
    expect((await assessmentsOf(h.db, cloud.id)).map((a) => [a.inherentLikelihood, a.inherentImpact, a.residualLikelihood, a.residualImpact, a.rationale, a.assessorId])).toEqual([
      [4, 5, 3, 3, "CSV import", rw.U.admin],
    ]);
    const hiring = rows.find((r) => r.title === "Hiring freeze")!;
    expect(hiring).toMatchObject({ category: "people", ownerId: rw.U.manager, departmentId: null, status: "identified", inherentScore: null, nextReviewOn: null });
    expect(await assessmentsOf(h.db, hiring.id)).toEqual([]);
    // no residual given: the residual is the inherent one
    const fx = rows.find((r) => r.title === "Currency swing")!;
    expect(fx).toMatchObject({ status: "assessed", inherentScore: 12, residualLikelihood: 3, residualImpact: 4, residualScore: 12, nextReviewOn: day(90) });
    const audit = await auditRows(h.db, rw.w.org.orgId, rw.w.org.orgId, "import_risks");
    expect(audit.at(-1)!.after).toMatchObject({ count: 3 });
  });
});

describe("CSV export", () => {
  it("exports the register with formula-safe cells; the export imports back to the same columns", async () => {
    const rw = await riskWorld(h.db, "riskexp");
    const a = await createRisk(rw, {
      title: 'Key supplier "Acme", sole source',
      category: "operational",
      extra: { description: "Line one\nLine two, with a comma", causes: "Single contract", consequences: "Line stops", tags: ["supply", "q1"] },
    });
    await assess(rw, a.id, [4, 5, 3, 4]);
    await createRisk(rw, { title: "Unassessed idea", category: "strategic", departmentId: null, by: rw.U.manager });
    const closed = await assessedRisk(rw, [2, 2, 1, 1], { title: "Closed one" });
    await setStatus(rw, closed.id, "closed", { reason: "Done" });
    const formula = await createRisk(rw, { title: "=HYPERLINK(evil)" });

    const viewer = await rw.as(rw.U.viewer);
    const first = await viewer.risk.exportCsv({ orgSlug: rw.slug });
    expect(first).toMatchObject({ filename: "risks.csv", rows: 3 }); // closed ones only when asked for
    const parsed = parseCsv(first.csv);
    expect(parsed.errors).toEqual([]);
    for (const c of RISK_CSV_COLUMNS) expect(parsed.headers).toContain(c);
    const acme = parsed.rows.find((r) => r.title === 'Key supplier "Acme", sole source')!;
    expect(acme).toMatchObject({
      category: "operational",
      owner: rw.w.org.users.member.email,
      department: "Dept A",
      status: "assessed",
      description: "Line one\nLine two, with a comma",
      inherent_likelihood: "4",
      inherent_impact: "5",
      residual_likelihood: "3",
      residual_impact: "4",
      inherent_score: "20",
      residual_score: "12",
      level: "high",
      appetite: "9",
      above_appetite: "yes",
      next_review: day(90),
      tags: "supply; q1",
    });
    expect(parsed.rows.find((r) => r.title?.includes("HYPERLINK"))!.title).toBe("'=HYPERLINK(evil)");
    const closedOnly = parseCsv((await viewer.risk.exportCsv({ orgSlug: rw.slug, status: "closed" })).csv);
    expect(closedOnly.rows.map((r) => r.title)).toEqual(["Closed one"]);

    // round trip: without the formula row, delete the open risks and import the export back
    await h.db.delete(risks).where(eq(risks.id, formula.id));
    const exported = (await viewer.risk.exportCsv({ orgSlug: rw.slug })).csv;
    await h.db.delete(risks).where(and(eq(risks.orgId, rw.w.org.orgId)));
    expect(await (await rw.as(rw.U.admin)).risk.importCsv({ orgSlug: rw.slug, csv: exported })).toEqual({ imported: 2 });
    const again = (await viewer.risk.exportCsv({ orgSlug: rw.slug })).csv;
    const project = (csv: string) =>
      parseCsv(csv)
        .rows.map((r) => Object.fromEntries([...RISK_CSV_COLUMNS, "status", "level", "next_review", "inherent_score", "residual_score"].map((c) => [c, r[c]])))
        .sort((x, y) => x.title!.localeCompare(y.title!));
    expect(project(again)).toEqual(project(exported));
    expect(project(again)).toHaveLength(2);
  });
});

describe("heat map", () => {
  it("counts open assessed risks per cell, inherent and residual (residual falls back to inherent); closed and unassessed apart", async () => {
    const rw = await riskWorld(h.db, "riskheat");
    const a = await assessedRisk(rw, [5, 4, 2, 2], { title: "A" });
    const b = await assessedRisk(rw, [5, 4, 3, 3], { title: "B" });
    const c = await assessedRisk(rw, [3, 3, 3, 3], { title: "C" });
    await createRisk(rw, { title: "D (unassessed)" });
    const e = await assessedRisk(rw, [1, 1, 1, 1], { title: "E (closed)" });
    await setStatus(rw, e.id, "closed", { reason: "Gone" });
    const [f] = await h.db
      .insert(risks)
      .values({ orgId: rw.w.org.orgId, title: "F (inherent only)", category: "market", ownerId: rw.U.member, departmentId: rw.w.org.departmentIds.a, status: "assessed", inherentLikelihood: 2, inherentImpact: 5, inherentScore: 10 })
      .returning();

    const viewer = await rw.as(rw.U.viewer);
    const map = await viewer.risk.heatMap({ orgSlug: rw.slug });
    const cells = (grid: number[][]) => grid.flatMap((row, l) => row.map((n, i) => (n ? `${l + 1}×${i + 1}=${n}` : null))).filter(Boolean);
    expect(cells(map.inherent)).toEqual(["2×5=1", "3×3=1", "5×4=2"]);
    expect(cells(map.residual)).toEqual(["2×2=1", "2×5=1", "3×3=2"]);
    expect(map.unassessed).toBe(1);
    expect(map.appetite).toBe(9);
    expect(map.matrix[4]![3]).toBe("critical");
    expect(map.inherent.flat().reduce((s, n) => s + n, 0)).toBe(4);

    // clicking a cell filters the register
    const ids = async (f: Record<string, unknown>) => (await viewer.risk.list({ orgSlug: rw.slug, ...f })).items.map((i) => i.id).sort();
    expect(await ids({ likelihood: 5, impact: 4, basis: "inherent" })).toEqual([a.id, b.id].sort());
    expect(await ids({ likelihood: 3, impact: 3 })).toEqual([b.id, c.id].sort());
    expect(await ids({ likelihood: 2, impact: 5 })).toEqual([f!.id]);
    expect(await ids({ likelihood: 2, impact: 2 })).toEqual([a.id]);
    expect(await ids({ likelihood: 1, impact: 1 })).toEqual([]); // the closed one is not in the open register

    // a new assessment moves a risk from cell to cell
    await assess(rw, c.id, [3, 3, 1, 2]);
    const after = await viewer.risk.heatMap({ orgSlug: rw.slug });
    expect(cells(after.residual)).toEqual(["1×2=1", "2×2=1", "2×5=1", "3×3=1"]);
    expect(cells(after.inherent)).toEqual(cells(map.inherent));
  });
});

describe("movement between two dates", () => {
  it("each risk's latest residual cell on or before each date: up, down, same, new; later assessments ignored", async () => {
    const rw = await riskWorld(h.db, "riskmove");
    const actor = await actorOf(rw, rw.U.member);
    const at = async (riskId: string, s: Scores, when: string) => {
      const r = await riskRow(h.db, riskId);
      return assessRisk(
        h.db,
        actor,
        { riskId, version: r.version, inherentLikelihood: s[0], inherentImpact: s[1], residualLikelihood: s[2], residualImpact: s[3], rationale: "" },
        new Date(when),
      );
    };
    const make = async (title: string) => (await createRisk(rw, { title })).id;
    const down = await make("Down");
    await at(down, [4, 4, 4, 4], "2026-01-10T10:00:00Z");
    const downAfter = await at(down, [4, 4, 2, 3], "2026-03-10T10:00:00Z");
    expect(downAfter.nextReviewOn).toBe("2026-09-06"); // medium: 180 days after the assessment day
    const fresh = await make("New");
    await at(fresh, [3, 3, 3, 3], "2026-03-05T10:00:00Z");
    const up = await make("Up");
    await at(up, [3, 3, 2, 2], "2026-01-05T10:00:00Z");
    await at(up, [4, 4, 4, 4], "2026-03-01T10:00:00Z");
    const same = await make("Same");
    await at(same, [3, 3, 3, 3], "2026-01-05T10:00:00Z");
    const edges = await make("Edges");
    await at(edges, [2, 2, 2, 2], "2026-02-01T23:00:00Z"); // late on the "from" day: counts for it
    await at(edges, [3, 3, 3, 3], "2026-04-01T22:00:00Z"); // late on the "to" day: counts for it
    const later = await make("Later");
    await at(later, [5, 5, 5, 5], "2026-05-01T10:00:00Z");
    const closed = await make("Closed");
    await at(closed, [2, 2, 2, 2], "2026-01-05T10:00:00Z");
    await setStatus(rw, closed, "closed", { reason: "Done" });
    await createRisk(rw, { title: "Never assessed" });

    const res = await (await rw.as(rw.U.viewer)).risk.movement({ orgSlug: rw.slug, from: "2026-02-01", to: "2026-04-01" });
    expect(res).toMatchObject({ from: "2026-02-01", to: "2026-04-01" });
    const byTitle = Object.fromEntries(res.moves.map((m) => [m.title, m]));
    expect(Object.keys(byTitle).sort()).toEqual(["Closed", "Down", "Edges", "New", "Same", "Up"]);
    expect(byTitle.Down).toMatchObject({
      direction: "down",
      from: { likelihood: 4, impact: 4, score: 16, level: "critical" },
      to: { likelihood: 2, impact: 3, score: 6, level: "medium" },
    });
    expect(byTitle.Up).toMatchObject({ direction: "up", from: { score: 4, level: "low" }, to: { score: 16, level: "critical" } });
    expect(byTitle.Same).toMatchObject({ direction: "same", from: { score: 9 }, to: { score: 9 } });
    expect(byTitle.New).toMatchObject({ direction: "new", from: null, to: { score: 9, level: "medium" } });
    expect(byTitle.Edges).toMatchObject({ direction: "up", from: { score: 4 }, to: { score: 9 } });
    expect(byTitle.Closed).toMatchObject({ status: "closed", direction: "same" });
    // sorted by where they ended, highest first
    const scores = res.moves.map((m) => m.to.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));

    // "to" before "from" is a field error
    await expectFieldError((await rw.as(rw.U.viewer)).risk.movement({ orgSlug: rw.slug, from: "2026-04-01", to: "2026-02-01" }), "to", "");
  });
});

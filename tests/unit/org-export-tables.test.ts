/**
 * The organisation export covers every org-scoped table of the schema. Derived from the schema (every
 * table with an org_id column), so a new domain table fails here until someone has looked at it:
 * exported as it is, exported without a secret column (OMITTED_COLUMNS), or left out with a reason
 * (EXCLUDED_TABLES) — then added to REVIEWED.
 */
import { describe, expect, it } from "vitest";
import { getTableColumns, getTableName, isTable } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import * as schema from "@/db/schema";
import { EXCLUDED_TABLES, exportTables, OMITTED_COLUMNS, orgScopedTables } from "@/server/backup/tables";
import { documentSchema } from "@/server/backup/schema";

/** Org-scoped tables whose export was checked by a person (secrets, soft references, sizes). */
const REVIEWED = [
  "idempotencyKeys",
  "apiKeys",
  "approvalComments",
  "approvalDecisions",
  "approvalDelegations",
  "approvalRequests",
  "approvalSettings",
  "approvalSteps",
  "auditEvents",
  "campaignBudgetLines",
  "campaignKeyResults",
  "campaignResults",
  "campaignSettings",
  "campaignSpend",
  "campaignUtmLinks",
  "campaignVariants",
  "campaigns",
  "checkIns",
  "comments",
  "currencyRates",
  "departmentMembers",
  "departments",
  "dependencies",
  "emailOutbox",
  "initiatives",
  "invitations",
  "keyResults",
  "kpiValues",
  "kpis",
  "memberships",
  "notificationPreferences",
  "notifications",
  "objectiveAlignments",
  "objectives",
  "periods",
  "productChecklistItems",
  "productFeedback",
  "productFeedbackVotes",
  "productObjectives",
  "productStageCriteria",
  "productStagePlans",
  "productStageVisits",
  "productStages",
  "products",
  "retroActions",
  "retroCards",
  "retroGroups",
  "retroParticipants",
  "retroTemplates",
  "retroVotes",
  "retros",
  "riskAcceptances",
  "riskActions",
  "riskAssessments",
  "riskKriEvents",
  "riskKris",
  "riskLinks",
  "riskSettings",
  "risks",
  "webhookDeliveries",
  "webhooks",
];

/** Straight from the schema: every table with an org_id column (by SQL name, not the JS key). */
function tablesWithOrgId(): string[] {
  return Object.entries(schema)
    .filter(([, v]) => isTable(v) && Object.values(getTableColumns(v)).some((c) => c.name === "org_id"))
    .map(([k]) => k)
    .sort();
}

describe("organisation export coverage", () => {
  it("every table with an org_id column has been reviewed for the export", () => {
    const unreviewed = tablesWithOrgId().filter((t) => !REVIEWED.includes(t));
    expect(unreviewed, "new org-scoped tables: check them against server/backup/tables.ts, then add them to REVIEWED").toEqual([]);
    expect(REVIEWED.filter((t) => !tablesWithOrgId().includes(t)), "tables that are gone").toEqual([]);
  });

  it("every org-scoped table is exported or excluded with a reason, never both", () => {
    const exported = exportTables().map((t) => t.name);
    expect(orgScopedTables().map((t) => t.name).sort()).toEqual(tablesWithOrgId());
    for (const t of tablesWithOrgId()) {
      expect(exported.includes(t) !== t in EXCLUDED_TABLES, t).toBe(true);
    }
    for (const reason of Object.values(EXCLUDED_TABLES)) expect(reason.length).toBeGreaterThan(20);
  });

  it("the insert order puts every table after the tables it references", () => {
    const order = exportTables();
    const pos = new Map(order.map((t, i) => [getTableName(t.table), i]));
    for (const [i, t] of order.entries()) {
      for (const fk of getTableConfig(t.table as PgTable).foreignKeys) {
        const target = getTableName(fk.reference().foreignTable);
        const at = pos.get(target);
        if (at === undefined || target === getTableName(t.table)) continue;
        expect(at, `${t.name} → ${target}`).toBeLessThan(i);
      }
    }
  });

  it("secret columns are omitted, and every column type has a validation rule", () => {
    expect(Object.keys(OMITTED_COLUMNS.users!)).toContain("passwordHash");
    expect(Object.keys(OMITTED_COLUMNS.invitations!)).toContain("tokenHash");
    expect(Object.keys(OMITTED_COLUMNS.webhooks!)).toContain("secret");
    expect(EXCLUDED_TABLES).toHaveProperty("apiKeys");
    // Builds the zod schema of every table: an unknown column type throws.
    expect(() => documentSchema()).not.toThrow();
    // A column whose name says it holds a secret must be omitted or its table excluded.
    for (const t of exportTables()) {
      for (const [key, col] of Object.entries(getTableColumns(t.table))) {
        if (/secret|hash|token|password/i.test(col.name)) expect(OMITTED_COLUMNS[t.name]?.[key], `${t.name}.${key}`).toBeTruthy();
      }
    }
  });
});

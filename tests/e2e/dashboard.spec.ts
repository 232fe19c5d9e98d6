import { expect, test } from "@playwright/test";
import { shot, signedIn } from "./helpers";

test("the org dashboard renders the demo data with charts and tables; a heat-map cell drills down to exactly its risks; the department dashboard shows check-ins", async ({ browser }) => {
  const { ctx, page } = await signedIn(browser, "owner@demo.lodestar.app");
  await expect(page.getByRole("heading", { name: "Welcome to Lodestar Demo Co." })).toBeVisible();
  const dash = page.getByTestId("org-dashboard");
  await expect(dash).toBeVisible();
  for (const id of ["dash-okrs", "dash-krs-at-risk", "dash-retros", "dash-campaigns", "dash-products", "dash-approvals", "dash-heatmap", "dash-above-appetite", "dash-kri"]) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  await expect(page.getByTestId("dash-okrs").getByRole("heading", { name: "OKR progress and confidence by department" })).toBeVisible();
  // The charts load on demand, when they scroll near the viewport, and draw.
  await page.getByTestId("dash-campaigns").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("dash-campaigns").locator(".recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("dash-okrs").locator(".recharts-bar-rectangle").first()).toBeVisible();
  // The demo has key results at risk.
  expect(Number(await page.getByTestId("dash-krs-at-risk-count").textContent())).toBeGreaterThan(0);
  await shot(page, "dashboard-01-org");

  // "Show as table": the same data as a real table, with the channels' spend.
  await page.getByTestId("dash-campaigns-toggle").click();
  const table = page.getByTestId("dash-campaigns-table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("rowheader", { name: "Search ads" })).toBeVisible();
  await expect(page.getByTestId("dash-campaigns-toggle")).toHaveAttribute("aria-pressed", "true");
  await page.getByTestId("dash-campaigns-toggle").click();
  // Back to the chart: the table stays only for screen readers.
  await expect(page.getByTestId("dash-campaigns").locator(".recharts-surface").first()).toBeVisible();
  await expect(page.getByTestId("dash-campaigns").locator("[data-table-mode='assistive']")).toHaveClass(/sr-only/);

  // Printing shows tables instead of charts and no filters.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("dash-campaigns-table")).toBeVisible();
  await expect(page.getByTestId("dashboard-filters")).toBeHidden();
  await shot(page, "dashboard-02-print");
  await page.emulateMedia({ media: "screen" });

  // Drill down: the busiest heat-map cell lists exactly as many risks as it counts.
  const cells = page.getByTestId("dash-heatmap-table").locator("a[data-testid^='heat-']");
  const counts = await cells.allTextContents();
  expect(counts.length).toBeGreaterThan(0);
  const best = counts.map(Number).reduce((bi, n, i, all) => (n > all[bi]! ? i : bi), 0);
  const n = Number(counts[best]);
  const testId = await cells.nth(best).getAttribute("data-testid");
  const [, l, i] = testId!.split("-");
  await cells.nth(best).click();
  await page.waitForURL(new RegExp(`/demo/risks\\?l=${l}&i=${i}`));
  await expect(page.getByTestId("heat-filter")).toBeVisible();
  await expect(page.getByTestId("risk-row")).toHaveCount(n);
  await shot(page, "dashboard-03-drilldown-risks");

  // Narrow the dashboard to Marketing (in the URL), then open Marketing's own dashboard.
  await page.goto("/demo/dashboard");
  await page.getByTestId("dashboard-department").selectOption({ label: "Marketing" });
  await page.waitForURL(/department=/);
  await expect(page.getByRole("heading", { name: "Marketing dashboard" })).toBeVisible();
  // Only Marketing's objectives are left in the OKR chart's data.
  await expect(page.getByTestId("dash-okrs-table").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("dash-okrs-table").locator("tbody tr")).toContainText("Marketing");
  await page.getByTestId("open-department-dashboard").click();
  await page.waitForURL(/\/demo\/dashboard\/departments\/[0-9a-f-]{36}/);
  const compliance = page.getByTestId("dash-compliance");
  await expect(compliance).toBeVisible();
  await expect(compliance.getByTestId("compliance-row").filter({ hasText: "Mei Manager" })).toBeVisible();
  await expect(compliance.getByTestId("compliance-row").filter({ hasText: "Max Member" })).toBeVisible();
  await shot(page, "dashboard-04-department");
  await ctx.close();
});

test("the dashboard in Chinese; the key-results-at-risk tile drills down to the objectives holding them", async ({ browser }) => {
  const { ctx, page } = await signedIn(browser, "manager@demo.lodestar.app");
  await ctx.addCookies([{ name: "lodestar_locale", value: "zh-CN", url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(page.getByTestId("dash-okrs").getByRole("heading", { name: "各部门 OKR 进度与信心" })).toBeVisible();
  await expect(page.getByTestId("dash-heatmap").getByRole("heading", { name: "风险热力图" })).toBeVisible();
  await page.getByTestId("dash-campaigns").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("dash-campaigns").locator(".recharts-surface").first()).toBeVisible();
  await page.getByTestId("dash-okrs-toggle").click();
  await expect(page.getByTestId("dash-okrs-table").getByRole("columnheader", { name: "平均信心" })).toBeVisible();
  await shot(page, "dashboard-05-zh");

  // Each listed KR at risk belongs to an objective the drill-down list shows.
  const tile = page.getByTestId("dash-krs-at-risk");
  const objectiveIds = new Set((await tile.locator("ul a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!))).map((h) => h.split("/").pop()!));
  expect(objectiveIds.size).toBeGreaterThan(0);
  await page.getByTestId("dash-krs-at-risk-link").click();
  await page.waitForURL(/\/demo\/okrs\?.*confidence=attention/);
  await expect(page.getByTestId("objective-card")).toHaveCount(objectiveIds.size);
  await shot(page, "dashboard-06-drilldown-okrs-zh");
  await ctx.close();
});

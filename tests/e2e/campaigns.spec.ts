import { expect, test } from "@playwright/test";
import { clickToNavigate, shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);

/** A date n days from today, as yyyy-mm-dd (UTC). */
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

test("a campaign above the approval threshold is approved in two steps, records spend and results, shows its ROI and its calendar entry; a viewer only reads", async ({ browser }) => {
  const name = `Winter webinar series ${uid}`;
  const { ctx: xctx, page: member } = await signedIn(browser, "member@demo.lodestar.app");

  // The member plans a Marketing campaign…
  await member.goto("/demo/campaigns");
  await member.getByTestId("new-campaign").click();
  const form = member.getByRole("dialog");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByRole("checkbox", { name: "Email" }).check();
  await form.getByLabel("Starts on").fill(day(-2));
  await form.getByLabel("Ends on").fill(day(20));
  await form.getByRole("button", { name: "Create campaign" }).click();
  await member.waitForURL("**/campaigns/*-*");
  const campaignUrl = member.url();

  // …with a budget of 15,000.00, above the organisation's 10,000.00 threshold.
  await member.getByTestId("budget-edit").click();
  await member.getByTestId("budget-line-add").click();
  await member.getByLabel("Line 1 amount (USD)").fill("15000");
  await member.getByLabel("Line 1 category").fill("Webinar platform and ads");
  await member.getByTestId("budget-save").click();
  await expect(member.getByTestId("budget-editor")).toHaveCount(0);
  await member.getByTestId("submit-for-approval").click();
  await expect(member.getByText("Pending approval").first()).toBeVisible();
  await shot(member, "campaign-01-submitted");

  // Step 1: the Marketing manager approves; step 2: an admin, because the budget is above the threshold.
  for (const approver of ["manager@demo.lodestar.app", "admin@demo.lodestar.app"]) {
    const { ctx, page } = await signedIn(browser, approver);
    await page.goto("/demo/approvals");
    await clickToNavigate(page, page.getByRole("link", { name }).first(), "**/approvals/*-*");
    await expect(page.getByText("15,000.00").first()).toBeVisible();
    await page.getByTestId("approve").click();
    await page.getByTestId("confirm-decision").click();
    await expect(page.getByTestId("decision").first()).toBeVisible();
    await shot(page, `campaign-02-approved-by-${approver.split("@")[0]}`);
    await ctx.close();
  }

  // Approved: the member sets it live and records spend and results.
  await member.goto(campaignUrl);
  await expect(member.getByText("Approved").first()).toBeVisible();
  await member.getByTestId("status-live").click();
  await expect(member.getByText("Live").first()).toBeVisible();
  const spend = member.getByRole("form", { name: "Record spend" });
  await spend.getByLabel("Amount (USD)").fill("3000");
  await spend.getByLabel("Vendor").fill("Webinar Co.");
  await spend.getByTestId("spend-add").click();
  await expect(member.getByTestId("spend-row")).toHaveCount(1);
  const result = member.getByRole("form", { name: "Record result" });
  await result.getByLabel("Metric").selectOption("revenue");
  await result.getByLabel("Amount (USD)").fill("9000");
  await result.getByTestId("result-add").click();
  // ROI = (revenue − spend) / spend = (9,000 − 3,000) / 3,000 = 200%.
  await expect(member.getByTestId("roi-value")).toHaveText("200%");
  await shot(member, "campaign-03-roi");

  // The calendar shows it this month.
  await member.goto("/demo/campaigns/calendar");
  await expect(member.getByText(name).first()).toBeVisible();
  await shot(member, "campaign-04-calendar");

  // A viewer reads the campaign but has nothing to edit.
  const { ctx: vctx, page: viewer } = await signedIn(browser, "viewer@demo.lodestar.app");
  await viewer.goto(campaignUrl);
  await expect(viewer.getByRole("heading", { name })).toBeVisible();
  await expect(viewer.getByTestId("roi-value")).toHaveText("200%");
  for (const id of ["campaign-edit", "budget-edit", "spend-add", "result-add", "status-completed", "campaign-delete"]) {
    await expect(viewer.getByTestId(id)).toHaveCount(0);
  }
  await expect(viewer.getByRole("main").locator("input, textarea, select")).toHaveCount(0);
  await viewer.goto("/demo/campaigns");
  await expect(viewer.getByTestId("new-campaign")).toHaveCount(0);

  await Promise.all([xctx.close(), vctx.close()]);
});

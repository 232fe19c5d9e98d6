import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);

test("quarterly review: the demo quarter renders, exports Markdown, pre-fills the quarter's retro once, and reads in Chinese", async ({ browser, baseURL }) => {
  const { ctx, page } = await signedIn(browser, "manager@demo.lodestar.app");

  // The manager opens a retro for the current quarter (the form's default period).
  const title = `Quarter review retro ${uid}`;
  await page.goto("/demo/retros");
  await page.getByTestId("new-retro").click();
  await page.getByTestId("retro-form").getByLabel("Title").fill(title);
  await page.getByTestId("retro-save").click();
  await page.waitForURL("**/retros/*-*");
  const retroUrl = page.url();

  // From the navigation to the current period's review (its own URL).
  await page.goto("/demo/dashboard");
  await page.getByRole("link", { name: "Quarterly review" }).click();
  await page.waitForURL(/\/demo\/review\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Quarterly review — \d{4}-Q\d/);
  await expect(page.getByTestId("review-objectives")).toContainText("Grow recurring revenue with customers who stay");
  await expect(page.getByTestId("review-campaigns")).toContainText("Partner Webinar Series");
  await expect(page.getByTestId("review-campaigns")).toContainText("over budget");
  for (const name of ["OKR grades", "Campaign results", "Risk movement", "Product stage changes", "Retro actions"]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  await shot(page, "review-01-page");
  const reviewUrl = page.url();

  // On paper: no navigation, no buttons, the sections in one column.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("review-export")).toBeHidden();
  await expect(page.getByRole("link", { name: "Quarterly review" })).toBeHidden();
  await expect(page.getByRole("heading", { level: 2, name: "Retro actions" })).toBeVisible();
  await shot(page, "review-05-print");
  await page.emulateMedia({ media: "screen" });

  // The period is in the URL: switching it opens that period's review.
  const current = await page.getByTestId("review-period").locator("option:checked").textContent();
  const other = (await page.getByTestId("review-period").locator("option").allTextContents()).find((o) => o !== current)!;
  await page.getByTestId("review-period").selectOption({ label: other });
  await page.waitForURL((u) => u.href !== reviewUrl && /\/demo\/review\/[0-9a-f-]{36}$/.test(u.pathname));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(other);
  await page.goto(reviewUrl);

  // Export Markdown downloads a .md file with the same content.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("review-export").click()]);
  expect(download.suggestedFilename()).toMatch(/^review-\d{4}-q\d\.md$/);
  const md = fs.readFileSync((await download.path())!, "utf8");
  expect(md).toMatch(/^# Quarterly review — \d{4}-Q\d/);
  expect(md).toContain("## Campaign results");
  expect(md).toContain("| Partner Webinar Series |");

  // Pre-fill: the confirmation lists the cards; confirming adds them to the retro.
  await page.getByTestId("review-prefill").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(title);
  await expect(dialog.getByTestId("prefill-items")).toContainText("Partner Webinar Series");
  await shot(page, "review-02-prefill");
  const count = Number((await dialog.getByTestId("prefill-confirm").textContent())!.match(/\d+/)![0]);
  expect(count).toBeGreaterThan(0);
  await dialog.getByTestId("prefill-confirm").click();
  await expect(dialog.getByTestId("prefill-done")).toHaveText(`${count} card${count === 1 ? "" : "s"} added`);
  await dialog.getByTestId("prefill-open-retro").click();
  await page.waitForURL(retroUrl);
  await expect(page.getByTestId("card")).toHaveCount(count);
  await expect(page.getByTestId("card").filter({ hasText: "Partner Webinar Series" }).first()).toBeVisible();
  await shot(page, "review-03-retro");

  // A second pre-fill has nothing new to add.
  await page.goto("/demo/review");
  await page.waitForURL(/\/demo\/review\/[0-9a-f-]{36}$/);
  await page.getByTestId("review-prefill").click();
  await expect(page.getByRole("dialog")).toContainText("Nothing new to add");
  await expect(page.getByTestId("prefill-confirm")).toHaveCount(0);
  await page.keyboard.press("Escape");

  // In Chinese, page and export headings follow the language.
  await ctx.addCookies([{ name: "lodestar_locale", value: "zh-CN", url: baseURL! }]);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("季度回顾");
  await expect(page.getByRole("heading", { level: 2, name: "OKR 评分" })).toBeVisible();
  const [zhDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("review-export").click()]);
  expect(fs.readFileSync((await zhDownload.path())!, "utf8")).toContain("## 营销活动结果");
  await shot(page, "review-04-zh");
  await ctx.close();

  // A viewer reads the review but has no pre-fill button.
  const viewer = await signedIn(browser, "viewer@demo.lodestar.app");
  await viewer.page.goto(reviewUrl);
  await expect(viewer.page.getByTestId("review-objectives")).toBeVisible();
  await expect(viewer.page.getByTestId("review-export")).toBeVisible();
  await expect(viewer.page.getByTestId("review-prefill")).toHaveCount(0);
  await viewer.ctx.close();
});

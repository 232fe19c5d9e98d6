import type { Browser, Page } from "@playwright/test";

/** A full-page screenshot in tests/e2e/artifacts/<name>.png. */
export const shot = (page: Page, name: string) =>
  page.screenshot({ path: `tests/e2e/artifacts/${name}.png`, fullPage: true });

/** A fresh browser context signed in as a demo user (password "lodestar-demo-2026"), on the demo dashboard. */
export async function signedIn(browser: Browser, email: string) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("lodestar-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/demo/dashboard");
  return { ctx, page };
}

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

/**
 * Clicks a link and waits for the URL. A click that lands while the page is still hydrating can be
 * swallowed by the router (no navigation, nothing on screen to say so); a person would click again,
 * and so does this, up to three times.
 */
export async function clickToNavigate(page: Page, link: import("@playwright/test").Locator, url: string) {
  for (let attempt = 1; ; attempt++) {
    await link.click();
    try {
      await page.waitForURL(url, { timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

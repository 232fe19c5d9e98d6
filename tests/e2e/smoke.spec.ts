import { expect, test } from "@playwright/test";

// Smoke test: the production server answers and renders the sign-in page.
test("sign-in page renders", async ({ page }) => {
  const response = await page.goto("/sign-in");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading").first()).toBeVisible();
  await page.screenshot({ path: "tests/e2e/artifacts/sign-in.png", fullPage: true });
});

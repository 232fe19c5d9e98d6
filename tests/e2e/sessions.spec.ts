import { expect, test } from "@playwright/test";
import { shot } from "./helpers";

const IPHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async function signIn(page: import("@playwright/test").Page) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("viewer@demo.lodestar.app");
  await page.getByLabel("Password").fill("lodestar-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/demo/dashboard");
}

test("sessions end on the server: a device signed out from the account page, and a copied cookie after sign-out, are refused", async ({ browser }) => {
  const laptopCtx = await browser.newContext();
  const phoneCtx = await browser.newContext({ userAgent: IPHONE_UA });
  const laptop = await laptopCtx.newPage();
  const phone = await phoneCtx.newPage();
  await signIn(laptop);
  await signIn(phone);

  // The account page lists both; this device is marked.
  await laptop.goto("/demo/account");
  const rows = laptop.getByTestId("session-row");
  await expect(rows.filter({ hasText: "This device" })).toHaveCount(1);
  const phoneRow = rows.filter({ hasText: "Safari · iOS" }).first();
  await expect(phoneRow).toBeVisible();
  await shot(laptop, "sessions-01-account");

  // Signing the phone out ends its session: its next page load goes to sign-in.
  await phoneRow.getByRole("button", { name: /Sign out/ }).click();
  await expect(laptop.getByText("That session has ended.")).toBeVisible();
  await phone.goto("/demo/dashboard");
  await phone.waitForURL("**/sign-in**");

  // A copy of the laptop's cookie stops working once the laptop signs out.
  const cookies = await laptopCtx.cookies();
  await laptop.getByTestId("user-menu").click();
  await laptop.getByTestId("sign-out").click();
  await laptop.waitForURL("**/sign-in**");
  const thiefCtx = await browser.newContext();
  await thiefCtx.addCookies(cookies);
  const thief = await thiefCtx.newPage();
  await thief.goto("/demo/dashboard");
  await thief.waitForURL("**/sign-in**");
  const api = await thief.request.get("/api/trpc/auth.me");
  expect(api.status()).toBe(401);

  await laptopCtx.close();
  await phoneCtx.close();
  await thiefCtx.close();
});

test("changing the email asks for the current password; without SMTP it says why; a bad confirmation link says what to do", async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page);
  await page.goto("/demo/account");
  await page.getByTestId("change-email").click();
  const form = page.getByTestId("change-email-form");
  await form.getByLabel("New email").fill("vera.new@example.com");
  await form.getByLabel("Current password").fill("not the password");
  await form.getByTestId("send-email-link").click();
  await expect(form.getByText("current password is wrong", { exact: false })).toBeVisible();
  await form.getByLabel("Current password").fill("lodestar-demo-2026");
  await form.getByTestId("send-email-link").click();
  await expect(page.getByText("Email is not set up on this server", { exact: false })).toBeVisible();
  await shot(page, "sessions-02-change-email");

  await page.goto("/confirm-email/not-a-real-token-but-long-enough-000000000");
  await page.getByTestId("confirm-email").click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid or was already used" })).toBeVisible();
  await ctx.close();
});

test("forgot password: linked from sign-in; without SMTP the page says to ask an administrator; a bad link offers a new one", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await page.waitForURL("**/forgot-password");
  await page.getByLabel("Email").fill("someone@example.com");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email is not set up on this server" })).toBeVisible();
  await shot(page, "sessions-03-forgot-password");
  await page.goto("/reset-password/this-is-not-a-real-reset-token-000000000");
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("at least 12", { exact: false })).toBeVisible();
  await page.getByLabel("New password").fill("a perfectly fine new passphrase");
  await page.getByRole("button", { name: "Set new password" }).click();
  const problem = page.getByRole("alert").filter({ hasText: "not valid or was already used" });
  await expect(problem).toBeVisible();
  await expect(problem.getByRole("link", { name: "Forgot password?" })).toBeVisible();
});

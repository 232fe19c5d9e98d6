import { expect, test, type Page } from "@playwright/test";

const shot = (page: Page, name: string) => page.screenshot({ path: `tests/e2e/artifacts/${name}.png`, fullPage: true });
const uid = Date.now().toString(36);

test("sign up, create an org, invite a member who accepts, demote to viewer, switch to Chinese, sign out", async ({ browser }) => {
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();

  // Sign up: a new account has no organisation yet, so it lands on onboarding.
  await owner.goto("/sign-up");
  await owner.getByLabel("Full name").fill("Erin Owner");
  await owner.getByLabel("Email").fill(`erin-${uid}@example.test`);
  await owner.getByLabel("Password").fill("a long and memorable passphrase");
  await owner.getByRole("button", { name: "Create account" }).click();
  await owner.waitForURL("**/onboarding");

  // Create the organisation; the address is derived from the name.
  await owner.getByLabel("Organisation name").fill(`E2E Ops ${uid}`);
  await expect(owner.getByLabel("Web address")).toHaveValue(`e2e-ops-${uid}`);
  await owner.getByRole("button", { name: "Create organisation" }).click();
  await owner.waitForURL(`**/e2e-ops-${uid}/dashboard`);
  await expect(owner.getByRole("heading", { name: `Welcome to E2E Ops ${uid}` })).toBeVisible();
  const slug = `e2e-ops-${uid}`;

  // A department, so there is something an admin can edit.
  await owner.goto(`/${slug}/settings/departments`);
  await owner.getByTestId("new-department").click();
  await owner.getByLabel("Name").fill("Growth");
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner.getByText("Growth", { exact: true })).toBeVisible();

  // Invite someone as admin and copy the link.
  await owner.goto(`/${slug}/settings/members`);
  await owner.getByRole("button", { name: "Invite" }).click();
  const inviteeEmail = `ivan-${uid}@example.test`;
  await owner.getByRole("dialog").getByLabel("Email").fill(inviteeEmail);
  await owner.getByRole("dialog").getByLabel("Role").selectOption("admin");
  await owner.getByRole("button", { name: "Create invitation" }).click();
  const link = await owner.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);
  await shot(owner, "01-invite-link");
  await owner.getByRole("button", { name: "Done" }).click();
  await expect(owner.getByText(inviteeEmail)).toBeVisible();

  // The invitee opens the link in another browser, creates an account and accepts.
  const inviteeCtx = await browser.newContext();
  const invitee = await inviteeCtx.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { name: `Join E2E Ops ${uid} as Admin` })).toBeVisible();
  await expect(invitee.getByLabel("Email")).toHaveValue(inviteeEmail);
  await invitee.getByLabel("Full name").fill("Ivan Invitee");
  await invitee.getByLabel("Password").fill("another long passphrase");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await invitee.waitForURL(`**/${slug}/dashboard`);

  // As admin, the invitee can create departments.
  await invitee.goto(`/${slug}/settings/departments`);
  await expect(invitee.getByTestId("new-department")).toBeVisible();
  await expect(invitee.getByRole("button", { name: "Edit Growth" })).toBeVisible();
  await shot(invitee, "02-admin-departments");

  // The owner makes them a viewer…
  await owner.reload();
  const roleSelect = owner.getByLabel("Role of Ivan Invitee");
  await roleSelect.selectOption("viewer");
  await expect(owner.getByText("Ivan Invitee is now Viewer")).toBeVisible();

  // …and on their next request the edit controls are gone, and so is the Activity page.
  await invitee.reload();
  await expect(invitee.getByText("Growth", { exact: true })).toBeVisible();
  await expect(invitee.getByTestId("new-department")).toHaveCount(0);
  await expect(invitee.getByRole("button", { name: "Edit Growth" })).toHaveCount(0);
  await expect(invitee.getByRole("link", { name: "Activity" })).toHaveCount(0);
  await shot(invitee, "03-viewer-departments");

  // Switch to Chinese: the same page reads in Chinese, and the choice sticks.
  await invitee.getByTestId("locale-switcher").selectOption("zh-CN");
  await expect(invitee.getByRole("heading", { name: "设置" })).toBeVisible();
  await expect(invitee.getByRole("link", { name: "部门" })).toBeVisible();
  await invitee.reload();
  await expect(invitee.getByRole("link", { name: "仪表盘" })).toBeVisible();
  await shot(invitee, "04-viewer-zh");

  // Sign out.
  await invitee.getByTestId("user-menu").click();
  await invitee.getByTestId("sign-out").click();
  await invitee.waitForURL("**/sign-in");
  await expect(invitee.getByRole("heading", { name: "登录" })).toBeVisible();
  await invitee.goto(`/${slug}/dashboard`);
  await invitee.waitForURL(/\/sign-in\?callbackUrl=/);

  // The owner's activity log shows what happened.
  await owner.goto(`/${slug}/activity`);
  await expect(owner.getByText("changed a member's role to viewer")).toBeVisible();
  await shot(owner, "05-activity");

  await ownerCtx.close();
  await inviteeCtx.close();
});

test("the demo viewer can read members but not change them; a stranger's org is a 404", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("viewer@demo.lodestar.app");
  await page.getByLabel("Password").fill("lodestar-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/demo/dashboard");
  await page.goto("/demo/settings/members");
  await expect(page.getByText("Max Member")).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite" })).toHaveCount(0);
  await expect(page.getByLabel("Role of Max Member")).toHaveCount(0);
  const res = await page.goto("/no-such-org-here/dashboard");
  expect(res?.status()).toBe(404);
});

test("a wrong password gets a generic error", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("owner@demo.lodestar.app");
  await page.getByLabel("Password").fill("definitely not it");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The email or password is wrong." })).toBeVisible();
});

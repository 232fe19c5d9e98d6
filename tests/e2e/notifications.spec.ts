import { expect, test } from "@playwright/test";
import { shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

test("a member asks for an approval: the manager's bell shows the request and opens it; a mention in its comments reaches the member", async ({ browser }) => {
  const title = `Print supplier delays ${uid}`;
  const { ctx: xctx, page: member } = await signedIn(browser, "member@demo.lodestar.app");

  // The member records a Marketing risk above appetite and asks to accept it.
  await member.goto("/demo/risks");
  await member.getByTestId("new-risk").click();
  const form = member.getByTestId("risk-form");
  await form.getByTestId("risk-title").fill(title);
  await form.getByTestId("risk-category").selectOption("operational");
  await form.getByLabel("Department").selectOption({ label: "Marketing" });
  await form.getByTestId("risk-save").click();
  await member.waitForURL("**/risks/*-*");
  await member.getByTestId("assess").click();
  const assess = member.getByTestId("assess-form");
  for (const [name, n] of [["inherentLikelihood", 4], ["inherentImpact", 4], ["residualLikelihood", 3], ["residualImpact", 4]] as const) {
    await assess.getByTestId(`${name}-${n}`).check({ force: true });
  }
  await assess.getByTestId("assess-save").click();
  await expect(assess).toHaveCount(0);
  await member.getByTestId("request-acceptance").click();
  const acceptance = member.getByTestId("acceptance-form");
  await acceptance.getByTestId("acceptance-justification").fill("A second print supplier is being onboarded this quarter.");
  await acceptance.getByTestId("acceptance-expires").fill(day(45));
  await acceptance.getByTestId("acceptance-submit").click();
  await expect(member.getByTestId("acceptance-pending")).toBeVisible();

  // The manager's bell counts it; the notification names the risk and opens the request.
  const { ctx: mctx, page: manager } = await signedIn(browser, "manager@demo.lodestar.app");
  const bell = manager.getByTestId("notification-bell").first();
  await expect(bell).toHaveAccessibleName(/Notifications, [1-9]\d* unread/);
  await expect(bell.getByTestId("notification-count")).toBeVisible();
  await bell.click();
  const item = manager.getByTestId("notification-item").filter({ hasText: `Your approval is requested: ${title}` });
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute("data-unread", "true");
  await shot(manager, "notifications-01-bell");
  await item.click();
  await manager.waitForURL("**/demo/approvals/*-*");
  await expect(manager.getByTestId("risk-acceptance-request")).toContainText(title);

  // The manager asks the member something in the request's comments, mentioning them.
  const box = manager.getByLabel("Add a comment");
  await box.fill("Which supplier is the second one? ");
  await manager.getByLabel("Mention a member").selectOption({ label: "Max Member" });
  await expect(box).toHaveValue(/@Max Member/);
  await manager.getByTestId("approval-comment-submit").click();
  await expect(manager.getByTestId("comments")).toContainText("@Max Member");
  await shot(manager, "notifications-02-mention");

  // The member is told they were mentioned, and the notification leads back to the request.
  await member.goto("/demo/dashboard");
  const memberBell = member.getByTestId("notification-bell").first();
  await memberBell.click();
  const mention = member.getByTestId("notification-item").filter({ hasText: "you were mentioned in a comment" }).filter({ hasText: title });
  await expect(mention).toHaveCount(1);
  await mention.click();
  await member.waitForURL(manager.url());

  await xctx.close();
  await mctx.close();
});

test("notification settings: email is said to be off without SMTP, and a change is saved", async ({ browser }) => {
  const { ctx, page } = await signedIn(browser, "viewer@demo.lodestar.app");
  await page.goto("/demo/account");
  await page.getByTestId("notification-settings-link").click();
  await page.waitForURL("**/demo/account/notifications");
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  await expect(page.getByTestId("email-not-configured")).toBeVisible();

  const inApp = page.getByTestId("pref-checkInReminder-inApp");
  const email = page.getByTestId("pref-mention-email");
  await expect(inApp).toBeChecked();
  await expect(email).toBeChecked();
  await expect(page.getByTestId("pref-weeklyDigest-inApp")).toHaveCount(0);
  await expect(page.getByTestId("save-preferences")).toBeDisabled();
  await inApp.uncheck();
  await email.uncheck();
  await page.getByTestId("save-preferences").click();
  await expect(page.getByText("Notification settings saved.")).toBeVisible();
  await shot(page, "notifications-03-preferences");

  await page.reload();
  await expect(page.getByTestId("pref-checkInReminder-inApp")).not.toBeChecked();
  await expect(page.getByTestId("pref-mention-email")).not.toBeChecked();
  await expect(page.getByTestId("pref-approvalRequested-inApp")).toBeChecked();

  // The same page in Chinese.
  await ctx.addCookies([{ name: "lodestar_locale", value: "zh-CN", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "通知", level: 1 })).toBeVisible();
  await expect(page.getByText("打卡提醒")).toBeVisible();
  await shot(page, "notifications-04-preferences-zh");
  await ctx.close();
});

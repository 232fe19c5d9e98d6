import { expect, test } from "@playwright/test";
import { shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);

test("a member comments on a product mentioning the manager, who is notified and lands on the product", async ({ browser }) => {
  const text = `Could we pilot the portal with two resellers first? ${uid} `;
  const { ctx: xctx, page: member } = await signedIn(browser, "member@demo.lodestar.app");
  await member.goto("/demo/products");
  await member.getByTestId("product-card-link").filter({ hasText: "Partner Portal" }).first().click();
  await member.waitForURL("**/products/*-*");
  const productUrl = member.url();
  const comments = member.getByTestId("comments");
  await comments.locator("textarea").first().fill(text);
  await comments.getByLabel("Mention a member").selectOption({ label: "Mei Manager" });
  await comments.getByTestId("comment-submit").click();
  const posted = comments.getByTestId("comment").filter({ hasText: uid });
  await expect(posted).toBeVisible();
  await expect(posted.getByTestId("comment-mention")).toHaveText("@Mei Manager");
  await shot(member, "comment-01-posted");

  const { ctx: mctx, page: manager } = await signedIn(browser, "manager@demo.lodestar.app");
  await manager.getByRole("button", { name: /Notifications, \d+ unread/ }).first().click();
  const notice = manager.getByText("Partner Portal: you were mentioned in a comment").first();
  await expect(notice).toBeVisible();
  await notice.click();
  await manager.waitForURL(productUrl);
  await expect(manager.getByTestId("comments").getByText(uid)).toBeVisible();

  await Promise.all([xctx.close(), mctx.close()]);
});

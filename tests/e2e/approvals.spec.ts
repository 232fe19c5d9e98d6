import { expect, test } from "@playwright/test";
import { shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);

test("a member submits the department's OKRs, the manager approves from the inbox, the member is notified", async ({ browser }) => {
  const title = `Publish the partner playbook ${uid}`;
  const { ctx: xctx, page: member } = await signedIn(browser, "member@demo.lodestar.app");

  // The member drafts a Marketing objective with a key result…
  await member.goto("/demo/okrs");
  await member.getByTestId("new-objective").click();
  const dialog = member.getByRole("dialog");
  await dialog.getByLabel("Objective", { exact: true }).fill(title);
  await dialog.getByRole("button", { name: "Create objective" }).click();
  await member.waitForURL("**/okrs/o/**");
  await member.getByTestId("add-key-result").click();
  const kr = member.getByRole("dialog");
  await kr.getByLabel("Key result", { exact: true }).fill("Partners trained");
  await kr.getByLabel("Target").fill("12");
  await kr.getByRole("button", { name: "Add key result" }).click();
  await expect(member.getByTestId("kr-panel")).toHaveCount(1);

  // …and submits the department's draft OKRs for approval.
  await member.goto("/demo/okrs");
  const bar = member.getByTestId("approval-bar-Marketing");
  await bar.getByRole("button", { name: "Submit for approval" }).click();
  await member.waitForURL("**/approvals/**");
  const requestUrl = member.url();
  await expect(member.getByText("You cannot decide your own request")).toBeVisible();
  await shot(member, "approval-01-requested");

  // The objective is now locked for editing.
  await member.goto("/demo/okrs");
  await member.getByRole("link", { name: title }).click();
  await expect(member.getByText("This objective is waiting for approval")).toBeVisible();
  await expect(member.getByTestId("add-key-result")).toHaveCount(0);

  // The manager sees it waiting, with a badge on the sidebar.
  const { ctx: mctx, page: manager } = await signedIn(browser, "manager@demo.lodestar.app");
  // (The demo data and other tests may have left other requests waiting for the manager.)
  const badge = manager.getByLabel(/approvals? waiting for you/).first();
  await expect(badge).toBeVisible();
  const waiting = Number((await badge.getAttribute("aria-label"))!.match(/\d+/)![0]);
  expect(waiting).toBeGreaterThanOrEqual(1);
  await manager.getByRole("link", { name: /Approvals/ }).first().click();
  await manager.waitForURL("**/demo/approvals**");
  await manager.locator(`a[href="${new URL(requestUrl).pathname}"]`).first().click();
  await manager.waitForURL(requestUrl);
  await expect(manager.getByText(title).first()).toBeVisible();
  await shot(manager, "approval-02-inbox-request");
  await manager.getByTestId("approve").click();
  await manager.getByTestId("confirm-decision").click();
  await expect(manager.getByTestId("decision")).toContainText("Mei Manager");
  if (waiting > 1) await expect(manager.getByLabel(`${waiting - 1} approval${waiting - 1 === 1 ? "" : "s"} waiting for you`).first()).toBeVisible();
  else await expect(manager.getByLabel(/approvals? waiting for you/)).toHaveCount(0);

  // The member is told, and the objective is approved.
  await member.goto("/demo/dashboard");
  const bell = member.getByRole("button", { name: /Notifications, 1 unread/ }).first();
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(member.getByText(`Approved: Marketing`).first()).toBeVisible();
  await shot(member, "approval-03-notified");
  await member.goto(requestUrl);
  await expect(member.getByText("Approved").first()).toBeVisible();
  await member.goto("/demo/okrs");
  const card = member.getByTestId("objective-card").filter({ hasText: title });
  await expect(card.getByText("Approved")).toBeVisible();

  await xctx.close();
  await mctx.close();
});

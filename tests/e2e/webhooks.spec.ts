import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { verifySignature } from "../../server/webhooks/signature";
import { shot, signedIn } from "./helpers";

/** A local receiver the app posts to (the demo allows loopback targets). */
async function receiver() {
  const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { got, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lodestar`, close: () => new Promise((r) => server.close(r)) };
}

test("an admin adds a webhook, sees its secret once, and a test ping reaches the receiver signed", async ({ browser }) => {
  const rx = await receiver();
  const { ctx, page } = await signedIn(browser, "admin@demo.lodestar.app");
  await page.goto("/demo/settings/webhooks");
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveAttribute("aria-current", "page");
  await page.getByTestId("new-webhook").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Payload URL").fill(rx.url);
  await dialog.getByLabel("Description").fill("E2E receiver");
  // choose two events instead of all
  await dialog.getByTestId("webhook-all-events").uncheck();
  await dialog.getByLabel("Approval decided").check();
  await dialog.getByLabel("Risk identified").check();
  await dialog.getByText("Slack-compatible").click();
  await shot(page, "webhooks-01-form");
  await dialog.getByTestId("webhook-save").click();

  const secretEl = page.getByTestId("webhook-secret");
  await expect(secretEl).toBeVisible();
  const secret = (await secretEl.textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  await shot(page, "webhooks-02-secret");
  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.waitForURL(/\/demo\/settings\/webhooks\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("webhook-url")).toHaveText(rx.url);
  // the secret is not shown again
  await expect(page.getByText(secret)).toHaveCount(0);

  await page.getByTestId("webhook-send-test").click();
  await expect(page.getByTestId("webhook-test-result")).toContainText("Test delivered: HTTP 200");
  const row = page.getByTestId("webhook-delivery-row").first();
  await expect(row).toContainText("Test (ping)");
  await expect(row).toContainText("Delivered");
  await shot(page, "webhooks-03-log");

  expect(rx.got).toHaveLength(1);
  const { headers, body } = rx.got[0]!;
  expect(headers["lodestar-event"]).toBe("ping");
  expect(verifySignature(secret, headers["lodestar-signature"] as string, body)).toBe(true);
  expect(JSON.parse(body)).toHaveProperty("blocks");

  // the log filter lives in the URL
  await page.getByLabel("Status").selectOption("failed");
  await page.waitForURL(/status=failed/);
  await expect(page.getByText("No deliveries here yet")).toBeVisible();

  // delete it
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await page.waitForURL(/\/demo\/settings\/webhooks$/);
  await expect(page.getByText(rx.url)).toHaveCount(0);

  await ctx.close();
  await rx.close();
});

test("members do not see the webhooks tab and cannot open the page", async ({ browser }) => {
  const { ctx, page } = await signedIn(browser, "member@demo.lodestar.app");
  await page.goto("/demo/settings");
  await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  await page.goto("/demo/settings/webhooks");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByTestId("new-webhook")).toHaveCount(0);
  await ctx.close();
});

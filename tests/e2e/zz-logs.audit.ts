import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * Runs last (files run in name order on one worker): the server's log of the whole e2e run is
 * structured JSON and holds no password, session cookie or secret.
 */
const serverLog = path.join("tests", "e2e", "artifacts", "server.log");

test("the server log of the whole run is JSON lines with request context and no secrets", async ({ page, context }) => {
  test.skip(!fs.existsSync(serverLog), "needs the server started by tests/e2e/run.mjs");
  // One more signed-in session whose cookie value we know, then a few procedure calls.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("manager@demo.lodestar.app");
  await page.getByLabel("Password").fill("lodestar-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/demo/dashboard");
  await page.goto("/demo/okrs");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const session = (await context.cookies()).find((c) => c.name.includes("session-token"));
  expect(session?.value.length).toBeGreaterThan(20);
  // A failed sign-in with a password that must not be logged either.
  const wrong = "Wrong-Password-For-Log-Audit-91";
  const other = await context.browser()!.newContext();
  const p2 = await other.newPage();
  await p2.goto("/sign-in");
  await p2.getByLabel("Email").fill("member@demo.lodestar.app");
  await p2.getByLabel("Password").fill(wrong);
  await p2.getByRole("button", { name: "Sign in" }).click();
  await expect(p2.getByRole("alert").filter({ hasText: "The email or password is wrong." })).toBeVisible();
  await other.close();
  await page.waitForTimeout(500); // let the server flush its log lines

  const log = fs.readFileSync(serverLog, "utf8");
  expect(log).not.toContain("lodestar-demo-2026");
  expect(log).not.toContain(wrong);
  expect(log).not.toContain(session!.value);
  expect(log).not.toContain(session!.value.slice(0, 32));
  expect(log).not.toMatch(/session-token=/);

  const lines = log.split("\n").filter((l) => l.startsWith("{"));
  const calls = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.msg === "trpc");
  expect(calls.length).toBeGreaterThan(50);
  const managerCall = calls.find((c) => c.orgId && c.userId && c.status === "OK" && typeof c.ms === "number" && c.procedure);
  expect(managerCall, "a procedure log line with request id, user, org, procedure, duration and status").toMatchObject({
    level: "info",
    requestId: expect.any(String),
  });
});

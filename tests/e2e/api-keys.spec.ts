import { expect, test } from "@playwright/test";
import { shot, signedIn } from "./helpers";

const uid = Date.now().toString(36);

test("an admin creates an API key, the API answers with it, the list shows its use, and once revoked it is refused", async ({ browser }) => {
  const { ctx, page } = await signedIn(browser, "admin@demo.lodestar.app");
  await page.goto("/demo/settings");
  await page.getByRole("link", { name: "API keys" }).click();
  await page.waitForURL("**/demo/settings/api-keys");
  await expect(page.getByRole("link", { name: "OpenAPI document" })).toHaveAttribute("href", "/api/v1/openapi.json");

  const name = `BI export ${uid}`;
  await page.getByTestId("api-key-new").click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Role").selectOption("admin");
  await page.getByTestId("api-key-create").click();
  const secret = page.getByTestId("api-key-secret");
  await expect(secret).toBeVisible();
  const key = await secret.inputValue();
  expect(key).toMatch(/^lsk_[A-Za-z0-9_-]{43}$/);
  await shot(page, "api-keys-01-created");
  await page.getByRole("button", { name: "Done" }).click();

  const row = page.getByTestId(`api-key-row-${name}`);
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).toContainText("Admin");
  await expect(row).toContainText("Never");
  // the whole key is not on the page any more
  expect(await page.content()).not.toContain(key);

  // the API, with the key
  const api = ctx.request;
  const kpis = await api.get("/api/v1/orgs/demo/kpis", { headers: { authorization: `Bearer ${key}` } });
  expect(kpis.status()).toBe(200);
  const kpiList = (await kpis.json()) as { id: string }[];
  expect(kpiList.length).toBeGreaterThan(0);
  const today = new Date().toISOString().slice(0, 10);
  const recorded = await api.post(`/api/v1/orgs/demo/kpis/${kpiList[0]!.id}/values`, {
    headers: { authorization: `Bearer ${key}` },
    data: { observedOn: today, value: 42, note: `From the API ${uid}` },
  });
  expect(recorded.status(), await recorded.text()).toBe(201);
  const doc = await api.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect((await doc.json()).paths["/orgs/{orgSlug}/kpis"]).toBeTruthy();

  // the activity log names the key behind the change
  await page.goto("/demo/activity");
  await expect(page.getByText(`via the API key “${name}”`).first()).toBeVisible();
  await shot(page, "api-keys-02-activity");

  await page.goto("/demo/settings/api-keys");
  await expect(page.getByTestId(`api-key-row-${name}`)).not.toContainText("Never");
  await shot(page, "api-keys-02-used-listed");

  await page.getByRole("button", { name: `Revoke the key ${name}` }).click();
  await page.getByTestId("api-key-revoke-confirm").click();
  await expect(page.getByTestId(`api-key-row-${name}`)).toContainText("Revoked");
  const refused = await api.get("/api/v1/orgs/demo/kpis", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("UNAUTHORIZED");
  await shot(page, "api-keys-03-revoked");
  await ctx.close();
});

test("a member has no API keys tab and the page is not found", async ({ browser }) => {
  const { ctx, page } = await signedIn(browser, "member@demo.lodestar.app");
  await page.goto("/demo/settings");
  await expect(page.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  await page.goto("/demo/settings/api-keys");
  await expect(page.getByText("Page not found")).toBeVisible();
  await ctx.close();
});

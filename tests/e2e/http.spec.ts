import { expect, test } from "@playwright/test";

/** HTTP-level behaviour of the API: CSRF defences, bad input, cookies. */

async function signIn(page: import("@playwright/test").Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("lodestar-demo-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/demo/dashboard");
}

test("session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
  await signIn(page, "member@demo.lodestar.app");
  const cookie = (await context.cookies()).find((c) => c.name.includes("session-token"));
  expect(cookie, "session cookie").toBeTruthy();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
});

test("mutations refuse cross-site origins and non-JSON bodies; bad input is a 4xx naming the problem", async ({ page, baseURL }) => {
  await signIn(page, "admin@demo.lodestar.app");
  const req = page.request;
  const url = `${baseURL}/api/trpc/department.create`;
  const body = JSON.stringify({ json: { orgSlug: "demo", name: "Should not exist" } });

  const crossSite = await req.post(url, { data: body, headers: { "content-type": "application/json", origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);

  const textPlain = await req.post(url, { data: body, headers: { "content-type": "text/plain" } });
  expect(textPlain.status()).toBe(415);

  const malformed = await req.post(url, { data: "{not json", headers: { "content-type": "application/json", origin: baseURL! } });
  expect(malformed.status()).toBe(400);

  const tooLong = await req.post(url, {
    data: JSON.stringify({ json: { orgSlug: "demo", name: "x".repeat(500) } }),
    headers: { "content-type": "application/json", origin: baseURL! },
  });
  expect(tooLong.status()).toBe(400);
  const err = await tooLong.json();
  expect(err.error.json.data.fieldErrors.name[0]).toContain("at most 80");

  const wrongType = await req.post(url, {
    data: JSON.stringify({ json: { orgSlug: "demo", name: 42 } }),
    headers: { "content-type": "application/json", origin: baseURL! },
  });
  expect(wrongType.status()).toBe(400);

  // Nothing was created by any of those.
  const list = await req.get(`${baseURL}/api/trpc/department.list?input=${encodeURIComponent(JSON.stringify({ json: { orgSlug: "demo" } }))}`);
  expect(list.status()).toBe(200);
  const names = (await list.json()).result.data.json.map((d: { name: string }) => d.name);
  expect(names).not.toContain("Should not exist");
});

test("another organisation is NOT_FOUND and a signed-out API call is UNAUTHORIZED", async ({ page, baseURL, playwright }) => {
  await signIn(page, "viewer@demo.lodestar.app");
  const input = encodeURIComponent(JSON.stringify({ json: { orgSlug: "someone-elses-org" } }));
  const other = await page.request.get(`${baseURL}/api/trpc/org.get?input=${input}`);
  expect(other.status()).toBe(404);

  const anon = await playwright.request.newContext({ baseURL });
  const res = await anon.get(`/api/trpc/org.get?input=${encodeURIComponent(JSON.stringify({ json: { orgSlug: "demo" } }))}`);
  expect(res.status()).toBe(401);
  await anon.dispose();
});

test("the scheduled-jobs endpoint needs its secret and runs the jobs", async ({ playwright, baseURL }) => {
  const secret = process.env.E2E_CRON_SECRET;
  test.skip(!secret, "run through tests/e2e/run.mjs, which gives the server a CRON_SECRET");
  const api = await playwright.request.newContext({ baseURL });
  expect((await api.get("/api/cron")).status()).toBe(401);
  expect((await api.get("/api/cron", { headers: { authorization: "Bearer wrong-secret-of-some-length" } })).status()).toBe(401);
  const ok = await api.get("/api/cron", { headers: { authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ approvals: { escalated: expect.any(Number) } });
  await api.dispose();
});

test("health: liveness and readiness answer JSON without a session", async ({ request }) => {
  const live = await request.get("/api/health");
  expect(live.status()).toBe(200);
  expect(await live.json()).toMatchObject({ status: "ok" });
  const ready = await request.get("/api/health/ready");
  expect(ready.status()).toBe(200);
  const body = await ready.json();
  expect(body.status).toBe("ready");
  expect(body.migrations.pending).toEqual([]);
});

test("security headers: a fresh CSP nonce per page that Next's scripts carry, and no violations while the app runs", async ({ page, request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const csp = first.headers()["content-security-policy"] ?? "";
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "'strict-dynamic'", "default-src 'self'"]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain("unsafe-eval");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(/'nonce-([^']+)'/.exec(second.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((s) => !s.includes(`nonce="${nonce}"`))).toEqual([]);

  for (const res of [first, await request.get("/api/health")]) {
    const h = res.headers();
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["strict-transport-security"]).toMatch(/max-age=\d{8}/);
    expect(h["x-frame-options"]).toBe("DENY");
  }

  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await signIn(page, "manager@demo.lodestar.app");
  await page.goto("/demo/campaigns/calendar");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/demo/dashboard");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

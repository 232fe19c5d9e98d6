import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices, type ReporterDescription } from "@playwright/test";

/**
 * End-to-end tests. Run them with `npm run test:e2e` (tests/e2e/run.mjs builds the app, seeds
 * a fresh embedded database, starts `next start` on 127.0.0.1:3100 and stops it afterwards).
 * Running `npx playwright test` directly expects a server at E2E_BASE_URL already.
 *
 * No retries anywhere: a flaky test must show up as a failure, not be hidden by a second try.
 */

const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";

/** A system Chromium (Debian's `chromium` package) if there is one, else Playwright's own download. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined;
}

const reporter: ReporterDescription[] = [["list"]];
if (process.env.CI_JSON_DIR) {
  reporter.push(["json", { outputFile: path.join(process.env.CI_JSON_DIR, "playwright.json") }]);
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "tests/e2e/artifacts/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter,
  use: {
    baseURL,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // Files run in name order on one worker: tests/e2e/zz-logs.audit.ts comes last and reads the
  // server's log of the whole run for leaked secrets.
  testMatch: ["**/*.spec.ts", "**/*.audit.ts"],
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
});

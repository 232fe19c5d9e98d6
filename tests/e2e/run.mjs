#!/usr/bin/env node
/**
 * `npm run test:e2e [-- <playwright args>]`: builds the app (unless E2E_SKIP_BUILD=1 and a build
 * exists), seeds a fresh embedded database in .data/e2e, starts `next start` on 127.0.0.1:3100 in
 * its own process group, runs Playwright against it, and always stops the whole server group.
 * Exits with Playwright's exit code. The server log is in tests/e2e/artifacts/server.log.
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const artifacts = path.join(root, "tests", "e2e", "artifacts");
const serverLog = path.join(artifacts, "server.log");
const serverPidFile = path.join(artifacts, "server.pid");
const dataDir = path.join(root, ".data", "e2e");
const HOST = "127.0.0.1";
const PORT = Number(process.env.E2E_PORT ?? 3100); // E2E_PORT: another port if 3100 is taken
const baseURL = `http://${HOST}:${PORT}`;
const bin = (name) => path.join(root, "node_modules", ".bin", name);

/** The environment of the build, the seed and the server: one embedded database of its own. */
const appEnv = {
  ...process.env,
  NODE_ENV: "production",
  LODESTAR_DEMO: "1",
  AUTH_SECRET: process.env.E2E_AUTH_SECRET ?? crypto.randomBytes(32).toString("base64url"),
  DATABASE_URL: "pglite:./.data/e2e",
  NEXT_TELEMETRY_DISABLED: "1",
  CRON_SECRET: process.env.E2E_CRON_SECRET ?? crypto.randomBytes(24).toString("base64url"),
};
delete appEnv.DATABASE_READ_URL;

let server = null; // the `next start` child, leader of its own process group
let current = null; // the foreground child (build, seed, playwright)

function log(msg) {
  console.log(`[e2e] ${msg}`);
}

function fail(msg, code = 1) {
  console.error(`[e2e] ${msg}`);
  stopServer();
  process.exit(code);
}

/** Runs a command in the foreground with inherited stdio; resolves to its exit code. */
function run(cmd, args, env = appEnv) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: "inherit" });
    current = child;
    child.on("error", (err) => {
      console.error(`[e2e] could not start ${cmd}: ${err.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 128 + (osSignal(signal) ?? 1) : 1));
    });
  });
}

function osSignal(name) {
  return { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[name];
}

/** Kills the whole server process group (next start forks next-server). Safe to call twice. */
function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) {
    if (server) killGroup(server.pid, "SIGKILL"); // leftovers of an exited leader
    return;
  }
  killGroup(server.pid, "SIGTERM");
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // group already gone
  }
}

async function stopServerAndWait() {
  if (!server) return;
  const pid = server.pid;
  killGroup(pid, "SIGTERM");
  const deadline = Date.now() + 5_000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) {
    log("server did not stop in 5 s, killing it");
    killGroup(pid, "SIGKILL");
  }
  fs.rmSync(serverPidFile, { force: true });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    if (current) current.kill(sig);
    stopServer();
    process.exit(128 + osSignal(sig));
  });
}
// Last resort if anything exits the process without the normal clean-up.
process.on("exit", () => {
  if (server) killGroup(server.pid, "SIGKILL");
});

async function findBrowser() {
  if (process.env.CHROMIUM_PATH) {
    if (fs.existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
    fail(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, which does not exist.`);
  }
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try {
    const { chromium } = await import("@playwright/test");
    const p = chromium.executablePath();
    if (p && fs.existsSync(p)) return p;
  } catch {
    // no cached Playwright browser
  }
  return null;
}

async function isUp(url) {
  try {
    const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
    return res.status;
  } catch {
    return 0;
  }
}

function tail(file, lines = 60) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

async function main() {
  const t0 = Date.now();
  const browser = await findBrowser();
  if (!browser) {
    fail(
      [
        "No Chromium found for Playwright (looked at $CHROMIUM_PATH, /usr/bin/chromium and Playwright's browser cache).",
        "Install one:",
        "  Debian/Ubuntu:  apt-get install -y chromium",
        "  elsewhere:      npx playwright install chromium",
        "or point CHROMIUM_PATH at an existing Chromium/Chrome binary.",
      ].join("\n"),
    );
  }
  log(`browser: ${browser}`);

  if (await isUp(`${baseURL}/sign-in`)) {
    fail(
      `something is already listening on ${baseURL}; stop it first (e2e needs port ${PORT} for its own server).`,
    );
  }

  fs.mkdirSync(artifacts, { recursive: true });

  const hasBuild = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
  if (process.env.E2E_SKIP_BUILD === "1" && hasBuild) {
    log("E2E_SKIP_BUILD=1: reusing the existing .next build");
  } else {
    if (process.env.E2E_SKIP_BUILD === "1")
      log("E2E_SKIP_BUILD=1 but .next/BUILD_ID is missing: building anyway");
    log("next build");
    const t = Date.now();
    // The build gets a database folder of its own, should anything open one while prerendering.
    const code = await run(bin("next"), ["build"], { ...appEnv, DATABASE_URL: "pglite:./.data/e2e-build" });
    if (code !== 0) fail(`next build failed (exit ${code})`, code);
    log(`next build done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  log(`fresh database in ${path.relative(root, dataDir)}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  {
    const t = Date.now();
    const code = await run(bin("tsx"), ["db/seed/index.ts"]);
    if (code !== 0) fail(`seeding failed (exit ${code})`, code);
    log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  log(`starting next start on ${baseURL} (log: ${path.relative(root, serverLog)})`);
  const out = fs.openSync(serverLog, "w");
  server = spawn(bin("next"), ["start", "-p", String(PORT), "-H", HOST], {
    cwd: root,
    env: appEnv,
    detached: true, // its own process group (setsid), so the whole tree can be killed
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  // For a CI clean-up of last resort, should this script itself be killed with SIGKILL.
  fs.writeFileSync(serverPidFile, String(server.pid));
  server.on("error", (err) => console.error(`[e2e] could not start the server: ${err.message}`));

  {
    const t = Date.now();
    const deadline = t + 60_000;
    let status = 0;
    while (Date.now() < deadline) {
      if (server.exitCode !== null || server.signalCode !== null) break;
      status = await isUp(`${baseURL}/sign-in`);
      if (status === 200) break;
      await sleep(250);
    }
    if (status !== 200) {
      const why =
        server.exitCode !== null || server.signalCode !== null
          ? `the server exited (${server.exitCode ?? server.signalCode})`
          : `${baseURL}/sign-in answered ${status || "nothing"} within 60 s`;
      console.error(`[e2e] server not ready: ${why}. Last lines of ${serverLog}:\n${tail(serverLog)}`);
      await stopServerAndWait();
      process.exit(1);
    }
    log(`server ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }

  const t = Date.now();
  const code = await run(bin("playwright"), ["test", ...process.argv.slice(2)], {
    ...process.env,
    E2E_BASE_URL: baseURL,
    E2E_CRON_SECRET: appEnv.CRON_SECRET,
    CHROMIUM_PATH: browser,
  });
  log(
    `playwright exited ${code} after ${((Date.now() - t) / 1000).toFixed(1)} s (total ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  await stopServerAndWait();
  process.exit(code);
}

main().catch(async (err) => {
  console.error("[e2e]", err);
  await stopServerAndWait();
  process.exit(1);
});

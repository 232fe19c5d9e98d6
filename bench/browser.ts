/**
 * `npm run bench:browser [-- --routes sign-in,dashboard] [--runs 1] [--no-lighthouse] [--skip-seed]` (after `npx next build`)
 *
 * Issue #11, section 6 "Browser". Seeds a fresh embedded (PGlite) demo database in .data/bench-browser,
 * starts `next start` on it in its own process group, signs in as the demo owner and, for each route:
 *  (a) loads it in a fresh Playwright context of the system Chromium and sums the JavaScript bytes
 *      transferred (encoded, i.e. gzip as served by `next start`) until the network is idle, split into
 *      the first load (the scripts the HTML document references — what Next calls "First Load JS"; the
 *      target applies to these) and what the page loaded lazily right after (next/dynamic chunks);
 *  (b) runs Lighthouse (performance category only) with the desktop preset and with the default
 *      (mobile, simulated throttling) preset, the session cookie passed as an extra header.
 * Writes bench/results/browser.json (bench/browser-report.ts renders it) and prints a table.
 * Targets: first-load JS ≤ 200 kB gzip per route; Lighthouse desktop ≥ 95, mobile ≥ 85; CLS ≤ 0.05;
 * TBT ≤ 150 ms (desktop).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { parseArgs } from "./common";
import { freePort, Jar, killGroup } from "./proc";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROME_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const TARGETS = { jsKb: 200, desktopScore: 95, mobileScore: 85, cls: 0.05, desktopTbtMs: 150 };

const DEMO_EMAIL = "owner@demo.lodestar.app";
const DEMO_PASSWORD = "lodestar-demo-2026"; // db/seed/demo.ts
const ORG = "demo";
const DATA_DIR = path.join(".data", "bench-browser");
const OUT = path.join("bench", "results", "browser.json");

export interface LighthouseNumbers {
  score: number; // 0-100
  lcpMs: number;
  tbtMs: number;
  cls: number;
  fcpMs: number;
}

export interface RouteResult {
  name: string;
  path: string;
  signedIn: boolean;
  /** Scripts the HTML document references (Next's "first load JS"): the target applies to these. */
  js: { gzipKb: number; rawKb: number; files: number; uncompressed: number; largest: { url: string; gzipKb: number }[] };
  /** Scripts the page loaded afterwards, before the network went idle (next/dynamic and import() chunks it asked for right away). */
  lazyJs: { gzipKb: number; rawKb: number; files: number };
  documentKb: number;
  desktop: LighthouseNumbers | null;
  mobile: LighthouseNumbers | null;
  error?: string;
}

export interface BrowserRecord {
  date: string;
  chromium: string;
  lighthouse: string;
  runs: number;
  /** The machine's 1-minute load average before and after the Lighthouse runs, and its cores (other work inflates TBT). */
  load: { before: number; after: number; cores: number };
  targets: typeof TARGETS;
  routes: RouteResult[];
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const c = spawn(cmd, args, { env, stdio: ["ignore", "inherit", "inherit"] });
    c.on("error", reject);
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args[0] ?? ""} exited ${code}`))));
  });
}

/** One tRPC call over HTTP with the jar's session (mutations carry an Idempotency-Key). */
async function trpc<T>(jar: Jar, base: string, proc: string, input: unknown, mutation = false): Promise<T> {
  const body = JSON.stringify({ json: input });
  const res = mutation
    ? await jar.fetch(`${base}/api/trpc/${proc}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, "idempotency-key": crypto.randomUUID() },
        body,
      })
    : await jar.fetch(`${base}/api/trpc/${proc}?input=${encodeURIComponent(body)}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${proc} answered ${res.status}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** The demo seed has no retrospective: creates one with a few cards, for the retro board. */
async function makeRetro(jar: Jar, base: string): Promise<string> {
  const me = await trpc<{ id: string }>(jar, base, "auth.me", undefined);
  const retro = await trpc<{ id: string; version: number }>(jar, base, "retro.create", { orgSlug: ORG, title: "Benchmark retro", facilitatorId: me.id }, true);
  try {
    await trpc(jar, base, "retro.setPhase", { orgSlug: ORG, retroId: retro.id, version: retro.version, phase: "collect" }, true);
    const cards = [
      ["start", "Weekly pipeline review with sales"],
      ["start", "Share campaign briefs a week earlier"],
      ["stop", "Launching without a tracking plan"],
      ["continue", "Friday demo of shipped work"],
      ["continue", "Pairing on the newsletter"],
    ];
    for (const [columnKey, body] of cards) await trpc(jar, base, "retro.addCard", { orgSlug: ORG, retroId: retro.id, columnKey, body }, true);
  } catch (e) {
    console.warn(`retro board: cards not added (${(e as Error).message.slice(0, 200)})`);
  }
  return retro.id;
}

async function measureJs(browser: Browser, base: string, route: { path: string; signedIn: boolean }, cookie: { name: string; value: string } | null) {
  const context = await browser.newContext({ viewport: { width: 1350, height: 940 } });
  if (route.signedIn && cookie) await context.addCookies([{ ...cookie, url: base }]);
  const page = await context.newPage();
  const scripts: { url: string; encoded: number; raw: number; encoding: string }[] = [];
  let documentBytes = 0;
  const pending: Promise<void>[] = [];
  page.on("requestfinished", (req) => {
    pending.push(
      (async () => {
        const sizes = await req.sizes();
        const res = await req.response();
        if (req.resourceType() === "script") {
          const body = await res?.body().catch(() => Buffer.alloc(0));
          scripts.push({ url: req.url(), encoded: sizes.responseBodySize, raw: body?.length ?? 0, encoding: (await res?.headerValue("content-encoding")) ?? "" });
        } else if (req.resourceType() === "document" && req.frame() === page.mainFrame()) {
          documentBytes += sizes.responseBodySize;
        }
      })().catch(() => {}),
    );
  });
  const res = await page.goto(base + route.path, { waitUntil: "load", timeout: 60_000 });
  if (!res || res.status() !== 200 || new URL(page.url()).pathname !== route.path) {
    await context.close();
    throw new Error(`${route.path} answered ${res?.status()} at ${page.url()}`);
  }
  const html = await res.text();
  await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
  await Promise.all(pending);
  await context.close();
  const initial = scripts.filter((x) => html.includes(new URL(x.url).pathname));
  const lazy = scripts.filter((x) => !initial.includes(x));
  const sum = (xs: typeof scripts, k: "encoded" | "raw") => kb(xs.reduce((s, x) => s + x[k], 0));
  return {
    js: {
      gzipKb: sum(initial, "encoded"),
      rawKb: sum(initial, "raw"),
      files: initial.length,
      uncompressed: scripts.filter((x) => !x.encoding && x.raw > 1024).length,
      largest: [...scripts]
        .sort((a, b) => b.encoded - a.encoded)
        .slice(0, 10)
        .map((x) => ({ url: new URL(x.url).pathname + (initial.includes(x) ? "" : " (lazy)"), gzipKb: kb(x.encoded) })),
    },
    lazyJs: { gzipKb: sum(lazy, "encoded"), rawKb: sum(lazy, "raw"), files: lazy.length },
    documentKb: kb(documentBytes),
  };
}

async function lighthouse(url: string, preset: "desktop" | "mobile", cookieHeader: string | null): Promise<LighthouseNumbers> {
  const out = path.join(".data", `lh-${crypto.randomBytes(4).toString("hex")}.json`);
  const args = [
    path.join("node_modules", "lighthouse", "cli", "index.js"),
    url,
    "--only-categories=performance",
    "--output=json",
    `--output-path=${out}`,
    "--quiet",
    `--chrome-flags=${[...CHROME_FLAGS, "--headless=new"].join(" ")}`,
    ...(preset === "desktop" ? ["--preset=desktop"] : []),
    ...(cookieHeader ? [`--extra-headers=${JSON.stringify({ cookie: cookieHeader })}`] : []),
  ];
  try {
    await run(process.execPath, args, { ...process.env, CHROME_PATH: CHROMIUM });
    const lhr = JSON.parse(fs.readFileSync(out, "utf8")) as {
      finalDisplayedUrl: string;
      runtimeError?: { code?: string; message: string };
      categories: { performance: { score: number | null } };
      audits: Record<string, { numericValue?: number }>;
    };
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code ?? ""} ${lhr.runtimeError.message}`);
    if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`Lighthouse ended at ${lhr.finalDisplayedUrl}`);
    const a = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
    return {
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      lcpMs: Math.round(a("largest-contentful-paint")),
      tbtMs: Math.round(a("total-blocking-time")),
      cls: Math.round(a("cumulative-layout-shift") * 1000) / 1000,
      fcpMs: Math.round(a("first-contentful-paint")),
    };
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** The median run by score (Lighthouse varies from run to run). */
function median(xs: LighthouseNumbers[]): LighthouseNumbers {
  const s = [...xs].sort((a, b) => a.score - b.score);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function table(rec: BrowserRecord) {
  const n = (x: LighthouseNumbers | null, k: keyof LighthouseNumbers) => (x ? String(x[k]) : "–");
  const rows = [["route", "JS kB gz", "JS kB raw", "files", "+lazy kB gz", "doc kB", "desk score", "LCP", "TBT", "CLS", "mob score", "LCP", "TBT", "CLS"]];
  for (const r of rec.routes) {
    rows.push([r.name, String(r.js.gzipKb), String(r.js.rawKb), String(r.js.files), String(r.lazyJs.gzipKb), String(r.documentKb), n(r.desktop, "score"), n(r.desktop, "lcpMs"), n(r.desktop, "tbtMs"), n(r.desktop, "cls"), n(r.mobile, "score"), n(r.mobile, "lcpMs"), n(r.mobile, "tbtMs"), n(r.mobile, "cls")]);
  }
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  "));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const runs = Math.max(1, Number(args.runs ?? 1));
  const withLighthouse = args["no-lighthouse"] !== "true";
  const only = args.routes?.split(",");
  if (!fs.existsSync(path.join(".next", "BUILD_ID"))) throw new Error("No production build: run `npx next build` first.");
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (set CHROMIUM_PATH).`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    LODESTAR_DEMO: "1",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: `pglite:./${DATA_DIR}`,
  };
  delete env.DATABASE_READ_URL;
  if (args["skip-seed"] !== "true" || !fs.existsSync(DATA_DIR)) {
    fs.rmSync(DATA_DIR, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(DATA_DIR), { recursive: true });
    await run(path.join("node_modules", ".bin", "tsx"), ["db/seed/index.ts"], env);
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(".data", "bench-browser-next.log"), "w");
  let next: ChildProcess | null = null;
  let browser: Browser | null = null;
  try {
    next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
      detached: true, // own process group (setsid): killGroup stops next-server too
      stdio: ["ignore", log, log],
      env: { ...env, AUTH_SECRET: crypto.randomBytes(32).toString("base64url"), AUTH_URL: base },
    });
    const jar = new Jar();
    const t0 = performance.now();
    while (!jar.signedIn()) {
      if (performance.now() - t0 > 90_000) throw new Error("next start did not sign in within 90 s (see .data/bench-browser-next.log)");
      if (next.exitCode !== null) throw new Error(`next start exited ${next.exitCode} (see .data/bench-browser-next.log)`);
      await jar.signIn(base, DEMO_EMAIL, DEMO_PASSWORD, `/${ORG}/dashboard`).catch(() => false);
      if (!jar.signedIn()) await new Promise((r) => setTimeout(r, 250));
    }
    const [cookieName, cookieValue] = [...jar.cookies].find(([k]) => k.includes("session-token"))!;
    const cookie = { name: cookieName, value: cookieValue };
    const cookieHeader = `${cookieName}=${cookieValue}`;
    const retroId = await makeRetro(jar, base);

    const routes = [
      { name: "sign-in", path: "/sign-in", signedIn: false },
      { name: "dashboard", path: `/${ORG}/dashboard`, signedIn: true },
      { name: "okr-list", path: `/${ORG}/okrs`, signedIn: true },
      { name: "campaign-calendar", path: `/${ORG}/campaigns/calendar`, signedIn: true },
      { name: "risk-register", path: `/${ORG}/risks`, signedIn: true },
      { name: "retro-board", path: `/${ORG}/retros/${retroId}`, signedIn: true },
    ].filter((r) => !only || only.includes(r.name));

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROME_FLAGS });
    // Warm-up: the first render of every route compiles nothing in production, but fills server caches.
    for (const r of routes) await jar.fetch(base + r.path).then((x) => x.arrayBuffer());
    const loadBefore = os.loadavg()[0]!;
    const results: RouteResult[] = [];
    for (const r of routes) {
      const result: RouteResult = { ...r, js: { gzipKb: 0, rawKb: 0, files: 0, uncompressed: 0, largest: [] }, lazyJs: { gzipKb: 0, rawKb: 0, files: 0 }, documentKb: 0, desktop: null, mobile: null };
      try {
        Object.assign(result, await measureJs(browser, base, r, r.signedIn ? cookie : null));
        console.log(`${r.name}: first load ${result.js.gzipKb} kB JS gzip (${result.js.rawKb} kB raw, ${result.js.files} files), then ${result.lazyJs.gzipKb} kB lazily; document ${result.documentKb} kB`);
        if (withLighthouse) {
          for (const preset of ["desktop", "mobile"] as const) {
            const xs: LighthouseNumbers[] = [];
            for (let i = 0; i < runs; i++) {
              // Lighthouse's trace sometimes misses the navigation start (NO_NAVSTART, "run Lighthouse again"): up to 3 attempts.
              for (let attempt = 1; ; attempt++) {
                try {
                  xs.push(await lighthouse(base + r.path, preset, r.signedIn ? cookieHeader : null));
                  break;
                } catch (e) {
                  if (attempt >= 3) throw e;
                  console.warn(`  lighthouse ${preset}: ${(e as Error).message.slice(0, 160)}; again`);
                }
              }
            }
            result[preset] = median(xs);
            const m = result[preset]!;
            console.log(`  lighthouse ${preset}: ${m.score} (LCP ${m.lcpMs} ms, TBT ${m.tbtMs} ms, CLS ${m.cls})`);
          }
        }
      } catch (e) {
        result.error = (e as Error).message;
        console.error(`${r.name}: ${result.error}`);
      }
      results.push(result);
    }
    const rec: BrowserRecord = {
      date: new Date().toISOString(),
      chromium: browser.version(),
      lighthouse: (JSON.parse(fs.readFileSync(path.join("node_modules", "lighthouse", "package.json"), "utf8")) as { version: string }).version,
      runs,
      load: { before: Math.round(loadBefore * 10) / 10, after: Math.round(os.loadavg()[0]! * 10) / 10, cores: os.cpus().length },
      targets: TARGETS,
      routes: results,
    };
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    if (!only && withLighthouse) fs.writeFileSync(OUT, JSON.stringify(rec, null, 2) + "\n");
    else fs.writeFileSync(path.join(".data", "bench-browser-partial.json"), JSON.stringify(rec, null, 2) + "\n");
    console.log();
    table(rec);
    console.log(`\nWrote ${!only && withLighthouse ? OUT : ".data/bench-browser-partial.json (partial run)"}`);
  } finally {
    await browser?.close().catch(() => {});
    if (next) await killGroup(next);
    fs.closeSync(log);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

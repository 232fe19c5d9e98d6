/** Renders bench/results/browser.json (written by `npm run bench:browser`, bench/browser.ts) as a section of BENCHMARKS.md. */
import fs from "node:fs";
import path from "node:path";
import type { BrowserRecord, LighthouseNumbers } from "./browser";

const FILE = path.join("bench", "results", "browser.json");

const met = (ok: boolean) => (ok ? "met" : "**not met**");

/** The markdown lines of section 6, or [] when there is no browser result yet. */
export function browserSection(file = FILE): string[] {
  if (!fs.existsSync(file)) return [];
  const rec = JSON.parse(fs.readFileSync(file, "utf8")) as BrowserRecord;
  const t = rec.targets;
  const lines: string[] = [];
  const p = (s = "") => lines.push(s);
  const lh = (x: LighthouseNumbers | null, k: keyof LighthouseNumbers) => (x ? String(x[k]) : "–");
  p("## 6. Browser: first-load JavaScript and Lighthouse");
  p();
  p(`\`npm run bench:browser\` (after \`npx next build\`), ${rec.date.slice(0, 16).replace("T", " ")} UTC: \`next start\` on the embedded demo database, signed in as the demo owner;`);
  p(`Chromium ${rec.chromium} (Playwright, fresh context per route: script bytes transferred, gzip as served, until the network is idle; "first load" is`);
  p("the scripts the HTML document references — Next's First Load JS, what the target applies to —, \"+ lazy\" what the page loaded right after, e.g.");
  p(`next/dynamic charts; "document" is the HTML with its RSC payload) and Lighthouse ${rec.lighthouse} (performance only, ${rec.runs === 1 ? "one run" : `median of ${rec.runs} runs`} per preset;`);
  p("desktop preset, and the default mobile preset with simulated slow 4G and 4× CPU slowdown; the session cookie as an extra header).");
  if (rec.load) p(`Load average of the machine (1 min) ${rec.load.before} before and ${rec.load.after} after the runs, on ${rec.load.cores} cores: other work on the machine lengthens the measured tasks, so TBT (and the scores) are upper bounds.`);
  p(`Targets: first-load JS ≤ ${t.jsKb} kB gzip per route; Lighthouse desktop ≥ ${t.desktopScore}, mobile ≥ ${t.mobileScore}; CLS ≤ ${t.cls}; TBT ≤ ${t.desktopTbtMs} ms (desktop).`);
  p();
  p("| route | first-load JS kB (gzip) | JS kB (raw) | files | + lazy JS kB (gzip) | document kB (gzip) | desktop score | LCP ms | TBT ms | CLS | mobile score | LCP ms | TBT ms | CLS | targets |");
  p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  const misses: string[] = [];
  for (const r of rec.routes) {
    const checks: [string, boolean][] = [
      [`JS ≤ ${t.jsKb} kB`, !r.error && r.js.gzipKb <= t.jsKb],
      [`desktop ≥ ${t.desktopScore}`, !!r.desktop && r.desktop.score >= t.desktopScore],
      [`mobile ≥ ${t.mobileScore}`, !!r.mobile && r.mobile.score >= t.mobileScore],
      [`CLS ≤ ${t.cls}`, !!r.desktop && !!r.mobile && r.desktop.cls <= t.cls && r.mobile.cls <= t.cls],
      [`TBT ≤ ${t.desktopTbtMs} ms`, !!r.desktop && r.desktop.tbtMs <= t.desktopTbtMs],
    ];
    const failed = checks.filter(([, ok]) => !ok).map(([name]) => name);
    if (r.error) misses.push(`${r.name}: ${r.error}`);
    else if (failed.length) misses.push(`${r.name} (\`${r.path.replace(/[0-9a-f-]{36}/, ":id")}\`): ${failed.join(", ")} not met`);
    p(
      `| ${r.name} | ${r.js.gzipKb} | ${r.js.rawKb} | ${r.js.files} | ${r.lazyJs?.gzipKb ?? "–"} | ${r.documentKb} | ${lh(r.desktop, "score")} | ${lh(r.desktop, "lcpMs")} | ${lh(r.desktop, "tbtMs")} | ${lh(r.desktop, "cls")} | ${lh(r.mobile, "score")} | ${lh(r.mobile, "lcpMs")} | ${lh(r.mobile, "tbtMs")} | ${lh(r.mobile, "cls")} | ${failed.length ? `${met(false)}: ${failed.join(", ")}` : met(true)} |`,
    );
  }
  p();
  p(misses.length ? `Browser targets not met:\n\n${misses.map((m) => `- ${m}`).join("\n")}` : "All browser targets met.");
  p();
  return lines;
}

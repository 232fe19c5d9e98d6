#!/usr/bin/env node
/**
 * `npm run audit:prod`: the dependency check of SECURITY.md.
 * 1. Every package in KNOWN_ADVISORIES is installed at or above the version that fixed it (works offline).
 * 2. `npm audit --omit=dev --audit-level=high` when the registry's audit endpoint answers; when it
 *    cannot be reached (closed networks, mirrors without the endpoint) that part is reported as skipped.
 * Exit code 1 when an installed version is below a fixed one or npm audit reports high/critical.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Advisories in our runtime stack that we have checked by hand: package, first fixed version, what it was. */
export const KNOWN_ADVISORIES = [
  { pkg: "next", fixed: "16.2.6", id: "May 2026 release (CVE-2026-44573/44574/44575 middleware bypass, CVE-2026-44578 SSRF, CVE-2026-23870 RSC DoS)" },
  { pkg: "next", fixed: "15.2.3", id: "CVE-2025-29927 (x-middleware-subrequest bypass)" },
  { pkg: "react-dom", fixed: "19.2.6", id: "CVE-2026-23870 (React Server Components DoS) and the React2Shell fixes" },
  { pkg: "next-auth", fixed: "5.0.0-beta.32", id: "GHSA-7rqj-j65f-68wh, GHSA-8fpg-xm3f-6cx3, GHSA-x445-f3h2-j279, GHSA-xmf8-cvqr-rfgj" },
  { pkg: "@auth/core", fixed: "0.41.3", id: "GHSA-7rqj-j65f-68wh (homoglyph @ in the email normaliser)" },
  { pkg: "@trpc/server", fixed: "11.8.0", id: "GHSA-43p4-m455-4f4j / CVE-2025-68130 (prototype pollution)" },
  { pkg: "drizzle-orm", fixed: "0.45.2", id: "GHSA-gpj5-g38j-94v9 / CVE-2026-39356 (identifier escaping)" },
  { pkg: "nodemailer", fixed: "8.0.5", id: "GHSA-vvjj-xcjg-gr5g (CRLF in the SMTP name) and GHSA-5jpx-9hw9-2fx4 (address parser)" },
];

/** Compares versions like 16.4.6 and 5.0.0-beta.32 (numeric parts, then the pre-release tag's parts). */
export function compareVersions(a, b) {
  const split = (v) => {
    const [main, pre] = v.split("-", 2);
    return { main: main.split(".").map(Number), pre: pre ? pre.split(".") : null };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.main[i] ?? 0) - (y.main[i] ?? 0);
    if (d) return Math.sign(d);
  }
  if (!x.pre && !y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const np = /^\d+$/.test(p);
    const nq = /^\d+$/.test(q);
    if (np && nq && Number(p) !== Number(q)) return Math.sign(Number(p) - Number(q));
    if (np !== nq) return np ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** Every installed copy of a package under node_modules (hoisted and nested), with its version. */
export function installedVersions(pkg, dir = path.join(root, "node_modules")) {
  const found = [];
  const walk = (nm, depth) => {
    const own = path.join(nm, pkg, "package.json");
    if (fs.existsSync(own)) found.push({ where: path.relative(root, path.dirname(own)), version: JSON.parse(fs.readFileSync(own, "utf8")).version });
    if (depth > 4 || !fs.existsSync(nm)) return;
    for (const entry of fs.readdirSync(nm)) {
      if (entry.startsWith(".")) continue;
      const scoped = entry.startsWith("@") ? fs.readdirSync(path.join(nm, entry)).map((e) => path.join(entry, e)) : [entry];
      for (const e of scoped) {
        const nested = path.join(nm, e, "node_modules");
        if (fs.existsSync(nested)) walk(nested, depth + 1);
      }
    }
  };
  walk(dir, 0);
  return found;
}

export function checkKnownAdvisories() {
  const problems = [];
  for (const a of KNOWN_ADVISORIES) {
    for (const copy of installedVersions(a.pkg)) {
      if (compareVersions(copy.version, a.fixed) < 0) problems.push(`${copy.where} ${copy.version} < ${a.fixed}: ${a.id}`);
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const problems = checkKnownAdvisories();
  for (const p of problems) console.error(`vulnerable: ${p}`);
  console.log(`known advisories: ${KNOWN_ADVISORIES.length} checked, ${problems.length} below the fixed version`);
  const audit = spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], { cwd: root, encoding: "utf8", timeout: 120_000 });
  let report = null;
  try {
    report = JSON.parse(audit.stdout);
  } catch {
    /* not JSON: the endpoint did not answer */
  }
  let auditFailed = false;
  if (report?.metadata?.vulnerabilities) {
    const v = report.metadata.vulnerabilities;
    console.log(`npm audit --omit=dev: ${v.critical} critical, ${v.high} high, ${v.moderate} moderate, ${v.low} low`);
    auditFailed = v.critical + v.high > 0;
  } else {
    const why = (report?.error?.summary ?? audit.stderr ?? "").split("\n").find((l) => l.trim()) ?? "no answer";
    console.log(`npm audit --omit=dev: skipped, the audit endpoint could not be reached (${why.trim()})`);
  }
  process.exit(problems.length || auditFailed ? 1 : 0);
}

#!/usr/bin/env node
/**
 * `node scripts/sum-results.mjs DIR`: adds up the test reports in DIR (Vitest JSON reports and
 * Playwright's JSON report) and prints one line: "N passed, N failed" (", N skipped" when any were
 * skipped). Flaky Playwright tests count as failed. A report that cannot be read counts as one
 * failure and is named on stderr. Exit code: 0 if the line could be printed, 2 on a usage error.
 */
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? process.env.CI_JSON_DIR;
if (!dir) {
  console.error("usage: node scripts/sum-results.mjs <dir with *.json reports>");
  process.exit(2);
}

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

let passed = 0;
let failed = 0;
let skipped = 0;
/** Names of failed tests, printed on stderr before the totals so a truncated log still shows them. */
const failures = [];

/** Walks a Playwright report's suites and records every test whose outcome is not expected or skipped. */
function collectPlaywrightFailures(file, suites, trail) {
  for (const suite of suites) {
    const here = suite.title ? [...trail, suite.title] : trail;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "unexpected" || t.status === "flaky") {
          const results = t.results ?? [];
          const last = results[results.length - 1];
          const why = (last?.error?.message ?? "").split("\n")[0].replace(/\u001b\[[0-9;]*m/g, "").slice(0, 200);
          failures.push(`${file}: ${[...here, spec.title].join(" > ")}${why ? ` (${why})` : ""}`);
        }
      }
    }
    collectPlaywrightFailures(file, suite.suites ?? [], here);
  }
}

let files = [];
try {
  files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
} catch (err) {
  console.error(`sum-results: cannot read ${dir}: ${err.message}`);
}

for (const file of files) {
  const full = path.join(dir, file);
  let report;
  try {
    report = JSON.parse(fs.readFileSync(full, "utf8"));
  } catch (err) {
    console.error(`sum-results: ${file}: unreadable report (${err.message}); counted as 1 failure`);
    failed += 1;
    continue;
  }
  if (report && typeof report.numTotalTests === "number") {
    // Vitest (Jest-compatible) JSON report.
    passed += num(report.numPassedTests);
    failed += num(report.numFailedTests);
    for (const r of report.testResults ?? []) {
      for (const a of r.assertionResults ?? []) {
        if (a.status === "failed") {
          failures.push(`${file}: ${path.relative(process.cwd(), r.name ?? "")} > ${a.fullName ?? a.title}`);
        }
      }
    }
    skipped += num(report.numPendingTests) + num(report.numTodoTests);
    // A test file that failed to load (syntax error, failing import) has no tests to count.
    const broken = (report.testResults ?? []).filter(
      (r) => r.status === "failed" && (r.assertionResults ?? []).length === 0,
    ).length;
    if (broken) {
      console.error(`sum-results: ${file}: ${broken} test file(s) failed to run; counted as failures`);
      failed += broken;
    }
  } else if (report && report.stats && typeof report.stats.expected === "number") {
    // Playwright JSON report.
    passed += num(report.stats.expected);
    failed += num(report.stats.unexpected) + num(report.stats.flaky);
    collectPlaywrightFailures(file, report.suites ?? [], []);
    skipped += num(report.stats.skipped);
    if (Array.isArray(report.errors) && report.errors.length) {
      console.error(
        `sum-results: ${file}: ${report.errors.length} Playwright error(s) outside tests; counted as failures`,
      );
      failed += report.errors.length;
    }
  } else {
    console.error(`sum-results: ${file}: not a Vitest or Playwright report; ignored`);
  }
}

for (const f of failures) console.error(`failed: ${f}`);

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);

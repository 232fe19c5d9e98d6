import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { browserSection } from "@/bench/browser-report";
import { pickMessages } from "@/app/_i18n/client-messages";

const lh = (score: number, tbtMs: number, cls: number) => ({ score, lcpMs: 900, tbtMs, cls, fcpMs: 500 });
const route = (name: string, gzipKb: number, desktop = lh(98, 40, 0), mobile = lh(90, 200, 0)) => ({
  name,
  path: `/demo/${name}`,
  signedIn: true,
  js: { gzipKb, rawKb: gzipKb * 3, files: 15, uncompressed: 0, largest: [] },
  lazyJs: { gzipKb: 0, rawKb: 0, files: 0 },
  documentKb: 20,
  desktop,
  mobile,
});

describe("browserSection (bench/browser-report.ts)", () => {
  it("is empty without a result file", () => {
    expect(browserSection(path.join(os.tmpdir(), "no-such-browser.json"))).toEqual([]);
  });

  it("renders section 6 with met / not met per target", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "browser-report-")), "browser.json");
    const targets = { jsKb: 200, desktopScore: 95, mobileScore: 85, cls: 0.05, desktopTbtMs: 150 };
    const routes = [route("okr-list", 190), route("risk-register", 230, lh(93, 180, 0.1))];
    fs.writeFileSync(file, JSON.stringify({ date: "2026-11-27T22:00:00.000Z", chromium: "156", lighthouse: "13.5.0", runs: 1, targets, routes }));
    const md = browserSection(file).join("\n");
    expect(md).toContain("## 6. Browser: first-load JavaScript and Lighthouse");
    expect(md).toMatch(/\| okr-list \| 190 \|.*\| met \|/);
    expect(md).toMatch(/\| risk-register \| 230 \|.*\*\*not met\*\*: JS ≤ 200 kB, desktop ≥ 95, CLS ≤ 0.05, TBT ≤ 150 ms \|/);
    expect(md).toContain("risk-register (`/demo/risk-register`): JS ≤ 200 kB, desktop ≥ 95, CLS ≤ 0.05, TBT ≤ 150 ms not met");
  });
});

describe("pickMessages (app/_i18n/client-messages.tsx)", () => {
  const all = { a: { x: "1", y: { z: "2" } }, b: "s", c: { k: "3", l: "4" } };
  it("picks namespaces whole (shared, not copied) and dotted paths alone", () => {
    const picked = pickMessages(all, ["a", "c.k", "missing", "b.q"]);
    expect(picked).toEqual({ a: all.a, c: { k: "3" } });
    expect(picked.a).toBe(all.a);
  });
  it("a whole namespace wins over a dotted path, in either order", () => {
    expect(pickMessages(all, ["c.k", "c"])).toEqual({ c: all.c });
    expect(pickMessages(all, ["c", "c.k"])).toEqual({ c: all.c });
  });
});

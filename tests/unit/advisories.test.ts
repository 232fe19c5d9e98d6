import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM script without type declarations
import { checkKnownAdvisories, compareVersions, installedVersions, KNOWN_ADVISORIES } from "../../scripts/advisories.mjs";

describe("dependency advisories", () => {
  it("compares release and pre-release versions the way semver does", () => {
    expect(compareVersions("16.4.6", "16.2.6")).toBe(1);
    expect(compareVersions("16.2.5", "16.2.6")).toBe(-1);
    expect(compareVersions("0.45.2", "0.45.2")).toBe(0);
    expect(compareVersions("5.0.0-beta.31", "5.0.0-beta.32")).toBe(-1);
    expect(compareVersions("5.0.0-beta.100", "5.0.0-beta.32")).toBe(1);
    expect(compareVersions("5.0.0", "5.0.0-beta.32")).toBe(1);
  });

  it("every installed copy of a package with a known advisory is at or above the fixed version", () => {
    expect(KNOWN_ADVISORIES.length).toBeGreaterThanOrEqual(8);
    for (const a of KNOWN_ADVISORIES as { pkg: string }[]) expect(installedVersions(a.pkg).length, a.pkg).toBeGreaterThan(0);
    expect(checkKnownAdvisories()).toEqual([]);
  });

  it("finds an old copy nested anywhere in node_modules", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adv-"));
    const put = (rel: string, version: string) => {
      fs.mkdirSync(path.join(dir, rel), { recursive: true });
      fs.writeFileSync(path.join(dir, rel, "package.json"), JSON.stringify({ version }));
    };
    put("drizzle-orm", "0.45.4");
    put("some-lib/node_modules/drizzle-orm", "0.44.7");
    const versions = installedVersions("drizzle-orm", dir).map((c: { version: string }) => c.version).sort();
    expect(versions).toEqual(["0.44.7", "0.45.4"]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireFolderLock } from "@/db/client";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "lodestar-lock-"));
  dirs.push(d);
  return d;
};

describe("embedded database folder lock", () => {
  it("refuses a folder held by another live process, naming it", async () => {
    const dir = tmp();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      fs.writeFileSync(path.join(dir, "lodestar.lock"), String(other.pid));
      expect(() => acquireFolderLock(dir)).toThrow(new RegExp(`in use by another process \\(pid ${other.pid}\\)`));
    } finally {
      other.kill();
    }
  });

  it("takes over a stale lock left by a process that is gone, and releases it", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "lodestar.lock"), "999999999");
    const release = acquireFolderLock(dir);
    expect(fs.readFileSync(path.join(dir, "lodestar.lock"), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, "lodestar.lock"))).toBe(false);
  });
});

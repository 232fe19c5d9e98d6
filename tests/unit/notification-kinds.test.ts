/**
 * The notification registry covers every kind the server sends: each kind passed to notify() has a
 * preference (so people can choose where it reaches them) and a message in both languages, and each
 * preference has its label in both languages.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGS } from "@/app/_i18n/catalog";
import { PREFERENCE_KEYS, preferenceOf } from "@/server/notifications/kinds";

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? serverFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every kind literal in a notify() call under server/ ("approval_${status}" expands to its statuses). */
function kindsSent(): string[] {
  const kinds = new Set<string>();
  for (const file of serverFiles(path.join(process.cwd(), "server"))) {
    const src = fs.readFileSync(file, "utf8");
    for (const m of src.matchAll(/await notify\(/g)) {
      const call = src.slice(m.index, m.index + 400);
      const k = /kind:\s*(?:"(\w+)"|`(\w+)\$\{status\}`)/.exec(call);
      if (!k) throw new Error(`${file}: a notify() call without a literal kind`);
      if (k[1]) kinds.add(k[1]);
      else for (const s of ["approved", "rejected", "changes_requested"]) kinds.add(`${k[2]}${s}`);
    }
  }
  return [...kinds].sort();
}

const has = (loc: "en" | "zh-CN", key: string) =>
  typeof key.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], CATALOGS[loc]) === "string";

describe("notification kinds", () => {
  const sent = kindsSent();

  it("finds the kinds the server sends", () => {
    expect(sent).toEqual(expect.arrayContaining(["approvalRequested", "approval_approved", "mention", "checkInReminder", "riskWarning", "retroActionOverdue"]));
  });

  it("every kind sent has a preference and a message in both languages", () => {
    expect(sent.filter((k) => preferenceOf(k) === null)).toEqual([]);
    for (const loc of ["en", "zh-CN"] as const) expect(sent.filter((k) => !has(loc, `notifications.kind.${k}`)), loc).toEqual([]);
  });

  it("every preference is labelled in both languages", () => {
    for (const loc of ["en", "zh-CN"] as const) {
      expect(PREFERENCE_KEYS.filter((k) => !has(loc, `notifications.prefs.kinds.${k}.label`) || !has(loc, `notifications.prefs.kinds.${k}.hint`)), loc).toEqual([]);
    }
  });
});

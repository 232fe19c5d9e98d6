import { describe, expect, it } from "vitest";
import { CATALOGS } from "@/app/_i18n/catalog";

const flat = (o: unknown, p = ""): string[] =>
  o && typeof o === "object" && !Array.isArray(o)
    ? Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => flat(v, p ? `${p}.${k}` : k))
    : [p];

describe("message catalogs", () => {
  it("en and zh-CN have exactly the same keys", () => {
    const en = flat(CATALOGS.en).sort();
    const zh = flat(CATALOGS["zh-CN"]).sort();
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
  });

  it("has no empty strings", () => {
    for (const loc of ["en", "zh-CN"] as const) {
      const empty = flat(CATALOGS[loc]).filter((k) => {
        const v = k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)?.[p], CATALOGS[loc]);
        return typeof v === "string" && v.trim() === "";
      });
      expect(empty, loc).toEqual([]);
    }
  });
});

describe("server message translation", () => {
  it("translates keys with parameters, entity names included, and passes plain text through", async () => {
    const { translate } = await import("@/server/i18n");
    expect(translate("en", "v.tooSmall.chars|min=12")).toBe("Must be at least 12 characters");
    expect(translate("zh-CN", "v.tooSmall.chars|min=12")).toBe("至少需要 12 个字符");
    expect(translate("en", "e.conflict|what=keyResult")).toContain("This key result was changed by someone else");
    expect(translate("zh-CN", "e.notFound|what=objective")).toBe("未找到（目标）。");
    expect(translate("en", "Plain text stays.")).toBe("Plain text stays.");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });
});

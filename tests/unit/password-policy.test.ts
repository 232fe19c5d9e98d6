import { describe, expect, it } from "vitest";
import { isWeakPassword } from "@/server/auth/password-policy";
import { ZPassword } from "@/server/auth/schema";

describe("password policy", () => {
  it("refuses passwords on the bundled common list, whatever their case", () => {
    for (const p of ["qwerty123456", "1q2w3e4r5t6y", "QAZWSXEDCRFV", "123456789012", "administrator"]) {
      expect(isWeakPassword(p), p).toBe(true);
    }
  });

  it("refuses a common word padded with digits and symbols, one character repeated, the email's name", () => {
    expect(isWeakPassword("monkey123456!")).toBe(true);
    expect(isWeakPassword("!!password2026")).toBe(true);
    expect(isWeakPassword("aaaaaaaaaaaaaa")).toBe(true);
    expect(isWeakPassword("zhangwei-lodestar", "zhangwei@example.com")).toBe(true);
  });

  it("accepts long passphrases and random strings", () => {
    for (const p of ["correct horse battery staple", "a brand new long password", "Tq7#v9L!mZ2@xR4p", "运营团队季度计划2026"]) {
      expect(isWeakPassword(p, "someone@example.com"), p).toBe(false);
    }
  });

  it("the schema takes 12 to 128 characters", () => {
    expect(ZPassword.safeParse("x".repeat(11)).success).toBe(false);
    expect(ZPassword.safeParse("Tq7#v9L!mZ2@").success).toBe(true);
    expect(ZPassword.safeParse("y".repeat(128)).success).toBe(true);
    expect(ZPassword.safeParse("y".repeat(129)).success).toBe(false);
  });
});

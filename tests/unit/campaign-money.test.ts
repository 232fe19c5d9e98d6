import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CURRENCY_CODES,
  divideMinor,
  divRound,
  formatMinor,
  isCurrency,
  MAX_MINOR,
  minorDigits,
  minorToMajorNumber,
  normaliseRate,
  parseAmount,
  parseRate,
  prorateMinor,
  subMinor,
  sumMinor,
  toBaseMinor,
  toSafeNumber,
} from "@/server/campaigns/money";

describe("currencies", () => {
  it("knows ISO 4217 codes and their minor digits", () => {
    expect(isCurrency("USD")).toBe(true);
    expect(isCurrency("CNY")).toBe(true);
    expect(isCurrency("usd")).toBe(false);
    expect(isCurrency("XYZ")).toBe(false);
    expect(isCurrency("toString")).toBe(false);
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KRW")).toBe(0);
    expect(minorDigits("BHD")).toBe(3);
    expect(() => minorDigits("XYZ")).toThrow(RangeError);
    expect(CURRENCY_CODES.length).toBeGreaterThan(140);
    expect(CURRENCY_CODES.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });
});

describe("arithmetic in minor units (no float drift)", () => {
  it("ten times 0.10 is exactly 1.00, where floats give 0.9999999999999999", () => {
    let float = 0;
    for (let i = 0; i < 10; i++) float += 0.1;
    expect(float).not.toBe(1);
    expect(sumMinor(Array.from({ length: 10 }, () => 10))).toBe(100);
    expect(formatMinor(sumMinor(Array.from({ length: 10 }, () => 10)), "USD")).toBe("1.00");
  });

  it("0.1 + 0.2 is 0.30", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatMinor(sumMinor([10, 20]), "EUR")).toBe("0.30");
  });

  it("keeps every cent of large amounts, where floats of major units lose them", () => {
    // As a float of major units, 90,071,992,547,409.91 is already 90,071,992,547,409.9.
    expect(String(90071992547409.91)).toBe("90071992547409.9");
    expect(formatMinor(sumMinor([9007199254740990, 1]), "USD")).toBe("90071992547409.91");
  });

  it("sums equal BigInt sums for any amounts (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: MAX_MINOR }), { maxLength: 200 }), (xs) => {
        const big = xs.reduce((s, x) => s + BigInt(x), BigInt(0));
        expect(sumMinor(xs)).toBe(Number(big));
      }),
    );
  });

  it("refuses non-integers and results outside the safe range", () => {
    expect(() => sumMinor([0.5])).toThrow(RangeError);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => toSafeNumber(BigInt(2) ** BigInt(60))).toThrow(RangeError);
    expect(subMinor(100, 250)).toBe(-150);
  });

  it("rounds half away from zero", () => {
    expect(divRound(BigInt(5), BigInt(2))).toBe(BigInt(3));
    expect(divRound(BigInt(-5), BigInt(2))).toBe(BigInt(-3));
    expect(divRound(BigInt(4), BigInt(3))).toBe(BigInt(1));
    expect(divRound(BigInt(5), BigInt(-2))).toBe(BigInt(-3));
    expect(() => divRound(BigInt(1), BigInt(0))).toThrow(RangeError);
  });

  it("divides money by a count (cost per lead), null for zero", () => {
    expect(divideMinor(1000, 3)).toBe(333);
    expect(divideMinor(1000, 6)).toBe(167);
    expect(divideMinor(1000, 0)).toBeNull();
    expect(divideMinor(0, 5)).toBe(0);
  });

  it("pro-rates a budget over days; the parts add back up to about the whole", () => {
    expect(prorateMinor(100_000, 1, 3)).toBe(33_333);
    expect(prorateMinor(100_000, 2, 3)).toBe(66_667);
    expect(prorateMinor(100_000, 3, 3)).toBe(100_000);
    expect(prorateMinor(100_000, 0, 3)).toBe(0);
    expect(prorateMinor(100_000, 1, 0)).toBe(0);
  });
});

describe("formatting and parsing", () => {
  it("formats minor units per currency", () => {
    expect(formatMinor(123456, "USD")).toBe("1234.56");
    expect(formatMinor(5, "USD")).toBe("0.05");
    expect(formatMinor(-5, "EUR")).toBe("-0.05");
    expect(formatMinor(0, "USD")).toBe("0.00");
    expect(formatMinor(1235, "JPY")).toBe("1235");
    expect(formatMinor(1234, "BHD")).toBe("1.234");
  });

  it("parses typed amounts, refusing more decimals than the currency has", () => {
    expect(parseAmount("1234.56", "USD")).toBe(123456);
    expect(parseAmount("1,234.5", "USD")).toBe(123450);
    expect(parseAmount(" 12 ", "USD")).toBe(1200);
    expect(parseAmount("-3.5", "USD")).toBe(-350);
    expect(parseAmount("0.07", "USD")).toBe(7);
    expect(parseAmount("1.234", "USD")).toBeNull();
    expect(parseAmount("1.5", "JPY")).toBeNull();
    expect(parseAmount("1500", "JPY")).toBe(1500);
    expect(parseAmount("1,5", "EUR")).toBeNull();
    expect(parseAmount("1e3", "USD")).toBeNull();
    expect(parseAmount("", "USD")).toBeNull();
    expect(parseAmount("abc", "USD")).toBeNull();
  });

  it("format and parse round-trip (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_MINOR, max: MAX_MINOR }), fc.constantFrom("USD", "JPY", "BHD", "CNY"), (n, cur) => {
        expect(parseAmount(formatMinor(n, cur), cur)).toBe(n);
      }),
    );
  });

  it("converts minor units to a plain number of major units", () => {
    expect(minorToMajorNumber(123456, "USD")).toBe(1234.56);
    expect(minorToMajorNumber(42, "JPY")).toBe(42);
  });
});

describe("exchange rates as exact decimals", () => {
  it("parses positive decimals only", () => {
    expect(parseRate("7.1234")).toEqual({ numerator: BigInt(71234), scale: 4 });
    expect(parseRate("1.080000000000")).toEqual({ numerator: BigInt(108), scale: 2 });
    expect(parseRate("3")).toEqual({ numerator: BigInt(3), scale: 0 });
    for (const bad of ["0", "0.000", "-1", "1e3", "abc", ".5", "1.", "", "1.0000000000001"]) expect(parseRate(bad), bad).toBeNull();
  });

  it("normalises what numeric(24,12) returns", () => {
    expect(normaliseRate("1.080000000000")).toBe("1.08");
    expect(normaliseRate("7.000000000000")).toBe("7");
    expect(normaliseRate("0.000123000000")).toBe("0.000123");
    expect(normaliseRate("149.5")).toBe("149.5");
  });

  it("converts with integer arithmetic, rounding once", () => {
    // 19.99 EUR × 1.0825 = 21.639175 USD → 21.64
    expect(toBaseMinor(1999, "EUR", "USD", "1.0825")).toBe(2164);
    // 1000 JPY × 0.0067 = 6.70 USD
    expect(toBaseMinor(1000, "JPY", "USD", "0.0067")).toBe(670);
    // 123.45 USD × 149.5 = 18455.775 JPY → 18456
    expect(toBaseMinor(12345, "USD", "JPY", "149.5")).toBe(18456);
    // 1.234 BHD × 2.6596 = 3.2819464 USD → 3.28
    expect(toBaseMinor(1234, "BHD", "USD", "2.6596")).toBe(328);
    // 100,000.00 CNY × 0.138 — where floats say 13800.000000000002
    expect(100000 * 0.138).not.toBe(13800);
    expect(toBaseMinor(10_000_000, "CNY", "USD", "0.138")).toBe(1_380_000);
  });

  it("same currency passes through; a missing or bad rate gives null", () => {
    expect(toBaseMinor(500, "USD", "USD", null)).toBe(500);
    expect(toBaseMinor(500, "EUR", "USD", null)).toBeNull();
    expect(toBaseMinor(500, "EUR", "USD", "nope")).toBeNull();
  });
});

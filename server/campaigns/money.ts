/**
 * Money without floats. Pure: no server imports, so forms can use it too.
 *
 * - An amount is an integer number of MINOR units (cents, fen, yen, fils…) plus its ISO 4217 code.
 *   Every stored amount is a safe integer; sums and products are done in BigInt and checked back into
 *   the safe-integer range, so no binary float ever rounds a cent.
 * - An exchange rate is an exact DECIMAL STRING ("7.1234"): 1 unit of the currency = rate units of the
 *   organisation's base currency. It is stored as numeric(24,12) and read back as a string, split into
 *   an integer numerator and a power-of-ten scale, and applied with integer arithmetic:
 *     base_minor = round(amount_minor × numerator × 10^base_digits / (10^scale × 10^currency_digits))
 *   rounded half away from zero, once, at the end.
 * - Ratios (burn, ROI, CTR) are not money: they are plain numbers computed from exact integers.
 */

/** ISO 4217 active currencies and their minor-unit digits (funds codes and metals left out). */
export const CURRENCY_DIGITS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2, AFN: 2, ALL: 2, AMD: 2, ANG: 2, AOA: 2, ARS: 2, AUD: 2, AWG: 2, AZN: 2,
  BAM: 2, BBD: 2, BDT: 2, BGN: 2, BHD: 3, BIF: 0, BMD: 2, BND: 2, BOB: 2, BRL: 2, BSD: 2, BTN: 2, BWP: 2, BYN: 2, BZD: 2,
  CAD: 2, CDF: 2, CHF: 2, CLP: 0, CNY: 2, COP: 2, CRC: 2, CUP: 2, CVE: 2, CZK: 2,
  DJF: 0, DKK: 2, DOP: 2, DZD: 2, EGP: 2, ERN: 2, ETB: 2, EUR: 2,
  FJD: 2, FKP: 2, GBP: 2, GEL: 2, GHS: 2, GIP: 2, GMD: 2, GNF: 0, GTQ: 2, GYD: 2,
  HKD: 2, HNL: 2, HTG: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, IQD: 3, IRR: 2, ISK: 0,
  JMD: 2, JOD: 3, JPY: 0, KES: 2, KGS: 2, KHR: 2, KMF: 0, KPW: 2, KRW: 0, KWD: 3, KYD: 2, KZT: 2,
  LAK: 2, LBP: 2, LKR: 2, LRD: 2, LSL: 2, LYD: 3,
  MAD: 2, MDL: 2, MGA: 2, MKD: 2, MMK: 2, MNT: 2, MOP: 2, MRU: 2, MUR: 2, MVR: 2, MWK: 2, MXN: 2, MYR: 2, MZN: 2,
  NAD: 2, NGN: 2, NIO: 2, NOK: 2, NPR: 2, NZD: 2, OMR: 3,
  PAB: 2, PEN: 2, PGK: 2, PHP: 2, PKR: 2, PLN: 2, PYG: 0, QAR: 2,
  RON: 2, RSD: 2, RUB: 2, RWF: 0,
  SAR: 2, SBD: 2, SCR: 2, SDG: 2, SEK: 2, SGD: 2, SHP: 2, SLE: 2, SOS: 2, SRD: 2, SSP: 2, STN: 2, SVC: 2, SYP: 2, SZL: 2,
  THB: 2, TJS: 2, TMT: 2, TND: 3, TOP: 2, TRY: 2, TTD: 2, TWD: 2, TZS: 2,
  UAH: 2, UGX: 0, USD: 2, UYU: 2, UZS: 2, VES: 2, VND: 0, VUV: 0, WST: 2,
  XAF: 0, XCD: 2, XCG: 2, XOF: 0, XPF: 0, YER: 2, ZAR: 2, ZMW: 2, ZWG: 2,
});

export const CURRENCY_CODES = Object.keys(CURRENCY_DIGITS).sort();

/** Largest single amount accepted (minor units): 10^12, e.g. 10 billion dollars. Sums stay exact far beyond. */
export const MAX_MINOR = 1_000_000_000_000;

export function isCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_DIGITS, code);
}

export function minorDigits(currency: string): number {
  const d = CURRENCY_DIGITS[currency];
  if (d === undefined) throw new RangeError(`Unknown currency ${currency}`);
  return d;
}

const TEN = BigInt(10);
const pow10 = (n: number) => TEN ** BigInt(n);

/** A BigInt back to a number, refusing anything a double cannot hold exactly. */
export function toSafeNumber(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Amount out of range: ${v.toString()}`);
  return n;
}

function big(n: number): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not an integer amount: ${n}`);
  return BigInt(n);
}

/** n / d rounded half away from zero (d ≠ 0). */
export function divRound(n: bigint, d: bigint): bigint {
  if (d === BigInt(0)) throw new RangeError("Division by zero");
  if (d < BigInt(0)) return divRound(-n, -d);
  const neg = n < BigInt(0);
  const a = neg ? -n : n;
  const q = (a * BigInt(2) + d) / (d * BigInt(2));
  return neg ? -q : q;
}

/** Exact sum of integer amounts. */
export function sumMinor(amounts: Iterable<number>): number {
  let s = BigInt(0);
  for (const a of amounts) s += big(a);
  return toSafeNumber(s);
}

export function subMinor(a: number, b: number): number {
  return toSafeNumber(big(a) - big(b));
}

/** An amount times part/whole, rounded half away from zero (pro-rating a budget over days). */
export function prorateMinor(amount: number, part: number, whole: number): number {
  if (whole === 0) return 0;
  return toSafeNumber(divRound(big(amount) * big(part), big(whole)));
}

/** amount / count as money, rounded to the minor unit; null when count is 0 (cost per lead, CAC). */
export function divideMinor(amount: number, count: number): number | null {
  if (count === 0) return null;
  return toSafeNumber(divRound(big(amount), big(count)));
}

/** "1234.56" for 123456 USD, "1235" for 1235 JPY, "-0.05" for -5 EUR, "1.234" for 1234 BHD. */
export function formatMinor(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const v = big(amount);
  const neg = v < BigInt(0);
  const abs = neg ? -v : v;
  if (digits === 0) return `${neg ? "-" : ""}${abs.toString()}`;
  const p = pow10(digits);
  const whole = abs / p;
  const frac = (abs % p).toString().padStart(digits, "0");
  return `${neg ? "-" : ""}${whole.toString()}.${frac}`;
}

/**
 * Parses a typed amount in major units ("1234.5", "1,234.50", "-3") into minor units. Null when it
 * is not a number or has more decimals than the currency has minor digits.
 */
export function parseAmount(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const s = text.trim().replace(/,(?=\d{3}(\D|$))/g, "");
  const m = /^(-)?(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const frac = m[3] ?? "";
  if (frac.length > digits) return null;
  const v = BigInt(m[2]!) * pow10(digits) + (frac ? BigInt(frac.padEnd(digits, "0")) : BigInt(0));
  const n = Number(m[1] ? -v : v);
  return Number.isSafeInteger(n) ? n : null;
}

/** A positive decimal rate with at most 12 integer and 12 fractional digits, as written by people. */
const RATE_RE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

export interface Rate {
  /** The rate's digits as one integer… */
  numerator: bigint;
  /** …divided by 10^scale. */
  scale: number;
}

/** Parses "7.1234" into 71234 / 10^4. Null unless a positive decimal (no exponent, no sign). */
export function parseRate(text: string): Rate | null {
  const m = RATE_RE.exec(text.trim());
  if (!m) return null;
  const frac = (m[2] ?? "").replace(/0+$/, "");
  const numerator = BigInt(m[1]! + frac);
  if (numerator === BigInt(0)) return null;
  return { numerator, scale: frac.length };
}

/** The canonical text of a rate: "1.080000000000" (as numeric returns it) → "1.08". */
export function normaliseRate(text: string): string {
  const r = parseRate(text);
  if (!r) throw new RangeError(`Not a rate: ${text}`);
  const s = r.numerator.toString().padStart(r.scale + 1, "0");
  return r.scale ? `${s.slice(0, s.length - r.scale)}.${s.slice(s.length - r.scale)}` : s;
}

/**
 * Converts an amount into the base currency with a manual rate (1 unit of `currency` = `rate` units
 * of `base`). Same currency: unchanged. No rate for a foreign currency: null.
 */
export function toBaseMinor(amount: number, currency: string, base: string, rate: string | null): number | null {
  if (currency === base) return amount;
  if (rate == null) return null;
  const r = parseRate(rate);
  if (!r) return null;
  const n = big(amount) * r.numerator * pow10(minorDigits(base));
  const d = pow10(r.scale + minorDigits(currency));
  return toSafeNumber(divRound(n, d));
}

/** An amount in minor units as a number of major units (for KR check-ins, which are plain numbers). */
export function minorToMajorNumber(amount: number, currency: string): number {
  return Number(formatMinor(amount, currency));
}

import crypto from "node:crypto";

/**
 * Webhook signatures, Stripe-style: header `Lodestar-Signature: t=<unix seconds>,v1=<hex>` where the
 * hex is HMAC-SHA256 keyed with the webhook's secret over `<t>.<raw body>`. The timestamp is signed
 * too, so a receiver that rejects old timestamps is safe from replays.
 */
export const SIGNATURE_HEADER = "Lodestar-Signature";
export const EVENT_HEADER = "Lodestar-Event";
export const DELIVERY_HEADER = "Lodestar-Delivery";

function hmac(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The signature header for a body, signed now (or at `timestamp`, unix seconds). */
export function signPayload(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export interface VerifyOptions {
  /** How old (or how far in the future) a timestamp may be, in seconds. Default 300. */
  toleranceSec?: number;
  /** The current time, in milliseconds since the epoch (for tests). Default Date.now(). */
  now?: number;
}

/**
 * True when `header` is a valid signature of `body` (the raw request body, exactly as received)
 * made with `secret` within the tolerance. Compares in constant time; accepts any of several `v1`
 * values (as sent while a secret is being rotated).
 */
export function verifySignature(secret: string, header: string | null | undefined, body: string, opts: VerifyOptions = {}): boolean {
  if (!header || typeof header !== "string") return false;
  const toleranceSec = opts.toleranceSec ?? 300;
  const now = opts.now ?? Date.now();
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const i = part.indexOf("=");
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === "t" && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === "v1" && /^[0-9a-f]{64}$/i.test(v)) candidates.push(v.toLowerCase());
  }
  if (timestamp === null || candidates.length === 0) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSec) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  let ok = false;
  for (const c of candidates) {
    // Every candidate is compared (no early exit), each in constant time.
    if (crypto.timingSafeEqual(expected, Buffer.from(c, "hex"))) ok = true;
  }
  return ok;
}

/** A new signing secret: "whsec_" and 32 random bytes (base64url). The whole string is the HMAC key. */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64url")}`;
}

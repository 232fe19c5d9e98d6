import crypto from "node:crypto";

/** Every key starts with this, so secret scanners and people can recognise one. */
export const KEY_PREFIX = "lsk_";
/** Characters of the key kept (in clear) to tell keys apart: "lsk_" and 8 more. */
const DISPLAY_LENGTH = KEY_PREFIX.length + 8;

/** A new key: 32 random bytes, base64url. Returned to its creator once; only the hash is stored. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = KEY_PREFIX + crypto.randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, DISPLAY_LENGTH), hash: hashApiKey(key) };
}

/** SHA-256 (hex): the key has 256 bits of entropy, so a fast hash is enough (no salt, no KDF). */
export function hashApiKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

/** Looks like one of our keys (checked before any database work). */
export function isApiKeyShaped(s: string): boolean {
  return s.startsWith(KEY_PREFIX) && /^[A-Za-z0-9_-]{43}$/.test(s.slice(KEY_PREFIX.length));
}

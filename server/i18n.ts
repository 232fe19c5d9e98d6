import { createTranslator } from "next-intl";
import { CATALOGS } from "@/app/_i18n/catalog";

export type MessageLocale = "en" | "zh-CN";
const translators = {
  en: createTranslator({ locale: "en", messages: CATALOGS.en }),
  "zh-CN": createTranslator({ locale: "zh-CN", messages: CATALOGS["zh-CN"] }),
};

const KEY_RE = /^[a-zA-Z]+(\.[a-zA-Z0-9_]+)+$/;

/** Splits "v.tooSmall.chars|min=12" into a key and its parameters. */
export function parseMessage(msg: string): { key: string; params: Record<string, string> } | null {
  const [key, ...rest] = msg.split("|");
  if (!key || !KEY_RE.test(key)) return null;
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf("=");
    if (i > 0) params[p.slice(0, i)] = p.slice(i + 1);
  }
  return { key, params };
}

function has(catalog: unknown, key: string): boolean {
  let cur: unknown = catalog;
  for (const part of key.split(".")) {
    if (!cur || typeof cur !== "object" || !(part in cur)) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === "string";
}

/** Translates a message key (with parameters) into the locale; plain text passes through unchanged. */
export function translate(locale: MessageLocale, msg: string): string {
  const parsed = parseMessage(msg);
  if (!parsed || !has(CATALOGS[locale], parsed.key)) return msg;
  const t = translators[locale] as unknown as (k: string, p?: Record<string, string>) => string;
  // Entity names in messages ("{what} not found") are catalog keys too.
  if (parsed.params.what && has(CATALOGS[locale], `entity.${parsed.params.what}`)) {
    parsed.params.what = t(`entity.${parsed.params.what}`);
  }
  return t(parsed.key, parsed.params);
}

/**
 * A catalog message with parameters given apart (values may hold any character, "|" included).
 * Unknown keys fall back to `fallback` (another key), else to the key itself.
 */
export function message(locale: MessageLocale, key: string, params: Record<string, string | number> = {}, fallback?: string): string {
  const t = translators[locale] as unknown as (k: string, p?: Record<string, string | number>) => string;
  if (has(CATALOGS[locale], key)) return t(key, params);
  if (fallback && has(CATALOGS[locale], fallback)) return t(fallback, params);
  return key;
}

export function asMessageLocale(v: string | null | undefined): MessageLocale | null {
  return v === "en" || v === "zh-CN" ? v : null;
}

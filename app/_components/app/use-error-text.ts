"use client";

import { useTranslations } from "next-intl";

/**
 * Translates a validation message key from the shared zod schemas ("v.tooSmall.chars|min=12") into
 * the UI language. Messages that are already text (from the server, translated there) pass through.
 */
export function useErrorText() {
  const t = useTranslations();
  return (msg: string | undefined): string | undefined => {
    if (!msg) return undefined;
    const [key, ...rest] = msg.split("|");
    if (!key || !/^[a-zA-Z]+(\.[a-zA-Z0-9_]+)+$/.test(key) || !t.has(key)) return msg;
    const params: Record<string, string> = {};
    for (const p of rest) {
      const i = p.indexOf("=");
      if (i > 0) params[p.slice(0, i)] = p.slice(i + 1);
    }
    return t(key, params);
  };
}

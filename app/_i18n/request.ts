import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { CATALOGS } from "./catalog";
import { fromAcceptLanguage, isLocale, LOCALE_COOKIE, type Locale } from "./config";

/**
 * Locale: the user's saved language (mirrored in a cookie when they choose it, and on sign-in), then
 * the browser's Accept-Language.
 */
export default getRequestConfig(async () => {
  const saved = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale: Locale = isLocale(saved) ? saved : fromAcceptLanguage((await headers()).get("accept-language"));
  return { locale, messages: CATALOGS[locale], timeZone: "UTC" };
});

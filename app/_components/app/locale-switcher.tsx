"use client";

import { useMutation } from "@tanstack/react-query";
import { Languages } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { LOCALE_COOKIE, LOCALES, type Locale } from "@/app/_i18n/config";

const LABELS: Record<Locale, string> = { en: "English", "zh-CN": "中文" };

export function setLocaleCookie(locale: Locale) {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${365 * 86400}; samesite=lax`;
}

/** Switches the UI language; signed-in users also get it saved to their profile. */
export function LocaleSwitcher({ signedIn }: { signedIn: boolean }) {
  const t = useTranslations("common");
  const locale = useLocale() as Locale;
  const router = useRouter();
  const trpc = useTRPC();
  const save = useMutation(trpc.auth.updateProfile.mutationOptions());
  const [pending, start] = useTransition();
  return (
    <label className="inline-flex items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-400">
      <Languages className="size-4" aria-hidden />
      <span className="sr-only">{t("language")}</span>
      <select
        value={locale}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value as Locale;
          setLocaleCookie(next);
          start(async () => {
            if (signedIn) await save.mutateAsync({ locale: next }).catch(() => undefined);
            router.refresh();
          });
        }}
        className="rounded border-none bg-transparent py-1 pr-6 text-sm focus:ring-2 focus:ring-brand-500/30"
        data-testid="locale-switcher"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LABELS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

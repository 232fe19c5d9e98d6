"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui/button";

/**
 * The friendly error of a page that could not be rendered (the database unreachable for a moment, a
 * bug): what happened, the reference to quote, and a button that tries again. `retry` (Next 16)
 * fetches the segment's server components again and re-renders; `reset` alone would only re-render
 * what the browser already has, so it could not recover from a server error. Production hides the
 * server error's message: only its digest reaches the browser, shown as the reference.
 */
export function PageError({ error, retry, reset }: { error: Error & { digest?: string }; retry?: () => void; reset?: () => void }) {
  const t = useTranslations("errors");
  return (
    <div role="alert" className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-xl font-semibold">{t("pageTitle")}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("pageBody")}</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-zinc-500">{t("reference", { ref: error.digest })}</p>}
      <Button className="mt-6" onClick={() => (retry ?? reset)?.()}>
        {t("retry")}
      </Button>
    </div>
  );
}

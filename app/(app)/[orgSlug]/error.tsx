"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/ui/button";

export default function OrgError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div role="alert" className="mx-auto max-w-lg py-16 text-center">
      <h1 className="text-xl font-semibold">{t("pageTitle")}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("pageBody")}</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-zinc-500">{t("reference", { ref: error.digest })}</p>}
      <Button className="mt-6" onClick={reset}>
        {t("retry")}
      </Button>
    </div>
  );
}

import { Construction } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "../ui/card";

/** An honest placeholder for a module that has not been built yet: it says so and does nothing. */
export async function ComingSoon({ module }: { module: "okrs" | "campaigns" | "products" | "risks" | "retros" | "approvals" }) {
  const t = await getTranslations("coming");
  const tn = await getTranslations("nav");
  const points = t.raw(`${module}.points`) as string[];
  return (
    <>
      <PageHeader title={tn(module)} description={t(`${module}.description`)} />
      <div className="rounded-lg border border-dashed border-zinc-300 p-8 dark:border-zinc-700">
        <div className="flex items-center gap-2 font-medium">
          <Construction className="size-5 text-amber-500" aria-hidden />
          {t("notYet")}
        </div>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("whatItWillDo")}</p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
          {points.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </div>
    </>
  );
}

import { getTranslations } from "next-intl/server";
import Link from "next/link";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="mt-2 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{t("notFoundBody")}</p>
      <Link href="/" className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        {t("goHome")}
      </Link>
    </main>
  );
}

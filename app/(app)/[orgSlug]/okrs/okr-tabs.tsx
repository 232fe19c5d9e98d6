"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { cn } from "@/app/_components/ui/cn";

/** OKR sub-navigation; keeps the selected period (?period=) when moving between views. */
export function OkrTabs({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations("okrs.tabs");
  const pathname = usePathname();
  const period = useSearchParams().get("period");
  const qs = period ? `?period=${period}` : "";
  const base = `/${orgSlug}/okrs`;
  const tabs = [
    { href: base, label: t("objectives"), exact: true },
    { href: `${base}/tree`, label: t("alignment") },
    { href: `${base}/mine`, label: t("mine") },
    { href: `${base}/kpis`, label: t("kpis") },
    { href: `${base}/dependencies`, label: t("dependencies") },
    { href: `${base}/periods`, label: t("periods") },
  ];
  return (
    <nav aria-label={t("label")} className="no-print flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {tabs.map((tab) => {
        const active = tab.exact
          ? pathname === tab.href || (pathname.startsWith(`${base}/o/`))
          : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.href}
            href={`${tab.href}${qs}`}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
              active
                ? "border-brand-600 text-brand-700 dark:text-brand-100"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

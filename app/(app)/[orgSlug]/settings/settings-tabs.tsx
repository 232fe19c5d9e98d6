"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/app/_components/ui/cn";
import { useCan } from "@/app/_components/app/org-context";

export function SettingsTabs({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations("settings");
  const tn = useTranslations("nav");
  const pathname = usePathname();
  const mayManageKeys = useCan("apikey.manage");
  const mayManageWebhooks = useCan("webhook.manage");
  const tabs = [
    { href: `/${orgSlug}/settings`, label: t("general") },
    { href: `/${orgSlug}/settings/members`, label: t("members") },
    { href: `/${orgSlug}/settings/departments`, label: t("departments") },
    { href: `/${orgSlug}/settings/lifecycle`, label: t("lifecycle") },
    { href: `/${orgSlug}/settings/risks`, label: tn("risks") },
    ...(mayManageKeys ? [{ href: `/${orgSlug}/settings/api-keys`, label: t("apiKeys") }] : []),
    ...(mayManageWebhooks ? [{ href: `/${orgSlug}/settings/webhooks`, label: t("webhooks") }] : []),
  ];
  return (
    <nav aria-label={t("title")} className="flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {tabs.map((tab) => {
        // Sub-pages (a webhook's own page) keep their section's tab marked.
        const active = pathname === tab.href || (tab.href.endsWith("/webhooks") && pathname.startsWith(`${tab.href}/`));
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium",
              active ? "border-brand-600 text-brand-700 dark:text-brand-100" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}

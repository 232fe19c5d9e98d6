"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/app/_components/ui/card";

const STYLE: Record<string, string> = {
  draft: "",
  pending_approval: "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300",
  approved: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  active: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  closed: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
  cancelled: "bg-red-50 text-red-700 line-through dark:bg-red-900/30 dark:text-red-300",
};

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("okrs.status");
  return <Badge className={STYLE[status]}>{t(status)}</Badge>;
}

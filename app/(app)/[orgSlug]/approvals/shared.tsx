"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";

const STATUS_STYLE: Record<string, string> = {
  pending: "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300",
  approved: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  rejected: "bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300",
  changes_requested: "bg-orange-50 text-orange-700 dark:bg-orange-900/30 dark:text-orange-300",
  cancelled: "bg-zinc-100 text-zinc-600 line-through dark:bg-zinc-800 dark:text-zinc-400",
  expired: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400",
};

/** Status of an approval request. */
export function RequestStatusBadge({ status, className }: { status: string; className?: string }) {
  const t = useTranslations("approvals.status");
  return (
    <Badge className={cn(STATUS_STYLE[status], className)} data-testid="approval-status">
      {t.has(status) ? t(status) : status}
    </Badge>
  );
}

/** "OKR set" for objective_set; unknown types show as they are. */
export function useSubjectTypeLabel() {
  const t = useTranslations("approvals.type");
  return (type: string) => (t.has(type) ? t(type) : type);
}

export function OverdueBadge({ className }: { className?: string }) {
  const t = useTranslations("approvals");
  return <Badge className={cn("bg-red-100 text-red-700 dark:bg-red-900/40 dark:text-red-300", className)}>{t("overdue")}</Badge>;
}

export function EscalatedBadge({ className }: { className?: string }) {
  const t = useTranslations("approvals");
  return <Badge className={cn("bg-violet-50 text-violet-700 dark:bg-violet-900/30 dark:text-violet-300", className)}>{t("escalated")}</Badge>;
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/app/_trpc/react";
import { cn } from "../ui/cn";
import { useOrg } from "./org-context";

/** Requests waiting for my decision, as a small pill for the sidebar's "Approvals" link; nothing when none. */
export function ApprovalsBadge({ className }: { className?: string }) {
  const t = useTranslations("approvals");
  const org = useOrg();
  const trpc = useTRPC();
  const { data } = useQuery(
    trpc.approval.counts.queryOptions({ orgSlug: org.slug }, { refetchInterval: 30_000, refetchOnWindowFocus: true }),
  );
  const count = data?.waiting ?? 0;
  if (count <= 0) return null;
  const label = t("waitingBadge", { count });
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      data-testid="approvals-badge"
      className={cn(
        "ml-auto inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold leading-none text-white tabular-nums",
        className,
      )}
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { can, type Permission } from "@/server/rbac/permissions";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/app/_trpc/react";
import { cn } from "@/app/_components/ui/cn";
import { useOrg } from "@/app/_components/app/org-context";
import { dateOf, formatMoney } from "../filters";

/** Everything campaign.get returns. */
export type CampaignData = inferRouterOutputs<AppRouter>["campaign"]["get"];

export interface Me {
  userId: string;
  departmentIds: string[];
  managedDepartmentIds: string[];
}

export const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * What the signed-in member may do on this campaign — the server's rules (role, scope, and the
 * campaign's team for spend and results: server/campaigns/refs.ts campaignSubjects) mirrored to hide
 * controls. The server still decides.
 */
export function useCampaignPermissions(c: CampaignData, me: Me) {
  const org = useOrg();
  const actor = {
    userId: me.userId,
    role: org.role,
    departmentIds: me.departmentIds,
    managedDepartmentIds: me.managedDepartmentIds,
  };
  const subjects = [{ departmentId: c.departmentId, ownerId: c.ownerId }];
  if (c.teamMemberIds.includes(me.userId))
    subjects.push({ departmentId: c.departmentId, ownerId: me.userId });
  const may = (p: Permission) => subjects.some((s) => can(actor, p, s));
  const open = c.status !== "completed" && c.status !== "cancelled";
  const pending = c.status === "pending_approval";
  const budgetPending = c.approvals.some(
    (a) => a.subjectType === "campaign_budget" && a.status === "pending",
  );
  const update = may("campaign.update");
  return {
    update,
    /** Fields of the campaign (edit dialog): not while waiting for launch approval, not once closed. */
    edit: update && open && !pending,
    /** Budget lines: as edit, and not while a budget increase waits for approval. */
    budget: update && open && !pending && !budgetPending,
    budgetPending,
    delete: may("campaign.delete") && (c.status === "draft" || c.status === "cancelled"),
    clone: can(actor, "campaign.create", { departmentId: c.departmentId, ownerId: c.ownerId }),
    request: update && can(org.role, "approval.request"),
    spend: may("campaign.spend") && c.status !== "cancelled",
    results: may("campaign.results") && c.status !== "cancelled",
    links: update && c.status !== "cancelled",
    deleteLinks: update,
  };
}
export type CampaignPermissions = ReturnType<typeof useCampaignPermissions>;

/** Formatting helpers bound to the campaign's currency and the UI locale. */
export function useCampaignFormat(currency: string) {
  const format = useFormatter();
  const locale = useLocale();
  const t = useTranslations("campaigns");
  return {
    locale,
    money: (m: number | null | undefined, cur = currency) => formatMoney(locale, m, cur),
    date: (d: string) => format.dateTime(dateOf(d), { dateStyle: "medium", timeZone: "UTC" }),
    dateTime: (d: Date | string) => format.dateTime(new Date(d), { dateStyle: "medium", timeStyle: "short" }),
    pct: (x: number | null | undefined, digits = 2) =>
      x == null ? "—" : format.number(x, { style: "percent", maximumFractionDigits: digits }),
    num: (x: number | null | undefined) => (x == null ? "—" : format.number(x)),
    channel: (ch: string) => (t.has(`channel.${ch}`) ? t(`channel.${ch}`) : ch),
    /** A derived metric's formula in the UI language (the server's symbols as the fallback). */
    formula: (key: string, fallback: string) =>
      t.has(`detail.formula.${key}`) ? t(`detail.formula.${key}`) : fallback,
    metric: (m: string, customName?: string) =>
      m === "custom" ? customName || t("resultMetric.custom") : t(`resultMetric.${m}`),
  };
}

/** Refreshes every campaign query (detail, list, calendar) after a change. */
export function useRefreshCampaign() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
}

/** The detail page's section card (shared by the campaign, product and risk pages). */
export { SectionCard as Section } from "@/app/_components/ui/section-card";

/** A coloured notice strip: warnings (over budget), info (locked plan), with optional actions. */
export function Notice({
  tone = "info",
  children,
  actions,
  className,
  testId,
}: {
  tone?: "info" | "warning" | "danger";
  children: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
  testId?: string;
}) {
  const tones = {
    info: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900/60 dark:bg-sky-950/40 dark:text-sky-200",
    warning:
      "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200",
    danger:
      "border-red-200 bg-red-50 text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200",
  };
  return (
    <div
      role={tone === "info" ? "status" : "alert"}
      data-testid={testId}
      className={cn(
        "flex flex-wrap items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm",
        tones[tone],
        className,
      )}
    >
      <div className="min-w-0 flex-1 basis-64">{children}</div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

export const th = "px-3 py-2 text-left text-xs font-medium text-zinc-500";
export const td = "px-3 py-2";
export const thead = "border-b border-zinc-200 dark:border-zinc-800";
export const tbody = "divide-y divide-zinc-100 dark:divide-zinc-800";
export const formGrid = "mt-4 grid items-start gap-3 border-t border-zinc-100 pt-4 dark:border-zinc-800";

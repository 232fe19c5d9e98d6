"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CopyPlus, Pencil, Send, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { CampaignStatusBadge, OverBudgetBadge } from "../campaigns-client";
import {
  Notice,
  useCampaignFormat,
  useRefreshCampaign,
  type CampaignData,
  type CampaignPermissions,
} from "./shared";

// Dialogs (react-hook-form, zod, member and KR pickers) load when opened, not with the page.
const EditCampaignDialog = dynamic(() => import("./edit-dialog").then((m) => m.EditCampaignDialog));
const CloneCampaignDialog = dynamic(() => import("./clone-dialog").then((m) => m.CloneCampaignDialog));

/** The manual transitions of the server's status machine (server/campaigns/service.ts CAMPAIGN_STATUS_TRANSITIONS). */
const TRANSITIONS: Record<string, readonly string[]> = {
  draft: ["cancelled"],
  pending_approval: ["cancelled"],
  approved: ["live", "cancelled"],
  live: ["completed", "cancelled"],
  completed: [],
  cancelled: [],
};

export function CampaignHeader({ c, may }: { c: CampaignData; may: CampaignPermissions }) {
  const t = useTranslations("campaigns.detail");
  const tc = useTranslations("common");
  const f = useCampaignFormat(c.currency);
  const org = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const refresh = useRefreshCampaign();
  const setStatus = useMutation(trpc.campaign.setStatus.mutationOptions());
  const requestApproval = useMutation(trpc.approval.request.mutationOptions());
  const del = useMutation(trpc.campaign.delete.mutationOptions());
  const [dialog, setDialog] = useState<null | "edit" | "clone" | "delete" | "cancel">(null);

  const changeStatus = async (status: CampaignData["status"]) => {
    try {
      await setStatus.mutateAsync({ orgSlug: org.slug, campaignId: c.id, status, version: c.version });
      toast.success(t("statusChanged"));
      setDialog(null);
      await refresh();
    } catch (e) {
      showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
    }
  };
  const submitForApproval = async () => {
    try {
      await requestApproval.mutateAsync({
        orgSlug: org.slug,
        subjectType: "campaign_launch",
        subjectId: c.id,
      });
      toast.success(t("submitted"));
      await refresh();
    } catch (e) {
      showServerError(e);
    }
  };
  const remove = async () => {
    try {
      await del.mutateAsync({ orgSlug: org.slug, campaignId: c.id });
      toast.success(t("deleted", { name: c.name }));
      setDialog(null);
      // Marked stale without refetching this (now deleted) campaign; the list reloads when shown.
      await qc.invalidateQueries({ queryKey: trpc.campaign.pathKey(), refetchType: "none" });
      router.push(`/${org.slug}/campaigns`);
    } catch (e) {
      showServerError(e);
    }
  };
  const pendingLaunch = c.approvals.find(
    (a) => a.subjectType === "campaign_launch" && a.status === "pending",
  );
  const transitions = may.update ? (TRANSITIONS[c.status] ?? []) : [];

  return (
    <div>
      <Link href={`/${org.slug}/campaigns`} className="text-sm text-brand-600 hover:underline">
        ← {t("back")}
      </Link>
      <div className="mt-2 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <div className="mb-1 flex flex-wrap items-center gap-1.5">
            <CampaignStatusBadge status={c.status} />
            {c.metrics.overBudget && (
              <OverBudgetBadge title={f.formula("overBudget", c.formulas.overBudget)} />
            )}
            {c.clonedFromId && (
              <Link
                href={`/${org.slug}/campaigns/${c.clonedFromId}`}
                className="text-xs text-zinc-500 hover:underline"
              >
                {t("clonedFrom")}
              </Link>
            )}
          </div>
          <h1 className="break-words text-2xl font-semibold tracking-tight">{c.name}</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {/* Two dates rather than formatRange, whose spacing differs between the server's and the browser's ICU. */}
            {t("dateRange", { start: f.date(c.startsOn), end: f.date(c.endsOn) })}
            {" · "}
            {c.departmentName ?? t("noDepartment")}
            {" · "}
            {t("ownedBy", { name: c.ownerName })}
            {" · "}
            {c.currency}
          </p>
          <div className="mt-2 flex flex-wrap gap-1">
            {c.channels.map((ch) => (
              <Badge key={ch}>{f.channel(ch)}</Badge>
            ))}
            {c.tags.map((tag) => (
              <Badge key={`tag-${tag}`} className="bg-zinc-50 dark:bg-zinc-800/50">
                #{tag}
              </Badge>
            ))}
          </div>
          {c.description && <p className="mt-2 max-w-3xl whitespace-pre-line text-sm">{c.description}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {c.status === "draft" && may.request && (
            <Button
              onClick={() => void submitForApproval()}
              loading={requestApproval.isPending}
              data-testid="submit-for-approval"
            >
              <Send className="size-4" aria-hidden /> {t("submitForApproval")}
            </Button>
          )}
          {transitions
            .filter((s) => s !== "cancelled")
            .map((s) => (
              <Button
                key={s}
                variant={c.status === "draft" ? "secondary" : "primary"}
                loading={setStatus.isPending && setStatus.variables?.status === s}
                onClick={() => void changeStatus(s as CampaignData["status"])}
                data-testid={`status-${s}`}
              >
                {t(`action.${s}`)}
              </Button>
            ))}
          {may.edit && (
            <Button variant="secondary" onClick={() => setDialog("edit")} data-testid="campaign-edit">
              <Pencil className="size-4" aria-hidden /> {tc("edit")}
            </Button>
          )}
          {may.clone && (
            <Button variant="secondary" onClick={() => setDialog("clone")} data-testid="campaign-clone">
              <CopyPlus className="size-4" aria-hidden /> {t("clone")}
            </Button>
          )}
          {transitions.includes("cancelled") && (
            <Button variant="secondary" onClick={() => setDialog("cancel")} data-testid="campaign-cancel">
              {t("action.cancelled")}
            </Button>
          )}
          {may.delete && (
            <Button
              variant="ghost"
              className="text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950/40"
              onClick={() => setDialog("delete")}
              data-testid="campaign-delete"
            >
              <Trash2 className="size-4" aria-hidden /> {tc("delete")}
            </Button>
          )}
        </div>
      </div>
      {c.status === "pending_approval" && (
        <Notice
          className="mt-3"
          tone="warning"
          testId="pending-notice"
          actions={
            pendingLaunch && (
              <Link href={`/${org.slug}/approvals/${pendingLaunch.id}`} className="font-medium underline">
                {t("openRequest")}
              </Link>
            )
          }
        >
          {t("pendingNotice")}
        </Notice>
      )}
      {(c.status === "approved" || c.status === "live") && may.update && (
        <p className="mt-3 text-xs text-zinc-500">{t("lockedNotice")}</p>
      )}

      {dialog === "edit" && <EditCampaignDialog c={c} onClose={() => setDialog(null)} />}
      {dialog === "clone" && <CloneCampaignDialog c={c} onClose={() => setDialog(null)} />}
      <ConfirmDialog
        open={dialog === "cancel"}
        onOpenChange={(o) => !o && setDialog(null)}
        title={t("cancelTitle")}
        description={t("cancelBody")}
        confirmLabel={t("action.cancelled")}
        cancelLabel={t("keep")}
        closeLabel={tc("close")}
        loading={setStatus.isPending}
        onConfirm={() => changeStatus("cancelled")}
        confirmTestId="campaign-cancel-confirm"
      />
      <ConfirmDialog
        open={dialog === "delete"}
        onOpenChange={(o) => !o && setDialog(null)}
        title={t("deleteTitle", { name: c.name })}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={remove}
        confirmTestId="campaign-delete-confirm"
      />
    </div>
  );
}

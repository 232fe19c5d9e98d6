"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";

/**
 * Per department of the period: submit its draft objectives for the manager's approval, or see where
 * the request stands. Shown for the departments the user belongs to (all of them for admins).
 */
export function ApprovalBar({ periodId, periodOpen, myDepartmentIds }: { periodId: string; periodOpen: boolean; myDepartmentIds: string[] }) {
  const t = useTranslations("okrs.approval");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const mayRequest = useCan("approval.request");
  const admin = org.role === "owner" || org.role === "admin";
  const state = useQuery(trpc.objective.approvalState.queryOptions({ orgSlug: org.slug, periodId }));
  const request = useMutation(trpc.approval.request.mutationOptions());
  const rows = (state.data ?? []).filter((d) => admin || (d.departmentId && myDepartmentIds.includes(d.departmentId)));
  if (!rows.length || !periodOpen) return null;
  return (
    <div className="space-y-2" aria-label={t("label")} role="region">
      {rows.map((d) => {
        const pending = d.latestRequest?.status === "pending";
        const changes = d.latestRequest?.status === "changes_requested" || d.latestRequest?.status === "rejected";
        if (!d.draft && !pending && !changes) return null;
        return (
          <div
            key={d.subjectId}
            className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-brand-100 bg-brand-50/60 px-4 py-2.5 text-sm dark:border-brand-600/30 dark:bg-brand-600/10"
            data-testid={`approval-bar-${d.departmentName}`}
          >
            <span>
              <span className="font-medium">{d.departmentName}</span>{" "}
              {pending ? t("pending", { count: d.pending }) : changes && !d.draft ? t(`last.${d.latestRequest!.status}`) : t("drafts", { count: d.draft })}
            </span>
            <span className="flex items-center gap-3">
              {d.latestRequest && (
                <Link href={`/${org.slug}/approvals/${d.latestRequest.id}`} className="text-brand-700 hover:underline dark:text-brand-100">
                  {pending ? t("viewRequest") : t("viewLast")}
                </Link>
              )}
              {!pending && d.draft > 0 && mayRequest && (
                <Button
                  size="sm"
                  loading={request.isPending && request.variables?.subjectId === d.subjectId}
                  onClick={async () => {
                    try {
                      const r = await request.mutateAsync({ orgSlug: org.slug, subjectType: "objective_set", subjectId: d.subjectId, comment: "" });
                      toast.success(t("submitted"));
                      await qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });
                      await qc.invalidateQueries({ queryKey: trpc.approval.pathKey() });
                      router.push(`/${org.slug}/approvals/${r.id}`);
                    } catch (e) {
                      showServerError(e);
                    }
                  }}
                >
                  <Send className="size-4" aria-hidden /> {t("submit")}
                </Button>
              )}
            </span>
          </div>
        );
      })}
    </div>
  );
}

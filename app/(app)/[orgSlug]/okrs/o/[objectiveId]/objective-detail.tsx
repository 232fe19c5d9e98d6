"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { ArrowLeft, MoreHorizontal, Pencil, Plus, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { OBJECTIVE_STATUS_TRANSITIONS } from "@/server/okrs/transitions";
import { can } from "@/server/rbac/permissions";
import { useTRPC } from "@/app/_trpc/react";
import { Badge, Card, EmptyState } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "@/app/_components/ui/dropdown";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { ProgressBar } from "@/app/_components/okrs/progress-bar";
import { ConfidenceBadge } from "@/app/_components/okrs/confidence-badge";
import { ObjectiveFormDialog } from "../../_components/objective-form";
import { KeyResultFormDialog } from "../../_components/key-result-form";
import { StatusBadge } from "../../_components/status-badge";
import { KrPanel } from "./kr-panel";
import { LazyComments as Comments } from "@/app/_components/app/comments-lazy";

export function ObjectiveDetail({ objectiveId, me }: { objectiveId: string; me: { userId: string; managedDepartmentIds: string[] } }) {
  const t = useTranslations("okrs.detail");
  const tl = useTranslations("okrs.level");
  const ts = useTranslations("okrs.status");
  const tc = useTranslations("common");
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const { data: o } = useSuspenseQuery(trpc.objective.get.queryOptions({ orgSlug: org.slug, objectiveId }));
  const actor = { userId: me.userId, role: org.role, departmentIds: [], managedDepartmentIds: me.managedDepartmentIds };
  const subject = { departmentId: o.departmentId, ownerId: o.ownerId };
  const mayEdit = can(actor, "objective.update", subject);
  const mayDelete = can(actor, "objective.delete", subject);
  const mayAddKr = can(actor, "keyResult.manage", subject) && o.status !== "pending_approval" && o.status !== "approved" && o.status !== "active";
  const closed = o.periodStatus === "closed";
  const pending = o.status === "pending_approval";
  const locked = o.status === "approved" || o.status === "active";
  const [editing, setEditing] = useState(false);
  const [addingKr, setAddingKr] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const setStatus = useMutation(trpc.objective.setStatus.mutationOptions());
  const del = useMutation(trpc.objective.delete.mutationOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.objective.pathKey() });

  return (
    <div className="space-y-6">
      <Link href={`/${org.slug}/okrs?period=${o.periodId}`} className="inline-flex items-center gap-1 text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400">
        <ArrowLeft className="size-4" aria-hidden /> {t("back", { period: o.periodName })}
      </Link>
      <Card className="p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <div className="mb-2 flex flex-wrap items-center gap-1.5">
              <Badge>{tl(o.level)}</Badge>
              <StatusBadge status={o.status} />
              <Badge>{o.commitment === "committed" ? t("committed") : t("aspirational")}</Badge>
              {o.tags.map((tag) => (
                <Badge key={tag} className="bg-zinc-50 dark:bg-zinc-800/50">#{tag}</Badge>
              ))}
            </div>
            <h2 className="text-xl font-semibold">{o.title}</h2>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {[o.departmentName, t("ownedBy", { name: o.ownerName }), o.periodName].filter(Boolean).join(" · ")}
            </p>
            {o.description && <p className="mt-3 whitespace-pre-line text-sm">{o.description}</p>}
          </div>
          <div className="flex items-center gap-2">
            <ConfidenceBadge confidence={o.confidence} />
            {(mayEdit || mayDelete) && !closed && !pending && (
              <Menu>
                <MenuTrigger asChild>
                  <Button variant="secondary" size="sm" aria-label={t("actions")}>
                    <MoreHorizontal className="size-4" aria-hidden />
                  </Button>
                </MenuTrigger>
                <MenuContent align="end">
                  {mayEdit && (
                    <MenuItem onSelect={() => setEditing(true)}>
                      <Pencil className="size-4" aria-hidden /> {tc("edit")}
                    </MenuItem>
                  )}
                  {mayEdit &&
                    (OBJECTIVE_STATUS_TRANSITIONS[o.status] ?? []).map((s) => (
                      <MenuItem
                        key={s}
                        onSelect={async () => {
                          try {
                            await setStatus.mutateAsync({ orgSlug: org.slug, objectiveId: o.id, status: s as never, version: o.version });
                            toast.success(t("statusChanged", { status: ts(s) }));
                          } catch (e) {
                            showServerError(e, { onReload: invalidate, reloadLabel: tc("reload") });
                          } finally {
                            await invalidate();
                          }
                        }}
                      >
                        {t(`moveTo.${s}`)}
                      </MenuItem>
                    ))}
                  {mayDelete && (
                    <MenuItem onSelect={() => setDeleting(true)} className="text-red-600">
                      <Trash2 className="size-4" aria-hidden /> {tc("delete")}
                    </MenuItem>
                  )}
                </MenuContent>
              </Menu>
            )}
          </div>
        </div>
        {pending && (
          <p role="status" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-900/30 dark:text-amber-200">
            {t("pendingNotice")}{" "}
            <Link href={`/${org.slug}/approvals?box=mine`} className="font-medium underline">{t("pendingLink")}</Link>
          </p>
        )}
        {locked && mayEdit && !closed && <p className="mt-3 text-xs text-zinc-500">{t("lockedNotice")}</p>}
        <ProgressBar className="mt-4" value={o.progress} band={o.confidenceBand} label={t("progress")} />
        {o.score != null && <p className="mt-2 text-sm">{t("score", { score: o.score.toFixed(2) })}</p>}
        {o.related.length > 0 && (
          <div className="mt-4 grid gap-2 border-t border-zinc-100 pt-3 text-sm sm:grid-cols-2 dark:border-zinc-800">
            {(["parent", "child"] as const).map((rel) => {
              const items = o.related.filter((r) => r.relation === rel);
              if (!items.length) return null;
              return (
                <div key={rel}>
                  <div className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">{t(rel === "parent" ? "supports" : "supportedBy")}</div>
                  <ul className="space-y-0.5">
                    {items.map((r) => (
                      <li key={r.id}>
                        <Link href={`/${org.slug}/okrs/o/${r.id}`} className="text-brand-600 hover:underline">{r.title}</Link>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        )}
      </Card>

      <section aria-labelledby="krs-heading" className="space-y-3">
        <div className="flex items-center justify-between">
          <h2 id="krs-heading" className="text-lg font-semibold">{t("keyResults")}</h2>
          {mayAddKr && !closed && (
            <Button size="sm" onClick={() => setAddingKr(true)} data-testid="add-key-result">
              <Plus className="size-4" aria-hidden /> {t("addKeyResult")}
            </Button>
          )}
        </div>
        {o.keyResults.length === 0 ? (
          <EmptyState title={t("noKeyResultsTitle")} description={t("noKeyResultsBody")} />
        ) : (
          o.keyResults.map((kr) => (
            <KrPanel
              key={kr.id}
              kr={kr}
              objective={o}
              actor={actor}
              checkIns={o.checkIns.filter((c) => c.keyResultId === kr.id)}
              initiatives={o.initiatives.filter((i) => i.keyResultId === kr.id)}
              dependencies={o.dependencies.filter((d) => d.keyResultId === kr.id)}
            />
          ))
        )}
      </section>

      <Comments entityType="objective" entityId={o.id} />

      <section aria-labelledby="activity-heading">
        <h2 id="activity-heading" className="mb-2 text-lg font-semibold">{t("activity")}</h2>
        {o.activity.length === 0 ? (
          <p className="text-sm text-zinc-500">{t("noActivity")}</p>
        ) : (
          <Card className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {o.activity.map((a) => (
              <div key={a.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-2">
                <span>
                  <span className="font-medium">{a.actorName ?? t("someone")}</span>{" "}
                  {t.has(`event.${a.entityType}.${a.action}`) ? t(`event.${a.entityType}.${a.action}`, { subject: a.subject }) : `${a.entityType} · ${a.action}`}
                </span>
                <time className="text-xs text-zinc-500" dateTime={a.createdAt.toISOString()}>
                  {format.dateTime(a.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                </time>
              </div>
            ))}
          </Card>
        )}
      </section>

      {editing && (
        <ObjectiveFormDialog
          periodId={o.periodId}
          myUserId={me.userId}
          objective={{ ...o, departmentId: o.departmentId ?? null }}
          onClose={() => setEditing(false)}
        />
      )}
      {addingKr && <KeyResultFormDialog objectiveId={o.id} defaultOwnerId={o.ownerId} onClose={() => setAddingKr(false)} />}
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t("deleteTitle")}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={async () => {
          try {
            await del.mutateAsync({ orgSlug: org.slug, objectiveId: o.id });
            toast.success(t("deleted"));
            await invalidate();
            router.push(`/${org.slug}/okrs?period=${o.periodId}`);
          } catch (e) {
            showServerError(e);
          }
        }}
      />
    </div>
  );
}

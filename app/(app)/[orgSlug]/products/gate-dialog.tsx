"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, CheckCircle2, CircleAlert, Circle } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Select, Textarea } from "@/app/_components/ui/field";
import { Skeleton } from "@/app/_components/ui/card";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useCriterionLabel, useStageLabel } from "./shared";

export interface GateTarget {
  productId: string;
  /** Where the user wants it: a later stage asks for the gate, an earlier one moves it back. */
  toStageId?: string;
  mode: "advance" | "back";
}

/**
 * Asks for the stage gate (the product moves only when a manager approves) or moves a product back
 * with a reason. Shows the checklist the request will carry; admins may override with a reason.
 */
export function GateDialog({ target, onClose }: { target: GateTarget; onClose: () => void }) {
  const t = useTranslations("products.gate");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const stageLabel = useStageLabel();
  const criterionLabel = useCriterionLabel();
  const mayOverride = useCan("product.override");
  const product = useQuery(trpc.product.get.queryOptions({ orgSlug: org.slug, productId: target.productId }));
  const advance = useMutation(trpc.product.advanceStage.mutationOptions());
  const back = useMutation(trpc.product.moveBack.mutationOptions());
  const [toStageId, setToStageId] = useState(target.toStageId ?? "");
  const [reason, setReason] = useState("");
  const [overrideReason, setOverrideReason] = useState("");
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  const p = product.data;
  const stages = p?.stages ?? [];
  const at = p ? p.stageIndex : -1;
  const later = stages.slice(at + 1);
  const earlier = stages.slice(0, Math.max(0, at));
  const chosen = toStageId || (target.mode === "advance" ? (p?.nextStageId ?? "") : (earlier.at(-1)?.id ?? ""));
  const toIndex = stages.findIndex((s) => s.id === chosen);
  const skips = target.mode === "advance" && toIndex > at + 1;
  const incomplete = !!p && !p.checklistState.complete;
  const needsOverride = skips || incomplete;
  const busy = advance.isPending || back.isPending;

  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
  const fail = (e: unknown) => {
    const fields = errorData(e).fieldErrors ?? {};
    const known = ["toStageId", "overrideReason", "reason", "checklist"];
    const next: Record<string, string> = {};
    for (const k of known) if (fields[k]) next[k] = fields[k]!.join(" ");
    setErrors(next);
    if (!Object.keys(next).length) showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
  };

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    if (!p) return;
    setErrors({});
    try {
      if (target.mode === "advance") {
        if (needsOverride && !overrideReason.trim()) {
          setErrors({ overrideReason: mayOverride ? t("overrideNeeded") : undefined, checklist: mayOverride ? undefined : t("completeFirst") });
          return;
        }
        const request = await advance.mutateAsync({
          orgSlug: org.slug,
          productId: p.id,
          version: p.version,
          toStageId: chosen || undefined,
          overrideReason: needsOverride ? overrideReason : "",
          comment,
        });
        toast.success(t("requested"), {
          action: { label: t("openRequest"), onClick: () => router.push(`/${org.slug}/approvals/${request.id}`) },
        });
      } else {
        if (!reason.trim()) {
          setErrors({ reason: err("v.reasonRequired") });
          return;
        }
        await back.mutateAsync({ orgSlug: org.slug, productId: p.id, version: p.version, toStageId: chosen, reason });
        toast.success(t("movedBack"));
      }
      await refresh();
      onClose();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={target.mode === "advance" ? t("advanceTitle") : t("backTitle")}
        description={p ? p.name : undefined}
        closeLabel={tc("close")}
        className="max-w-xl"
      >
        {!p ? (
          <div className="space-y-2" aria-busy>
            <Skeleton className="h-5 w-1/2" />
            <Skeleton className="h-20 w-full" />
          </div>
        ) : p.pendingGate ? (
          <div className="space-y-3 text-sm">
            <p>{t("alreadyPending")}</p>
            <Link className="text-brand-600 hover:underline" href={`/${org.slug}/approvals/${p.pendingGate.requestId}`}>
              {t("openRequest")}
            </Link>
          </div>
        ) : target.mode === "advance" && !later.length ? (
          <p className="text-sm">{err("e.product.lastStage")}</p>
        ) : target.mode === "back" && !earlier.length ? (
          <p className="text-sm">{t("firstStage")}</p>
        ) : (
          <form onSubmit={submit} className="space-y-4" noValidate data-testid="gate-form">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="rounded bg-zinc-100 px-2 py-1 dark:bg-zinc-800">{stageLabel(stages[at])}</span>
              <ArrowRight className="size-4 text-zinc-400" aria-hidden />
              <span className="sr-only">{t("to")}</span>
              <Field label={<span className="sr-only">{t("toStage")}</span>} error={err(errors.toStageId)} className="min-w-48 flex-1">
                {(a) => (
                  <Select {...a} value={chosen} onChange={(e) => setToStageId(e.target.value)} data-testid="gate-to-stage">
                    {(target.mode === "advance" ? later : earlier).map((s) => (
                      <option key={s.id} value={s.id}>
                        {stageLabel(s)}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
            </div>

            {target.mode === "advance" ? (
              <>
                <div>
                  <h3 className="mb-1 text-sm font-medium">{t("checklistTitle", { stage: stageLabel(stages[at]) })}</h3>
                  {p.checklist.length === 0 ? (
                    <p className="text-sm text-zinc-500">{t("noCriteria")}</p>
                  ) : (
                    <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
                      {p.checklist.map((i) => (
                        <li key={i.id} className="flex items-start gap-2 px-3 py-2">
                          {i.passed ? (
                            <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-label={t("passed")} />
                          ) : i.kind === "manual" ? (
                            <Circle className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-label={t("open")} />
                          ) : (
                            <CircleAlert className="mt-0.5 size-4 shrink-0 text-red-600" aria-label={t("failed")} />
                          )}
                          <div className="min-w-0">
                            <div>{criterionLabel(i)}</div>
                            {i.reason && <div className="text-xs text-zinc-500">{err(i.reason)}</div>}
                          </div>
                        </li>
                      ))}
                    </ul>
                  )}
                  {errors.checklist && (
                    <p className="mt-1 text-sm text-red-600" role="alert">
                      {err(errors.checklist)}{" "}
                      <Link className="underline" href={`/${org.slug}/products/${p.id}#checklist`} onClick={onClose}>
                        {t("openChecklist")}
                      </Link>
                    </p>
                  )}
                </div>
                {needsOverride && (
                  <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/30">
                    <p className="font-medium">{skips ? t("skipWarning") : t("incompleteWarning")}</p>
                    {mayOverride ? (
                      <Field label={t("overrideReason")} error={err(errors.overrideReason)} hint={t("overrideHint")} className="mt-2">
                        {(a) => <Textarea {...a} rows={2} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} data-testid="gate-override" />}
                      </Field>
                    ) : (
                      <p className="mt-1">{t("askAdmin")}</p>
                    )}
                  </div>
                )}
                <Field label={t("comment")} hint={t("commentHint")}>
                  {(a) => <Textarea {...a} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
                </Field>
              </>
            ) : (
              <Field label={t("reason")} error={err(errors.reason)} hint={t("reasonHint")}>
                {(a) => <Textarea {...a} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="gate-reason" />}
              </Field>
            )}

            <div className="flex justify-end gap-2">
              <Button type="button" variant="secondary" onClick={onClose}>
                {tc("cancel")}
              </Button>
              <Button type="submit" disabled={busy || (target.mode === "advance" && needsOverride && !mayOverride)} data-testid="gate-submit">
                {target.mode === "advance" ? t("submitAdvance") : t("submitBack")}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

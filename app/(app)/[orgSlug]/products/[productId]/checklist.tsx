"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert, Link2, Paperclip } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Badge } from "@/app/_components/ui/card";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Input, Textarea } from "@/app/_components/ui/field";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { ChecklistMeter, useCriterionLabel, useStageLabel } from "../shared";
import { Section } from "./product-detail";
import type { ProductView } from "./types";

type Item = ProductView["checklist"][number];

/** The current stage's exit criteria: manual ones ticked with evidence, automatic ones evaluated live. */
export function Checklist({ product: p, mayUpdate }: { product: ProductView; mayUpdate: boolean }) {
  const t = useTranslations("products.checklist");
  const tc = useTranslations("common");
  const err = useErrorText();
  const format = useFormatter();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const stageLabel = useStageLabel();
  const criterionLabel = useCriterionLabel();
  const check = useMutation(trpc.product.checkItem.mutationOptions());
  const [evidenceFor, setEvidenceFor] = useState<Item | null>(null);
  // The box shows the click at once; the server's answer replaces it (or rolls it back on an error).
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});
  const locked = !!p.pendingGate;
  const editable = mayUpdate && !locked;

  const refresh = () => qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
  const toggle = async (item: Item, checked: boolean) => {
    if (checked && item.requiresEvidence && !item.evidenceUrl && !item.evidenceNote) {
      setEvidenceFor(item);
      return;
    }
    setOptimistic((o) => ({ ...o, [item.id]: checked }));
    try {
      await check.mutateAsync({ orgSlug: org.slug, itemId: item.id, version: item.version, checked, evidenceUrl: item.evidenceUrl, evidenceNote: item.evidenceNote });
      await refresh();
    } catch (e) {
      showServerError(e, { reloadLabel: tc("reload"), onReload: () => void refresh() });
    } finally {
      setOptimistic(({ [item.id]: _done, ...rest }) => rest);
    }
  };

  return (
    <Section
      id="checklist"
      title={t("title", { stage: stageLabel(p.stages[p.stageIndex]) })}
      actions={<ChecklistMeter done={p.checklistState.done} total={p.checklistState.total} className="w-40" />}
    >
      {locked && <p className="mb-2 text-sm text-amber-700 dark:text-amber-300">{t("lockedWhilePending")}</p>}
      {p.checklist.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("empty")}</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="checklist">
          {p.checklist.map((i) => (
            <li key={i.id} className="flex items-start gap-3 py-2.5">
              {i.kind === "manual" ? (
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 shrink-0"
                  checked={optimistic[i.id] ?? i.passed}
                  disabled={!editable || check.isPending}
                  onChange={(e) => void toggle(i, e.target.checked)}
                  aria-label={criterionLabel(i)}
                  data-testid="checklist-item"
                />
              ) : i.passed ? (
                <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-label={t("passed")} />
              ) : (
                <CircleAlert className="mt-0.5 size-4 shrink-0 text-red-600" aria-label={t("failed")} />
              )}
              <div className="min-w-0 flex-1 text-sm">
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className={i.passed ? "" : "font-medium"}>{criterionLabel(i)}</span>
                  {i.kind !== "manual" && <Badge>{t("automatic")}</Badge>}
                  {i.requiresEvidence && <Badge>{t("needsEvidence")}</Badge>}
                </div>
                {i.reason && <p className={i.passed ? "text-xs text-zinc-500" : "text-xs text-red-700 dark:text-red-400"}>{err(i.reason)}</p>}
                {i.checkedAt && (
                  <p className="text-xs text-zinc-500">
                    {t("checkedBy", { name: i.checkedByName ?? "—", when: format.dateTime(new Date(i.checkedAt), { dateStyle: "medium" }) })}
                  </p>
                )}
                {(i.evidenceUrl || i.evidenceNote) && (
                  <div className="mt-1 space-y-0.5 text-xs">
                    {i.evidenceUrl && (
                      <a href={i.evidenceUrl} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-brand-600 hover:underline">
                        <Link2 className="size-3" aria-hidden /> {i.evidenceUrl}
                      </a>
                    )}
                    {i.evidenceNote && <p className="whitespace-pre-line text-zinc-600 dark:text-zinc-400">{i.evidenceNote}</p>}
                  </div>
                )}
              </div>
              {i.kind === "manual" && editable && (
                <Button variant="ghost" size="sm" onClick={() => setEvidenceFor(i)} aria-label={t("evidenceFor", { item: criterionLabel(i) })}>
                  <Paperclip className="size-4" aria-hidden />
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {evidenceFor && <EvidenceDialog item={evidenceFor} label={criterionLabel(evidenceFor)} onClose={() => setEvidenceFor(null)} />}
    </Section>
  );
}

function EvidenceDialog({ item, label, onClose }: { item: Item; label: string; onClose: () => void }) {
  const t = useTranslations("products.checklist");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const check = useMutation(trpc.product.checkItem.mutationOptions());
  const [url, setUrl] = useState(item.evidenceUrl);
  const [note, setNote] = useState(item.evidenceNote);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await check.mutateAsync({ orgSlug: org.slug, itemId: item.id, version: item.version, checked: true, evidenceUrl: url.trim(), evidenceNote: note.trim() });
      toast.success(t("ticked"));
      await qc.invalidateQueries({ queryKey: trpc.product.pathKey() });
      onClose();
    } catch (ex) {
      const fields = errorData(ex).fieldErrors ?? {};
      if (fields.evidenceUrl || fields.evidenceNote) setErrors({ evidenceUrl: (fields.evidenceUrl ?? []).join(" "), evidenceNote: (fields.evidenceNote ?? []).join(" ") });
      else showServerError(ex);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("evidenceTitle")} description={label} closeLabel={tc("close")}>
        <form onSubmit={save} className="space-y-4" noValidate data-testid="evidence-form">
          <Field label={t("evidenceUrl")} error={err(errors.evidenceUrl) || undefined} hint={t("evidenceUrlHint")}>
            {(a) => <Input {...a} type="url" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />}
          </Field>
          <Field label={t("evidenceNote")} error={err(errors.evidenceNote) || undefined}>
            {(a) => <Textarea {...a} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={check.isPending} data-testid="evidence-save">
              {t("tickWithEvidence")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

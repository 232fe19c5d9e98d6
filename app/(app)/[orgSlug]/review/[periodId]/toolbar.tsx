"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileDown, ListPlus, Printer } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC, useTRPCClient } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Select } from "@/app/_components/ui/field";
import { Badge } from "@/app/_components/ui/card";
import { download, useRetroLabels, useShowError } from "@/app/_components/retros/retro-ui";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useCan } from "@/app/_components/app/org-context";

interface PeriodOption {
  id: string;
  name: string;
}

/** Period switcher (the period is in the URL), print, Markdown export and the retro pre-fill. */
export function ReviewToolbar({ orgSlug, periodId, periods }: { orgSlug: string; periodId: string; periods: PeriodOption[] }) {
  const t = useTranslations("review");
  const router = useRouter();
  const client = useTRPCClient();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  // Facilitators' work; the dialog also says when this retro is not theirs to fill.
  const mayPrefill = useCan("retro.participate");

  const exportMarkdown = async () => {
    setBusy(true);
    try {
      const res = await client.review.markdown.query({ orgSlug, periodId });
      download(res.filename, res.markdown, "text/markdown;charset=utf-8");
      toast.success(t("page.exported"));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="no-print flex flex-wrap items-center gap-2">
      <label className="flex items-center gap-2 text-sm">
        <span className="text-zinc-600 dark:text-zinc-400">{t("periodLabel")}</span>
        <Select
          value={periodId}
          onChange={(e) => router.push(`/${orgSlug}/review/${e.target.value}`)}
          className="w-auto"
          data-testid="review-period"
        >
          {periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </label>
      <Button variant="secondary" size="sm" onClick={() => window.print()} data-testid="review-print">
        <Printer className="size-4" aria-hidden /> {t("page.print")}
      </Button>
      <Button variant="secondary" size="sm" onClick={() => void exportMarkdown()} loading={busy} data-testid="review-export">
        <FileDown className="size-4" aria-hidden /> {t("page.exportMarkdown")}
      </Button>
      {mayPrefill && (
        <Button size="sm" onClick={() => setOpen(true)} data-testid="review-prefill">
          <ListPlus className="size-4" aria-hidden /> {t("page.prefill")}
        </Button>
      )}
      <Dialog open={open} onOpenChange={setOpen}>
        {open && <PrefillDialog orgSlug={orgSlug} periodId={periodId} onClose={() => setOpen(false)} />}
      </Dialog>
    </div>
  );
}

function PrefillDialog({ orgSlug, periodId, onClose }: { orgSlug: string; periodId: string; onClose: () => void }) {
  const t = useTranslations("review");
  const tc = useTranslations("common");
  const retroLabels = useRetroLabels();
  const tn = useTranslations("nav");
  const labels = { ...retroLabels, retros: tn("retros") };
  const trpc = useTRPC();
  const qc = useQueryClient();
  const errText = useErrorText();
  const showError = useShowError();
  const preview = useQuery({ ...trpc.review.prefillPreview.queryOptions({ orgSlug, periodId }), retry: false, staleTime: 0 });
  const prefill = useMutation(trpc.review.prefillRetro.mutationOptions());
  const [added, setAdded] = useState<number | null>(null);

  const p = preview.data;
  const fresh = p?.items.filter((i) => !i.exists) ?? [];
  const columnLabel = (key: string) => {
    const col = p?.retro.columns.find((c) => c.key === key);
    return col ? labels.column(col) : key;
  };

  const confirm = async () => {
    try {
      const res = await prefill.mutateAsync({ orgSlug, periodId, retroId: p!.retro.id });
      setAdded(res.added);
      toast.success(t("page.prefillDone", { count: res.added }));
      await qc.invalidateQueries({ queryKey: trpc.review.prefillPreview.queryKey() });
    } catch (e) {
      showError(e);
    }
  };

  let body: React.ReactNode;
  if (preview.isPending) body = <p className="text-sm text-zinc-500">{t("page.loading")}</p>;
  else if (preview.error)
    body =
      preview.error.data?.code === "PRECONDITION_FAILED" ? (
        <div className="space-y-3 text-sm" data-testid="prefill-error">
          <p>{t("page.noRetro")}</p>
          <Link href={`/${orgSlug}/retros`} className="text-brand-600 hover:underline">
            {labels.retros}
          </Link>
        </div>
      ) : (
        <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="prefill-error">
          {errText(preview.error.message) ?? preview.error.message}
        </p>
      );
  else if (p) {
    const blocked = !p.mayFacilitate ? t("page.notFacilitator") : !p.acceptsCards ? t("page.wrongPhase", { phase: labels.phase(p.retro.phase) }) : null;
    body = (
      <div className="space-y-3 text-sm">
        {added !== null ? (
          <p data-testid="prefill-done">{t("page.prefillDone", { count: added })}</p>
        ) : blocked ? (
          <p className="text-amber-700 dark:text-amber-300">{blocked}</p>
        ) : p.items.length === 0 ? (
          <p>{t("page.prefillNone")}</p>
        ) : (
          <p>{fresh.length ? t("page.prefillIntro") : t("page.prefillNothing")}</p>
        )}
        {p.items.length > 0 && (
          <ul className="max-h-72 space-y-1.5 overflow-y-auto" data-testid="prefill-items">
            {p.items.map((i) => (
              <li key={i.key} className="rounded border border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
                <div className={i.exists ? "text-zinc-500 line-through decoration-zinc-400" : ""}>{i.body}</div>
                <div className="mt-0.5 flex items-center gap-2 text-xs text-zinc-500">
                  {t("page.column", { column: columnLabel(i.columnKey) })}
                  {i.exists && <Badge>{t("page.already")}</Badge>}
                </div>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap justify-end gap-2 pt-1">
          <Link href={`/${orgSlug}/retros/${p.retro.id}`} className="mr-auto self-center text-brand-600 hover:underline" data-testid="prefill-open-retro">
            {t("page.openRetro")}
          </Link>
          <Button variant="secondary" onClick={onClose}>
            {tc("close")}
          </Button>
          {added === null && !blocked && fresh.length > 0 && (
            <Button onClick={() => void confirm()} loading={prefill.isPending} data-testid="prefill-confirm">
              {t("page.prefillConfirm", { count: fresh.length })}
            </Button>
          )}
        </div>
      </div>
    );
  }

  return (
    <DialogContent title={p ? t("page.prefillTitle", { retro: p.retro.title }) : t("page.prefill")} closeLabel={tc("close")} className="max-w-xl">
      {body}
    </DialogContent>
  );
}

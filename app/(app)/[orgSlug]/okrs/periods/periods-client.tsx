"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Download, Play, Plus, Upload } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import type { AppRouter } from "@/server/api/root";
import { ZCreatePeriodInput } from "@/server/okrs/schema";
import { useTRPC, useTRPCClient } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card, EmptyState } from "@/app/_components/ui/card";
import { Field, Input } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { Pill } from "../tree/pill";
import { downloadText } from "./download";
import { ImportDialog } from "./import-dialog";

export type Period = inferRouterOutputs<AppRouter>["period"]["list"][number];

export const PERIOD_STATUS_STYLES: Record<Period["status"], string> = {
  planning: "bg-sky-50 text-sky-700 dark:bg-sky-900/30 dark:text-sky-300",
  active: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
  closed: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400",
};

/** Period dates are calendar days: format them in UTC so no time zone shifts them by a day. */
export function usePeriodDates() {
  const t = useTranslations("periods");
  const format = useFormatter();
  // Two dates rather than dateTimeRange: range spacing differs between ICU versions (server vs browser),
  // which would break hydration.
  const day = (d: string) => format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
  return (p: { startsOn: string; endsOn: string }) => t("dates", { start: day(p.startsOn), end: day(p.endsOn) });
}

export function PeriodsClient() {
  const t = useTranslations("periods");
  const tc = useTranslations("common");
  const tr = useTranslations("review");
  const org = useOrg();
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
  const qc = useQueryClient();
  const { data: periods } = useSuspenseQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const mayManage = useCan("period.manage");
  const mayGrade = useCan("okr.grade");
  const mayImport = useCan("okr.import");
  const dates = usePeriodDates();
  const [creating, setCreating] = useState(false);
  const [activating, setActivating] = useState<Period | null>(null);
  const [importing, setImporting] = useState<Period | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const setStatus = useMutation(trpc.period.setStatus.mutationOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.period.list.pathKey() });

  const exportCsv = async (p: Period) => {
    setExporting(p.id);
    try {
      const { filename, csv } = await trpcClient.period.exportCsv.query({ orgSlug: org.slug, periodId: p.id });
      downloadText(filename, csv);
    } catch (e) {
      showServerError(e);
    } finally {
      setExporting(null);
    }
  };

  const linkClass =
    "inline-flex h-8 items-center justify-center rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-900 hover:bg-zinc-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800";

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        {mayManage && (
          <Button onClick={() => setCreating(true)} data-testid="new-period">
            <Plus className="size-4" aria-hidden /> {t("new")}
          </Button>
        )}
      </div>

      {periods.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={mayManage ? t("emptyBodyManage") : t("emptyBody")}
          action={mayManage && <Button onClick={() => setCreating(true)}>{t("new")}</Button>}
        />
      ) : (
        <Card className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {periods.map((p) => (
            <div
              key={p.id}
              className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between"
              data-testid={`period-row-${p.name}`}
            >
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{p.name}</span>
                  <Pill className={PERIOD_STATUS_STYLES[p.status]} data-status={p.status}>
                    {t(`status.${p.status}`)}
                  </Pill>
                  <span className="text-xs text-zinc-500">{t(`kind.${p.kind}`)}</span>
                </div>
                <div className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{dates(p)}</div>
              </div>
              <div className="flex flex-wrap gap-2">
                {mayManage && p.status === "planning" && (
                  <Button size="sm" onClick={() => setActivating(p)}>
                    <Play className="size-4" aria-hidden /> {t("activate")}
                  </Button>
                )}
                {p.status === "active" && (mayManage || mayGrade) && (
                  <Link href={`/${org.slug}/okrs/periods/${p.id}/close`} className={linkClass}>
                    {mayManage ? t("closeEllipsis") : t("gradeEllipsis")}
                  </Link>
                )}
                {p.status === "closed" && (
                  <Link href={`/${org.slug}/okrs/periods/${p.id}/close`} className={linkClass}>
                    {t("viewGrades")}
                  </Link>
                )}
                <Link href={`/${org.slug}/review/${p.id}`} className={linkClass} data-testid={`period-review-${p.name}`}>
                  {tr("page.reviewLink")}
                </Link>
                <Button
                  variant="secondary"
                  size="sm"
                  loading={exporting === p.id}
                  onClick={() => exportCsv(p)}
                  aria-label={t("exportFor", { name: p.name })}
                >
                  {exporting !== p.id && <Download className="size-4" aria-hidden />} {t("export")}
                </Button>
                {mayImport && p.status !== "closed" && (
                  <Button variant="secondary" size="sm" onClick={() => setImporting(p)} aria-label={t("importFor", { name: p.name })}>
                    <Upload className="size-4" aria-hidden /> {t("import")}
                  </Button>
                )}
              </div>
            </div>
          ))}
        </Card>
      )}

      {creating && (
        <NewPeriodDialog
          onClose={() => setCreating(false)}
          onCreated={async (name) => {
            setCreating(false);
            toast.success(t("created", { name }));
            await invalidate();
          }}
        />
      )}

      <Dialog open={!!activating} onOpenChange={(o) => !o && setActivating(null)}>
        {activating && (
          <DialogContent title={t("activateTitle", { name: activating.name })} description={t("activateBody")} closeLabel={tc("close")}>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setActivating(null)}>
                {tc("cancel")}
              </Button>
              <Button
                loading={setStatus.isPending}
                onClick={async () => {
                  try {
                    await setStatus.mutateAsync({ orgSlug: org.slug, periodId: activating.id, status: "active", version: activating.version });
                    toast.success(t("activated", { name: activating.name }));
                    setActivating(null);
                  } catch (e) {
                    showServerError(e, { onReload: invalidate, reloadLabel: tc("reload") });
                  } finally {
                    await invalidate();
                  }
                }}
              >
                {t("activate")}
              </Button>
            </div>
          </DialogContent>
        )}
      </Dialog>

      {importing && <ImportDialog period={importing} onClose={() => setImporting(null)} />}
    </div>
  );
}

/** The quarter after today's, as a name hint ("2026-Q4"). */
function nextQuarterName(today = new Date()): string {
  const q = Math.floor(today.getUTCMonth() / 3) + 1;
  return q === 4 ? `${today.getUTCFullYear() + 1}-Q1` : `${today.getUTCFullYear()}-Q${q + 1}`;
}

function NewPeriodDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (name: string) => void }) {
  const t = useTranslations("periods");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const form = useForm<z.input<typeof ZCreatePeriodInput>>({ resolver: zodResolver(ZCreatePeriodInput), defaultValues: { name: "" } });
  const create = useMutation(trpc.period.create.mutationOptions());
  const [placeholder] = useState(() => nextQuarterName());
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const row = await create.mutateAsync({ orgSlug: org.slug, name: v.name });
      onCreated(row.name);
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: ["name"] });
    }
  });
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("newTitle")} description={t("newDescription")} closeLabel={tc("close")}>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("name")} hint={t("nameHint")} error={err(form.formState.errors.name?.message)}>
            {(p) => (
              <Input
                {...p}
                autoFocus
                autoComplete="off"
                placeholder={placeholder}
                className="font-mono"
                {...form.register("name")}
              />
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("create")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

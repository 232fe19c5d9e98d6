"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { FileUp, Pencil, Plus, Trash2 } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useId, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card, EmptyState, Skeleton } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { ImportCsvDialog } from "./import-csv-dialog";
import { KpiFormDialog } from "./kpi-form-dialog";
import { RecordValueDialog } from "./record-value-dialog";
import { dateOnly, formatKpiValue, todayIso, type Kpi, type KpiBand } from "./shared";

// Recharts is loaded on the client only, after the first paint.
const Sparkline = dynamic(() => import("./sparkline"), {
  ssr: false,
  loading: () => <Skeleton className="h-full w-full" />,
});

const BAND_STYLES: Record<KpiBand, { chip: string; dot: string; card: string }> = {
  green: {
    chip: "bg-emerald-50 text-emerald-700 dark:bg-emerald-900/30 dark:text-emerald-300",
    dot: "bg-emerald-500",
    card: "border-l-emerald-500",
  },
  amber: {
    chip: "bg-amber-50 text-amber-700 dark:bg-amber-900/30 dark:text-amber-300",
    dot: "bg-amber-500",
    card: "border-l-amber-500",
  },
  red: {
    chip: "bg-red-50 text-red-700 dark:bg-red-900/30 dark:text-red-300",
    dot: "bg-red-500",
    card: "border-l-red-500",
  },
};

export function KpisClient() {
  const t = useTranslations("kpis");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { data: kpis } = useSuspenseQuery(trpc.kpi.list.queryOptions({ orgSlug: org.slug }));
  const { data: departments } = useSuspenseQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const mayManage = useCan("kpi.manage");
  const mayRecord = useCan("kpi.record");
  const [editing, setEditing] = useState<Kpi | "new" | null>(null);
  const [deleting, setDeleting] = useState<Kpi | null>(null);
  const [recording, setRecording] = useState<{ kpi: Kpi; today: string } | null>(null);
  const [importing, setImporting] = useState(false);
  const del = useMutation(trpc.kpi.delete.mutationOptions());
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.kpi.list.pathKey() });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        <div className="flex flex-wrap gap-2">
          {mayRecord && kpis.length > 0 && (
            <Button variant="secondary" onClick={() => setImporting(true)} data-testid="import-kpi-values">
              <FileUp className="size-4" aria-hidden /> {t("importValues")}
            </Button>
          )}
          {mayManage && (
            <Button onClick={() => setEditing("new")} data-testid="new-kpi">
              <Plus className="size-4" aria-hidden /> {t("new")}
            </Button>
          )}
        </div>
      </div>

      {kpis.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          description={t("emptyBody")}
          action={mayManage && <Button onClick={() => setEditing("new")}>{t("new")}</Button>}
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label={t("title")}>
          {kpis.map((k) => (
            <li key={k.id}>
              <KpiCard
                kpi={k}
                onRecord={mayRecord ? () => setRecording({ kpi: k, today: todayIso() }) : undefined}
                onEdit={mayManage ? () => setEditing(k) : undefined}
                onDelete={mayManage ? () => setDeleting(k) : undefined}
              />
            </li>
          ))}
        </ul>
      )}

      {editing && (
        <KpiFormDialog
          kpi={editing === "new" ? null : editing}
          departments={departments}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await invalidate();
          }}
        />
      )}
      {recording && (
        <RecordValueDialog
          kpi={recording.kpi}
          today={recording.today}
          onClose={() => setRecording(null)}
          onSaved={async () => {
            setRecording(null);
            await Promise.all([
              invalidate(),
              qc.invalidateQueries({ queryKey: trpc.keyResult.pathKey() }),
              qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
            ]);
          }}
        />
      )}
      {importing && (
        <ImportCsvDialog
          kpiNames={kpis.map((k) => k.name)}
          onClose={() => setImporting(false)}
          onImported={async () => {
            setImporting(false);
            await Promise.all([
              invalidate(),
              qc.invalidateQueries({ queryKey: trpc.keyResult.pathKey() }),
              qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
            ]);
          }}
        />
      )}
      <ConfirmDialog
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={deleting && t("deleteTitle", { name: deleting.name })}
        description={t("deleteBody")}
        confirmLabel={tc("delete")}
        cancelLabel={tc("cancel")}
        closeLabel={tc("close")}
        loading={del.isPending}
        onConfirm={async () => {
          if (!deleting) return;
          try {
            await del.mutateAsync({ orgSlug: org.slug, kpiId: deleting.id });
            toast.success(t("deleted", { name: deleting.name }));
            setDeleting(null);
          } catch (e) {
            showServerError(e, { onReload: invalidate, reloadLabel: tc("reload") });
          } finally {
            await invalidate();
          }
        }}
      />
    </div>
  );
}

function KpiCard({
  kpi,
  onRecord,
  onEdit,
  onDelete,
}: {
  kpi: Kpi;
  onRecord?: () => void;
  onEdit?: () => void;
  onDelete?: () => void;
}) {
  const t = useTranslations("kpis");
  const locale = useLocale();
  const format = useFormatter();
  const summaryId = useId();
  const fmt = (v: number) => formatKpiValue(v, kpi.unit, locale);
  const fmtDate = (on: string) => format.dateTime(dateOnly(on), { dateStyle: "medium", timeZone: "UTC" });
  const band = kpi.band;
  const values = kpi.values;
  const cmp = kpi.direction === "higher_is_better" ? "≥" : "≤";

  let summary: string;
  if (values.length === 0) summary = t("trendNone");
  else {
    const vs = values.map((x) => x.v);
    summary = t("trendSummary", {
      count: values.length,
      from: fmtDate(values[0]!.on),
      to: fmtDate(values[values.length - 1]!.on),
      first: fmt(vs[0]!),
      last: fmt(vs[vs.length - 1]!),
      min: fmt(Math.min(...vs)),
      max: fmt(Math.max(...vs)),
    });
  }

  return (
    <Card
      className={cn(
        "flex h-full flex-col gap-3 border-l-4 p-4",
        band ? BAND_STYLES[band].card : "border-l-zinc-300 dark:border-l-zinc-700",
      )}
      data-testid={`kpi-card-${kpi.name}`}
      data-band={band ?? "none"}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate font-semibold" title={kpi.name}>
            {kpi.name}
          </h2>
          <p className="text-xs text-zinc-500">{kpi.departmentName ?? t("noDepartment")}</p>
        </div>
        <span
          className={cn(
            "inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium",
            band ? BAND_STYLES[band].chip : "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400",
          )}
          data-testid="kpi-band"
        >
          <span
            className={cn("size-2 rounded-full", band ? BAND_STYLES[band].dot : "bg-zinc-400")}
            aria-hidden
          />
          {t(`band.${band ?? "none"}`)}
        </span>
      </div>

      {kpi.description && (
        <p className="line-clamp-2 text-sm text-zinc-600 dark:text-zinc-400">{kpi.description}</p>
      )}

      <div className="flex items-end justify-between gap-3">
        <div className="min-w-0">
          <div className="truncate text-2xl font-semibold tabular-nums" data-testid="kpi-latest">
            {kpi.latest ? fmt(kpi.latest.v) : "—"}
          </div>
          <div className="text-xs text-zinc-500">
            {kpi.latest ? t("latestOn", { date: fmtDate(kpi.latest.on) }) : t("noValues")}
          </div>
        </div>
        <div className="text-right text-xs text-zinc-500">
          <div>{t("greenAt", { cmp, value: fmt(kpi.greenThreshold) })}</div>
          <div>{t("amberAt", { cmp, value: fmt(kpi.amberThreshold) })}</div>
        </div>
      </div>

      <div>
        {values.length >= 2 ? (
          <div
            className="h-12"
            role="img"
            aria-label={t("trendLabel", { name: kpi.name })}
            aria-describedby={summaryId}
          >
            <Sparkline values={values} band={band} />
          </div>
        ) : (
          <p className="flex h-12 items-center text-xs text-zinc-500" aria-hidden>
            {t("trendTooShort")}
          </p>
        )}
        <p id={summaryId} className="sr-only">
          {summary}
        </p>
      </div>

      {(onRecord || onEdit || onDelete) && (
        <div className="mt-auto flex flex-wrap items-center gap-1 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          {onRecord && (
            <Button
              variant="secondary"
              size="sm"
              onClick={onRecord}
              aria-label={t("recordValueFor", { name: kpi.name })}
            >
              <Plus className="size-4" aria-hidden /> {t("recordValue")}
            </Button>
          )}
          <span className="flex-1" />
          {onEdit && (
            <Button variant="ghost" size="sm" onClick={onEdit} aria-label={t("editName", { name: kpi.name })}>
              <Pencil className="size-4" aria-hidden />
            </Button>
          )}
          {onDelete && (
            <Button
              variant="ghost"
              size="sm"
              onClick={onDelete}
              aria-label={t("deleteName", { name: kpi.name })}
            >
              <Trash2 className="size-4 text-red-600" aria-hidden />
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { FileDown } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorMessage, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { CsvErrorTable, CsvFileInput, type CsvRowError as RowError } from "@/app/_components/app/csv-import";
import { downloadText } from "./download";

/** The columns importOkrsCsv reads (server/okrs/csv.ts OKR_CSV_COLUMNS); the first ones are required. */
const COLUMNS = [
  { name: "objective", required: true },
  { name: "level", required: true },
  { name: "department", required: false },
  { name: "objective_owner", required: true },
  { name: "commitment", required: false },
  { name: "key_result", required: true },
  { name: "kr_owner", required: true },
  { name: "type", required: true },
  { name: "unit", required: false },
  { name: "direction", required: false },
  { name: "start", required: false },
  { name: "target", required: true },
  { name: "band_min", required: false },
  { name: "band_max", required: false },
  { name: "weight", required: false },
] as const;

/** ZCsvInput accepts at most this many characters. */
const MAX_CHARS = 2_000_000;

/** Row errors of a refused import: error.data.details.errors. */
function rowErrors(err: unknown): RowError[] {
  if (!(err instanceof TRPCClientError)) return [];
  const list = (err.data as { details?: { errors?: unknown } } | undefined)?.details?.errors;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (e): e is RowError => !!e && typeof e === "object" && typeof (e as RowError).message === "string",
  );
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function ImportDialog({ period, onClose }: { period: { id: string; name: string }; onClose: () => void }) {
  const t = useTranslations("periods");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const textId = useId();
  const helpId = useId();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ message: string; errors: RowError[] } | null>(null);
  const importCsv = useMutation(trpc.period.importCsv.mutationOptions());

  const template = () => {
    const sample = [
      [t("template.objective"), "company", "", "owner@example.com", "committed", t("template.keyResult1"), "owner@example.com", "currency", "USD", "increase", "1000000", "1500000", "", "", "2"],
      [t("template.objective"), "company", "", "owner@example.com", "committed", t("template.keyResult2"), "owner@example.com", "milestone", "", "", "", "1", "", "", "1"],
    ];
    const lines = [COLUMNS.map((c) => c.name), ...sample].map((r) => r.map(csvCell).join(","));
    downloadText("okr-import-template.csv", `${lines.join("\r\n")}\r\n`);
  };

  const submit = async () => {
    setFailure(null);
    if (!text.trim()) {
      setFailure({ message: t("importEmpty"), errors: [] });
      return;
    }
    if (text.length > MAX_CHARS) {
      setFailure({ message: t("importTooLarge"), errors: [] });
      return;
    }
    try {
      const res = await importCsv.mutateAsync({ orgSlug: org.slug, periodId: period.id, csv: text });
      toast.success(t("imported", { objectives: res.objectives, keyResults: res.keyResults, period: period.name }));
      await Promise.all([
        qc.invalidateQueries({ queryKey: trpc.objective.pathKey() }),
        qc.invalidateQueries({ queryKey: trpc.period.rollup.pathKey() }),
        qc.invalidateQueries({ queryKey: trpc.keyResult.pathKey() }),
      ]);
      onClose();
    } catch (e) {
      const errors = rowErrors(e);
      if (e instanceof TRPCClientError) setFailure({ message: errorMessage(e), errors });
      else showServerError(e);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("importTitle", { name: period.name })} description={t("importDescription")} closeLabel={tc("close")} className="max-w-2xl">
        <div className="space-y-4">
          <details className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800" id={helpId}>
            <summary className="cursor-pointer font-medium">{t("importHelpTitle")}</summary>
            <div className="mt-2 space-y-2 text-zinc-600 dark:text-zinc-400">
              <p>{t("importHelp")}</p>
              <p>
                {t("columns")}{" "}
                {COLUMNS.map((c, i) => (
                  <span key={c.name}>
                    {i > 0 && ", "}
                    <code className="rounded bg-zinc-100 px-1 text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{c.name}</code>
                    {c.required && <span aria-hidden>*</span>}
                  </span>
                ))}
              </p>
              <p className="text-xs">{t("columnsLegend")}</p>
              <ul className="list-disc space-y-0.5 pl-5 text-xs">
                <li>{t("helpValues.level")}</li>
                <li>{t("helpValues.type")}</li>
                <li>{t("helpValues.direction")}</li>
                <li>{t("helpValues.owners")}</li>
                <li>{t("helpValues.grouping")}</li>
                <li>{t("helpValues.rows")}</li>
              </ul>
            </div>
          </details>

          <div className="flex flex-wrap items-center gap-3">
            <Button variant="secondary" size="sm" onClick={template}>
              <FileDown className="size-4" aria-hidden /> {t("downloadTemplate")}
            </Button>
          </div>

          <CsvFileInput
            label={t("chooseFile")}
            loadedLabel={fileName && t("fileLoaded", { name: fileName })}
            accept=".csv,text/csv"
            maxSize={MAX_CHARS * 4}
            onPick={(file) => file && setFailure(null)}
            onLoaded={(csv, name) => {
              setText(csv);
              setFileName(name);
            }}
            onError={(reason) =>
              setFailure({
                message: reason === "tooLarge" ? t("importTooLarge") : t("importReadFailed"),
                errors: [],
              })
            }
          />

          <div className="space-y-1.5">
            <label htmlFor={textId} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
              {t("orPaste")}
            </label>
            <Textarea
              id={textId}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setFileName(null);
              }}
              rows={8}
              spellCheck={false}
              aria-describedby={helpId}
              placeholder={COLUMNS.map((c) => c.name).join(",")}
              className="font-mono text-xs"
            />
          </div>

          {failure && (
            <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
              <p className="font-medium">{failure.message}</p>
              {failure.errors.length > 0 && (
                <CsvErrorTable
                  errors={failure.errors}
                  labels={{
                    row: t("errorRow"),
                    column: t("errorColumn"),
                    problem: t("errorMessage"),
                    caption: t("errorsCaption"),
                  }}
                  testId="import-errors"
                  formatRow={(row) => (row > 0 ? row : t("header"))}
                  formatColumn={(column) => column || "—"}
                />
              )}
            </div>
          )}

          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button onClick={submit} loading={importCsv.isPending} disabled={!text.trim()}>
              {t("importSubmit")}
            </Button>
          </div>
        </div>
      </DialogContent>
    </Dialog>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorMessage, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";

const MAX_CHARS = 2_000_000;

interface CsvError {
  row: number;
  column: string;
  message: string;
}

/** The per-row problems of a rejected import (`error.data.details.errors`), or null when there are none. */
function csvErrors(err: unknown): CsvError[] | null {
  if (!(err instanceof TRPCClientError)) return null;
  const errors = (err.data as { details?: { errors?: unknown } } | undefined)?.details?.errors;
  return Array.isArray(errors) ? (errors as CsvError[]) : null;
}

/** Imports KPI values from CSV (columns kpi, date, value, note): all rows or none. */
export function ImportCsvDialog({
  kpiNames,
  onClose,
  onImported,
}: {
  kpiNames: string[];
  onClose: () => void;
  onImported: () => void;
}) {
  const t = useTranslations("kpis");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const fileId = useId();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ message: string; errors: CsvError[] } | null>(null);
  const importCsv = useMutation(trpc.kpi.importValuesCsv.mutationOptions());
  const example = `kpi,date,value,note\n${kpiNames[0] ?? "Revenue"},2026-01-31,1250,\n`;

  const readFile = (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    if (file.size > MAX_CHARS) {
      setProblem({ message: t("csvTooLarge"), errors: [] });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      setCsv(typeof reader.result === "string" ? reader.result : "");
      setFileName(file.name);
    };
    reader.onerror = () => setProblem({ message: t("csvReadFailed"), errors: [] });
    reader.readAsText(file);
  };

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setProblem(null);
    if (!csv.trim()) {
      setProblem({ message: t("csvRequired"), errors: [] });
      return;
    }
    try {
      const res = await importCsv.mutateAsync({ orgSlug: org.slug, csv });
      toast.success(t("imported", { count: res.values }));
      onImported();
    } catch (e) {
      const errors = csvErrors(e);
      if (errors) setProblem({ message: errorMessage(e), errors });
      else showServerError(e);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent
        title={t("importTitle")}
        description={t("importDescription")}
        closeLabel={tc("close")}
        className="max-w-2xl"
      >
        <form onSubmit={submit} className="space-y-4" noValidate>
          <div className="space-y-1.5">
            <label htmlFor={fileId} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
              {t("csvFile")}
            </label>
            <input
              id={fileId}
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => readFile(e.target.files?.[0])}
              className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-zinc-50 dark:text-zinc-300 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
            />
            {fileName && <p className="text-xs text-zinc-500">{t("csvLoaded", { name: fileName })}</p>}
          </div>
          <Field label={t("csvText")} hint={t("csvHint")}>
            {(p) => (
              <Textarea
                {...p}
                rows={8}
                value={csv}
                onChange={(e) => {
                  setCsv(e.target.value);
                  setProblem(null);
                }}
                placeholder={example}
                spellCheck={false}
                maxLength={MAX_CHARS}
                className="font-mono text-xs"
                data-testid="kpi-csv"
              />
            )}
          </Field>

          {problem && (
            <div
              role="alert"
              className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200"
            >
              <p className="font-medium">{problem.message}</p>
              {problem.errors.length > 0 && (
                <div className="max-h-64 overflow-auto rounded border border-red-200 bg-white dark:border-red-900 dark:bg-zinc-900">
                  <table
                    className="w-full text-left text-xs text-zinc-800 dark:text-zinc-200"
                    data-testid="csv-errors"
                  >
                    <caption className="sr-only">{t("csvErrorsCaption")}</caption>
                    <thead className="sticky top-0 bg-zinc-50 text-zinc-500 dark:bg-zinc-800">
                      <tr>
                        <th scope="col" className="px-2 py-1.5 font-medium">
                          {t("csvRow")}
                        </th>
                        <th scope="col" className="px-2 py-1.5 font-medium">
                          {t("csvColumn")}
                        </th>
                        <th scope="col" className="px-2 py-1.5 font-medium">
                          {t("csvProblem")}
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                      {problem.errors.map((r, i) => (
                        <tr key={i}>
                          <td className="px-2 py-1.5 tabular-nums">{r.row}</td>
                          <td className="px-2 py-1.5 font-mono">{r.column}</td>
                          <td className="px-2 py-1.5">{r.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          )}

          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={importCsv.isPending}>
              {t("importSubmit")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

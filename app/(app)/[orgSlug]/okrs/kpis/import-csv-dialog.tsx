"use client";

import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Textarea } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { errorMessage, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { CsvErrorTable, CsvFileInput, type CsvRowError as CsvError } from "@/app/_components/app/csv-import";

const MAX_CHARS = 2_000_000;

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
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ message: string; errors: CsvError[] } | null>(null);
  const importCsv = useMutation(trpc.kpi.importValuesCsv.mutationOptions());
  const example = `kpi,date,value,note\n${kpiNames[0] ?? "Revenue"},2026-01-31,1250,\n`;

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
          <CsvFileInput
            label={t("csvFile")}
            loadedLabel={fileName && t("csvLoaded", { name: fileName })}
            accept=".csv,text/csv,text/plain"
            maxSize={MAX_CHARS}
            onPick={() => setProblem(null)}
            onLoaded={(text, name) => {
              setCsv(text);
              setFileName(name);
            }}
            onError={(reason) =>
              setProblem({
                message: reason === "tooLarge" ? t("csvTooLarge") : t("csvReadFailed"),
                errors: [],
              })
            }
          />
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
                <CsvErrorTable
                  errors={problem.errors}
                  labels={{
                    row: t("csvRow"),
                    column: t("csvColumn"),
                    problem: t("csvProblem"),
                    caption: t("csvErrorsCaption"),
                  }}
                  testId="csv-errors"
                />
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

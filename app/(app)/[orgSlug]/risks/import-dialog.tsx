"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
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
import { CsvErrorTable, CsvFileInput, type CsvRowError } from "@/app/_components/app/csv-import";

const MAX_CHARS = 2_000_000;
const COLUMNS = "title,category,owner,department,description,causes,consequences,inherent_likelihood,inherent_impact,residual_likelihood,residual_impact,tags";

/** The per-row problems of a refused import (`error.data.details.errors`), or null when there are none. */
function csvErrors(err: unknown): CsvRowError[] | null {
  if (!(err instanceof TRPCClientError)) return null;
  const errors = (err.data as { details?: { errors?: unknown } } | undefined)?.details?.errors;
  return Array.isArray(errors) ? (errors as CsvRowError[]) : null;
}

/** Imports risks from CSV: every row valid or nothing written; the problems are listed by row and column. */
export function ImportRisksDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations("risks.import");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ message: string; errors: CsvRowError[] } | null>(null);
  const importCsv = useMutation(trpc.risk.importCsv.mutationOptions());
  const example = `${COLUMNS}\nSupplier insolvency,financial,owner@example.com,Operations,,,,4,5,3,4,supply; vendors\n`;

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    setProblem(null);
    if (!csv.trim()) {
      setProblem({ message: t("required"), errors: [] });
      return;
    }
    try {
      const res = await importCsv.mutateAsync({ orgSlug: org.slug, csv });
      toast.success(t("imported", { count: res.imported }));
      await qc.invalidateQueries({ queryKey: trpc.risk.pathKey() });
      onClose();
    } catch (e) {
      const errors = csvErrors(e);
      if (errors) setProblem({ message: errorMessage(e), errors });
      else showServerError(e);
    }
  };

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title")} description={t("description")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={submit} className="space-y-4" noValidate data-testid="risk-import-form">
          <div className="rounded-md bg-zinc-50 p-3 text-xs text-zinc-600 dark:bg-zinc-800/60 dark:text-zinc-300">
            <p className="font-medium">{t("columns")}</p>
            <p className="mt-1 break-all font-mono">{COLUMNS}</p>
            <p className="mt-1">{t("columnsHint")}</p>
          </div>
          <CsvFileInput
            label={t("file")}
            loadedLabel={fileName && t("loaded", { name: fileName })}
            accept=".csv,text/csv,text/plain"
            maxSize={MAX_CHARS}
            onPick={() => setProblem(null)}
            onLoaded={(text, name) => {
              setCsv(text);
              setFileName(name);
            }}
            onError={(reason) => setProblem({ message: reason === "tooLarge" ? t("tooLarge") : t("readFailed"), errors: [] })}
          />
          <Field label={t("text")} hint={t("textHint")}>
            {(p) => (
              <Textarea
                {...p}
                rows={7}
                value={csv}
                onChange={(e) => {
                  setCsv(e.target.value);
                  setProblem(null);
                }}
                placeholder={example}
                spellCheck={false}
                maxLength={MAX_CHARS}
                className="font-mono text-xs"
                data-testid="risk-csv"
              />
            )}
          </Field>

          {problem && (
            <div role="alert" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200">
              <p className="font-medium">{problem.message}</p>
              {problem.errors.length > 0 && (
                <>
                  <CsvErrorTable
                    errors={problem.errors}
                    labels={{ row: t("row"), column: t("column"), problem: t("problem"), caption: t("errorsCaption") }}
                    formatRow={(row) => (row > 0 ? row : t("header"))}
                    testId="csv-errors"
                  />
                </>
              )}
            </div>
          )}

          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={importCsv.isPending} data-testid="risk-import-submit">
              {t("submit")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

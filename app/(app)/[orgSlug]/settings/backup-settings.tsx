"use client";

import { useMutation } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { SectionCard } from "@/app/_components/ui/section-card";
import { CsvFileInput } from "@/app/_components/app/csv-import";
import { errorData, errorMessage } from "@/app/_components/app/errors";
import { useCan, useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";

const MAX_MB = 100;

interface Loaded {
  name: string;
  document: { org: { name?: string }; exportedAt: string; tables: Record<string, unknown[]> };
}
interface Problem {
  path: string;
  message: string;
}
interface Result {
  counts: Record<string, number>;
  users: { linked: number; created: number };
  notes: string[];
}

/** Settings → General: download the organisation's export; import one into this (empty) organisation. */
export function BackupSettings() {
  const t = useTranslations("orgBackup");
  const err = useErrorText();
  const format = useFormatter();
  const { slug, name } = useOrg();
  const trpc = useTRPC();
  const router = useRouter();
  const mayExport = useCan("org.export");
  const mayImport = useCan("org.import");
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const run = useMutation(trpc.org.import.mutationOptions());
  if (!mayExport && !mayImport) return null;

  const onLoaded = (text: string, fileName: string) => {
    setResult(null);
    setProblems([]);
    setFailure(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setLoaded(null);
      setPickError(t("notJson"));
      return;
    }
    const doc = parsed as Partial<Loaded["document"]> & { format?: unknown; version?: unknown };
    if (doc?.format !== "lodestar-org-export" || doc.version !== 1 || !doc.tables || typeof doc.tables !== "object") {
      setLoaded(null);
      setPickError(t("wrongFormat"));
      return;
    }
    setPickError(null);
    setLoaded({ name: fileName, document: doc as Loaded["document"] });
  };

  const onImport = async () => {
    if (!loaded) return;
    try {
      const res = await run.mutateAsync({ orgSlug: slug, document: loaded.document });
      setResult(res);
      setLoaded(null);
      setConfirming(false);
      router.refresh();
    } catch (e) {
      setConfirming(false);
      const details = (errorData(e) as { details?: { errors?: Problem[] } }).details;
      setProblems(details?.errors ?? []);
      setFailure(errorMessage(e));
    }
  };

  const rows = (tables: Record<string, unknown[] | number>) =>
    Object.values(tables).reduce<number>((n, v) => n + (typeof v === "number" ? v : v.length), 0);

  return (
    <SectionCard title={t("title")} description={t("description")} className="max-w-xl" id="backup">
      <div className="space-y-6">
        {mayExport && (
          <div className="space-y-2">
            <h3 className="text-sm font-medium">{t("exportTitle")}</h3>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("exportBody")}</p>
            <a
              href={`/api/orgs/${encodeURIComponent(slug)}/export`}
              download
              data-testid="org-export-download"
              className="inline-flex h-10 items-center rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium text-zinc-900 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800"
            >
              {t("exportButton")}
            </a>
          </div>
        )}
        {mayImport && (
          <div className="space-y-3">
            <h3 className="text-sm font-medium">{t("importTitle")}</h3>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("importBody")}</p>
            <CsvFileInput
              label={t("chooseFile")}
              loadedLabel={loaded ? t("loaded", { name: loaded.name }) : undefined}
              accept=".json,application/json"
              maxSize={MAX_MB * 1024 * 1024}
              onPick={(f) => {
                if (!f) setLoaded(null);
              }}
              onLoaded={onLoaded}
              onError={(reason) => setPickError(reason === "tooLarge" ? t("tooLarge", { max: MAX_MB }) : t("readFailed"))}
            />
            {pickError && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {pickError}
              </p>
            )}
            {loaded && (
              <div className="space-y-2">
                <p className="text-sm" data-testid="org-import-summary">
                  {t("summary", {
                    org: loaded.document.org?.name ?? "?",
                    date: format.dateTime(new Date(loaded.document.exportedAt), { dateStyle: "medium", timeStyle: "short" }),
                    rows: rows(loaded.document.tables),
                    tables: Object.keys(loaded.document.tables).length,
                    users: loaded.document.tables.users?.length ?? 0,
                  })}
                </p>
                <Button onClick={() => setConfirming(true)} data-testid="org-import-start">
                  {t("importButton")}
                </Button>
              </div>
            )}
            {failure && (
              <div role="alert" className="space-y-2 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
                <p>{failure}</p>
                {problems.length > 0 && (
                  <div className="max-h-64 overflow-auto rounded border border-red-200 bg-white dark:border-red-900 dark:bg-zinc-900">
                    <table className="w-full text-left text-xs text-zinc-800 dark:text-zinc-200">
                      <caption className="sr-only">{t("errorsCaption")}</caption>
                      <thead className="sticky top-0 bg-zinc-50 text-zinc-500 dark:bg-zinc-800">
                        <tr>
                          <th scope="col" className="px-2 py-1.5 font-medium">
                            {t("colWhere")}
                          </th>
                          <th scope="col" className="px-2 py-1.5 font-medium">
                            {t("colProblem")}
                          </th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                        {problems.map((p, i) => (
                          <tr key={i}>
                            <td className="px-2 py-1.5 font-mono">{p.path}</td>
                            <td className="px-2 py-1.5">{err(p.message)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </div>
            )}
            {result && (
              <div role="status" className="space-y-2 rounded border border-green-200 bg-green-50 p-3 text-sm text-green-900 dark:border-green-900 dark:bg-green-950 dark:text-green-100" data-testid="org-import-result">
                <p>{t("done", { rows: rows(result.counts), linked: result.users.linked, created: result.users.created })}</p>
                {result.notes.length > 0 && (
                  <>
                    <p className="font-medium">{t("nextSteps")}</p>
                    <ul className="list-disc space-y-1 pl-5">
                      {result.notes.map((n) => (
                        <li key={n}>{err(n)}</li>
                      ))}
                    </ul>
                  </>
                )}
                <details>
                  <summary className="cursor-pointer">{t("countsCaption")}</summary>
                  <table className="mt-1 text-xs">
                    <thead>
                      <tr>
                        <th scope="col" className="pr-4 text-left font-medium">
                          {t("colTable")}
                        </th>
                        <th scope="col" className="text-right font-medium">
                          {t("colRows")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {Object.entries(result.counts)
                        .filter(([, n]) => n > 0)
                        .map(([k, n]) => (
                          <tr key={k}>
                            <td className="pr-4 font-mono">{k}</td>
                            <td className="text-right tabular-nums">{n}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </details>
              </div>
            )}
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("confirmTitle", { org: name })}
        description={t("confirmBody")}
        confirmLabel={t("confirm")}
        cancelLabel={t("cancel")}
        closeLabel={t("close")}
        onConfirm={onImport}
        loading={run.isPending}
        variant="primary"
        confirmTestId="org-import-confirm"
      />
    </SectionCard>
  );
}

"use client";

import { FileDown, Printer } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPCClient } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { useOrg } from "@/app/_components/app/org-context";
import { download, useRetroLabels, useShowError } from "@/app/_components/retros/retro-ui";
import { ActionsPanel } from "./actions-panel";
import { DiscussGroups } from "./group-views";
import type { RetroState } from "./live";

/** The closed retro: read-only summary (groups by votes with notes, cards by column, actions), exports and print. */
export function Summary({ retro: r, onChanged }: { retro: RetroState; onChanged: () => void }) {
  const t = useTranslations("retros.board");
  const labels = useRetroLabels();
  const org = useOrg();
  const client = useTRPCClient();
  const showError = useShowError();
  const [busy, setBusy] = useState<"md" | "csv" | null>(null);

  const exportAs = async (kind: "md" | "csv") => {
    setBusy(kind);
    try {
      const res = await client.retro.export.query({ orgSlug: org.slug, retroId: r.id });
      if (kind === "md") download(`${res.filename}.md`, res.markdown, "text/markdown;charset=utf-8");
      // A byte-order mark so spreadsheet apps read Chinese text correctly.
      else download(`${res.filename}.csv`, `\uFEFF${res.csv}`, "text/csv;charset=utf-8");
      toast.success(t("exported"));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="space-y-6" data-testid="retro-summary">
      <div className="no-print flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("readOnly")}</p>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" size="sm" onClick={() => void exportAs("md")} loading={busy === "md"} data-testid="export-md">
            <FileDown className="size-4" aria-hidden /> {t("exportMarkdown")}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => void exportAs("csv")} loading={busy === "csv"} data-testid="export-csv">
            <FileDown className="size-4" aria-hidden /> {t("exportCsv")}
          </Button>
          <Button variant="secondary" size="sm" onClick={() => window.print()} data-testid="print">
            <Printer className="size-4" aria-hidden /> {t("print")}
          </Button>
        </div>
      </div>
      <DiscussGroups retro={r} mayWrite={false} onChanged={onChanged} />
      <ActionsPanel retro={r} onChanged={onChanged} />
      <section aria-labelledby="cards-title" className="space-y-2 break-inside-avoid">
        <h2 id="cards-title" className="text-lg font-semibold">
          {t("cardsByColumn")}
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 print:grid-cols-3">
          {r.columns.map((col) => {
            const cards = r.cards.filter((c) => c.columnKey === col.key && c.body !== null);
            return (
              <Card key={col.key} className="p-3 print:shadow-none">
                <h3 className="mb-1.5 text-sm font-semibold">{labels.column(col)}</h3>
                {cards.length === 0 ? (
                  <p className="text-xs text-zinc-500">{t("noCards")}</p>
                ) : (
                  <ul className="list-disc space-y-0.5 pl-4 text-sm">
                    {cards.map((c) => (
                      <li key={c.id} className="break-words">
                        {c.body}
                        {c.authorName && <span className="text-xs text-zinc-500"> — {c.authorName}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </Card>
            );
          })}
        </div>
      </section>
    </div>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { RETRO_PHASES } from "@/server/retros/constants";
import { showServerError } from "../app/errors";
import { useErrorText } from "../app/use-error-text";
import { Badge } from "../ui/card";
import { cn } from "../ui/cn";

export type RetroPhase = (typeof RETRO_PHASES)[number];

const PHASE_BADGE: Record<RetroPhase, string> = {
  prepare: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  collect: "bg-sky-50 text-sky-800 dark:bg-sky-900/40 dark:text-sky-300",
  group: "bg-indigo-50 text-indigo-800 dark:bg-indigo-900/40 dark:text-indigo-300",
  vote: "bg-violet-50 text-violet-800 dark:bg-violet-900/40 dark:text-violet-300",
  discuss: "bg-amber-50 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300",
  actions: "bg-emerald-50 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-300",
  closed: "bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200",
};

/**
 * Labels of the retro module: built-in templates and columns come with an empty label and are
 * translated here; an organisation's own columns show their label as typed.
 */
export function useRetroLabels() {
  const t = useTranslations("retros");
  return {
    phase: (p: string) => (t.has(`phase.${p}`) ? t(`phase.${p}`) : p),
    column: (c: { key: string; label: string }) => c.label || (t.has(`columns.${c.key}`) ? t(`columns.${c.key}`) : c.key.replace(/_/g, " ")),
    template: (key: string) => (t.has(`templates.${key}`) ? t(`templates.${key}`) : key),
    status: (s: string) => (t.has(`status.${s}`) ? t(`status.${s}`) : s),
  };
}

export function PhaseBadge({ phase, className }: { phase: RetroPhase; className?: string }) {
  const labels = useRetroLabels();
  return <Badge className={cn(PHASE_BADGE[phase], className)}>{labels.phase(phase)}</Badge>;
}

/** Two letters for an avatar. */
export function initials(name: string) {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return "?";
  if (parts.length === 1) return [...parts[0]!].slice(0, 2).join("").toUpperCase();
  return (parts[0]![0]! + parts[parts.length - 1]![0]!).toUpperCase();
}

/** Saves text as a file download in the browser. */
export function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Shows a server error as a toast in the UI language (server keys like "e.retro.noVotesLeft|n=5" are translated). */
export function useShowError() {
  const err = useErrorText();
  const tc = useTranslations("common");
  return (e: unknown, reload?: () => void) => {
    if (e instanceof Error) e.message = err(e.message) ?? e.message;
    showServerError(e, { reloadLabel: tc("reload"), onReload: reload });
  };
}

/** Runs a mutation's promise, then refreshes the board; a failure is shown as a toast (with "reload"). */
export function useRunThenRefresh(onChanged: () => void) {
  const showError = useShowError();
  return async (p: Promise<unknown>) => {
    try {
      await p;
      onChanged();
    } catch (e) {
      showError(e, onChanged);
    }
  };
}

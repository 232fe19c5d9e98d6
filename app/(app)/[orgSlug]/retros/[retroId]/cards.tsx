"use client";

import { useMutation } from "@tanstack/react-query";
import { EyeOff, Pencil, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Input, Textarea } from "@/app/_components/ui/field";
import { useOrg } from "@/app/_components/app/org-context";
import { useRetroLabels, useShowError } from "@/app/_components/retros/retro-ui";
import type { RetroCard, RetroState } from "./live";

export type Changed = { onChanged: () => void };

const gridCols = (n: number) => cn("grid gap-3", n >= 2 && "sm:grid-cols-2", n === 3 && "lg:grid-cols-3", n >= 4 && "xl:grid-cols-4");
export const short = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A group's name: its title, else its first card's text. */
export function useGroupTitle(retro: RetroState) {
  const t = useTranslations("retros.board");
  return (g: { id: string; title: string }) => {
    if (g.title) return g.title;
    const first = retro.cards.find((c) => c.groupId === g.id && c.body);
    return first?.body ? short(first.body, 80) : t("untitledGroup");
  };
}

// ───────────── Columns with cards (prepare, collect, group) ─────────────

export function CardColumns({ retro: r, mayAdd, onChanged, loose, renderCard }: { retro: RetroState; mayAdd: boolean; loose?: boolean; renderCard?: (c: RetroCard) => React.ReactNode } & Changed) {
  const t = useTranslations("retros.board");
  const labels = useRetroLabels();
  return (
    <div className={gridCols(r.columns.length)}>
      {r.columns.map((col) => {
        const cards = r.cards.filter((c) => c.columnKey === col.key && (!loose || !c.groupId));
        const label = labels.column(col);
        return (
          <section key={col.key} aria-label={label} className="flex flex-col rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/50" data-testid={`column-${col.key}`}>
            <h2 className="flex items-center justify-between px-3 py-2 text-sm font-semibold">
              <span className="break-words">{label}</span>
              <span className="rounded-full bg-zinc-200 px-2 text-xs font-medium tabular-nums text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{cards.length}</span>
            </h2>
            <div className="flex flex-1 flex-col gap-2 p-2 pt-0">
              {cards.map((c) => (renderCard ? <div key={c.id}>{renderCard(c)}</div> : <RetroCardView key={c.id} retro={r} card={c} mayEdit={mayAdd} onChanged={onChanged} />))}
              {cards.length === 0 && !mayAdd && <p className="px-1 py-2 text-xs text-zinc-500">{t("noCards")}</p>}
              {mayAdd && <AddCard retroId={r.id} columnKey={col.key} label={label} onChanged={onChanged} />}
            </div>
          </section>
        );
      })}
    </div>
  );
}

function AddCard({ retroId, columnKey, label, onChanged }: { retroId: string; columnKey: string; label: string } & Changed) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const add = useMutation(trpc.retro.addCard.mutationOptions());
  const [body, setBody] = useState("");
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    // Cleared at once so the next card can be typed while this one saves; given back if it fails.
    setBody("");
    try {
      await add.mutateAsync({ orgSlug: org.slug, retroId, columnKey, body: text });
      onChanged();
    } catch (err) {
      setBody((b) => b || text);
      showError(err, onChanged);
    }
  };
  return (
    <form onSubmit={submit} className="no-print flex gap-1.5">
      <Input
        value={body}
        onChange={(e) => setBody(e.target.value)}
        aria-label={t("addCard", { column: label })}
        placeholder={t("addCardPlaceholder")}
        maxLength={2000}
        data-testid={`card-add-${columnKey}`}
        className="min-w-0"
      />
      <Button type="submit" size="sm" className="h-9 shrink-0 px-2.5" aria-label={t("addCard", { column: label })} disabled={!body.trim()}>
        <Plus className="size-4" aria-hidden />
      </Button>
    </form>
  );
}

/** One card: its text (or a face-down placeholder while hidden), author, and edit/delete for its own author. */
export function RetroCardView({
  retro: _retro,
  card: c,
  mayEdit,
  onChanged,
  menu,
  className,
}: { retro: RetroState; card: RetroCard; mayEdit: boolean; menu?: React.ReactNode; className?: string } & Changed) {
  const t = useTranslations("retros.board");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const update = useMutation(trpc.retro.updateCard.mutationOptions());
  const del = useMutation(trpc.retro.deleteCard.mutationOptions());
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [deleting, setDeleting] = useState(false);

  if (c.body === null) {
    return (
      <div
        data-testid="card"
        data-card-id={c.id}
        data-hidden="true"
        aria-label={t("hiddenCardLabel")}
        className={cn("flex h-14 items-center justify-center gap-1.5 rounded-lg border border-dashed border-zinc-300 bg-[repeating-linear-gradient(45deg,transparent,transparent_6px,rgba(120,120,140,0.08)_6px,rgba(120,120,140,0.08)_12px)] text-xs text-zinc-500 dark:border-zinc-700", className)}
      >
        <EyeOff className="size-3.5" aria-hidden /> {t("hiddenCard")}
      </div>
    );
  }

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await update.mutateAsync({ orgSlug: org.slug, cardId: c.id, version: c.version, body: draft });
      setEditing(false);
      onChanged();
    } catch (err) {
      showError(err, onChanged);
    }
  };
  const author = c.mine ? t("you") : (c.authorName ?? t("anonymous"));
  const own = c.mine && mayEdit;

  return (
    <Card className={cn("p-2.5 text-sm", className)} data-testid="card" data-card-id={c.id}>
      {editing ? (
        <form onSubmit={save} className="space-y-2">
          <Textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} aria-label={t("editCard")} autoFocus maxLength={2000} />
          <div className="flex justify-end gap-1.5">
            <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
              {t("cancel")}
            </Button>
            <Button size="sm" type="submit" loading={update.isPending} disabled={!draft.trim()}>
              {t("save")}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <div className="flex items-start justify-between gap-2">
            <p className="min-w-0 whitespace-pre-wrap break-words">{c.body}</p>
            {menu}
          </div>
          <div className="mt-1.5 flex items-center justify-between gap-2 text-xs text-zinc-500">
            <span className={cn(c.mine && "font-medium text-brand-700 dark:text-brand-300")}>{author}</span>
            {own && (
              <span className="no-print flex gap-0.5">
                <button
                  type="button"
                  className="rounded p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                  aria-label={t("editCard")}
                  onClick={() => {
                    setDraft(c.body ?? "");
                    setEditing(true);
                  }}
                >
                  <Pencil className="size-3.5" aria-hidden />
                </button>
                <button type="button" className="rounded p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label={t("delete")} onClick={() => setDeleting(true)} data-testid="card-delete">
                  <Trash2 className="size-3.5" aria-hidden />
                </button>
              </span>
            )}
          </div>
        </>
      )}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(false)}
          title={t("deleteCardTitle")}
          description={t("deleteCardBody")}
          confirmLabel={t("delete")}
          cancelLabel={tc("cancel")}
          closeLabel={tc("close")}
          variant="danger"
          loading={del.isPending}
          onConfirm={async () => {
            try {
              await del.mutateAsync({ orgSlug: org.slug, cardId: c.id });
              setDeleting(false);
              onChanged();
            } catch (err) {
              showError(err, onChanged);
            }
          }}
        />
      )}
    </Card>
  );
}

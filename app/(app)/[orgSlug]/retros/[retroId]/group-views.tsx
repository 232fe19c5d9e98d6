"use client";

import { useMutation } from "@tanstack/react-query";
import { Minus, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card } from "@/app/_components/ui/card";
import { cn } from "@/app/_components/ui/cn";
import { Textarea } from "@/app/_components/ui/field";
import { useOrg } from "@/app/_components/app/org-context";
import { useRunThenRefresh, useShowError } from "@/app/_components/retros/retro-ui";
import type { RetroGroup, RetroState } from "./live";
import { useGroupTitle, type Changed } from "./cards";

/** The vote and discuss phases' views of the groups (retro-board.tsx loads them with their phase). */

// ───────────── Vote phase ─────────────

export function VoteGroups({ retro: r, onChanged }: { retro: RetroState } & Changed) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const trpc = useTRPC();
  const groupTitle = useGroupTitle(r);
  const vote = useMutation(trpc.retro.vote.mutationOptions());
  const unvote = useMutation(trpc.retro.unvote.mutationOptions());
  const left = r.votesPerPerson - r.me.votesUsed;
  const run = useRunThenRefresh(onChanged);
  return (
    <div className="space-y-3">
      {r.me.participant && (
        <div className="flex flex-wrap items-center gap-2">
          <Badge className={cn("px-3 py-1 text-sm", left === 0 ? "bg-zinc-200 dark:bg-zinc-700" : "bg-violet-50 text-violet-800 dark:bg-violet-900/40 dark:text-violet-300")} data-testid="votes-left" aria-live="polite">
            {t("votesLeft", { left, total: r.votesPerPerson })}
          </Badge>
          <span className="text-xs text-zinc-500">{t("votesHidden")}</span>
        </div>
      )}
      {r.groups.length === 0 && <p className="text-sm text-zinc-500">{t("noGroups")}</p>}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {r.groups.map((g) => {
          const name = groupTitle(g);
          return (
            <Card key={g.id} className="flex flex-col gap-2 p-3" data-testid="group" data-group-id={g.id}>
              <h3 className="break-words text-sm font-semibold">{name}</h3>
              <GroupCards retro={r} groupId={g.id} />
              {r.me.participant && (
                <div className="mt-auto flex items-center justify-between gap-2 border-t border-zinc-100 pt-2 dark:border-zinc-800">
                  <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="my-votes">
                    {t("myVotes", { n: g.myVotes })}
                  </span>
                  <div className="flex gap-1">
                    <Button size="sm" variant="secondary" aria-label={t("unvoteFor", { group: name })} disabled={g.myVotes === 0 || unvote.isPending} onClick={() => void run(unvote.mutateAsync({ orgSlug: org.slug, groupId: g.id }))} data-testid="unvote">
                      <Minus className="size-4" aria-hidden />
                    </Button>
                    <Button size="sm" aria-label={t("voteFor", { group: name })} disabled={left <= 0 || vote.isPending} onClick={() => void run(vote.mutateAsync({ orgSlug: org.slug, groupId: g.id }))} data-testid="vote">
                      <Plus className="size-4" aria-hidden /> {t("vote")}
                    </Button>
                  </div>
                </div>
              )}
            </Card>
          );
        })}
      </div>
    </div>
  );
}

function GroupCards({ retro: r, groupId }: { retro: RetroState; groupId: string }) {
  const t = useTranslations("retros.board");
  return (
    <ul className="space-y-1 text-sm">
      {r.cards
        .filter((c) => c.groupId === groupId)
        .map((c) => (
          <li key={c.id} data-testid="card" data-card-id={c.id} className="rounded-md bg-zinc-50 px-2 py-1.5 dark:bg-zinc-800/60">
            <span className="whitespace-pre-wrap break-words">{c.body ?? t("hiddenCard")}</span>
            {(c.mine || c.authorName) && <span className="ml-1 text-xs text-zinc-500">— {c.mine ? t("you") : c.authorName}</span>}
          </li>
        ))}
    </ul>
  );
}

// ───────────── Discuss (and the groups under the actions) ─────────────

export function DiscussGroups({ retro: r, mayWrite, compact, onChanged }: { retro: RetroState; mayWrite: boolean; compact?: boolean } & Changed) {
  const t = useTranslations("retros.board");
  const groupTitle = useGroupTitle(r);
  if (r.groups.length === 0) return <p className="text-sm text-zinc-500">{t("noGroups")}</p>;
  return (
    <section aria-labelledby="discuss-title" className="space-y-2">
      <h2 id="discuss-title" className="text-sm font-semibold">
        {t("groupsTitle")}
      </h2>
      <ol className="space-y-3">
        {r.groups.map((g, i) => (
          <li key={g.id}>
            <Card className="p-3" data-testid="group" data-group-id={g.id}>
              <div className="flex items-start justify-between gap-2">
                <h3 className="min-w-0 break-words font-semibold">
                  <span className="mr-1.5 text-zinc-400">{i + 1}.</span>
                  {groupTitle(g)}
                </h3>
                <Badge className="shrink-0 bg-violet-50 text-violet-800 dark:bg-violet-900/40 dark:text-violet-300" data-testid="group-votes">
                  {t("votes", { n: g.votes ?? 0 })}
                </Badge>
              </div>
              {!compact && (
                <div className="mt-2">
                  <GroupCards retro={r} groupId={g.id} />
                </div>
              )}
              {mayWrite ? <NotesEditor group={g} onChanged={onChanged} /> : g.notes ? <p className="mt-2 whitespace-pre-wrap break-words text-sm text-zinc-700 dark:text-zinc-300">{g.notes}</p> : null}
            </Card>
          </li>
        ))}
      </ol>
    </section>
  );
}

function NotesEditor({ group, onChanged }: { group: RetroGroup } & Changed) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const update = useMutation(trpc.retro.updateGroup.mutationOptions());
  const [draft, setDraft] = useState<string | null>(null);
  const dirty = draft !== null && draft !== group.notes;
  const id = useId();
  return (
    <form
      className="mt-2 space-y-1.5"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await update.mutateAsync({ orgSlug: org.slug, groupId: group.id, version: group.version, title: group.title, notes: draft ?? group.notes });
          setDraft(null);
          toast.success(t("notesSaved"));
          onChanged();
        } catch (err) {
          showError(err, onChanged);
        }
      }}
    >
      <label htmlFor={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {t("notes")}
      </label>
      <Textarea id={id} rows={2} value={draft ?? group.notes} onChange={(e) => setDraft(e.target.value)} maxLength={5000} data-testid="group-notes" />
      {dirty && (
        <div className="flex justify-end gap-1.5">
          <Button size="sm" variant="ghost" onClick={() => setDraft(null)}>
            {t("cancel")}
          </Button>
          <Button size="sm" type="submit" loading={update.isPending}>
            {t("saveNotes")}
          </Button>
        </div>
      )}
    </form>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZUpdateRetroInput } from "@/server/retros/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Input } from "@/app/_components/ui/field";
import { errorData, errorMessage } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useShowError } from "@/app/_components/retros/retro-ui";
import type { RetroState } from "./live";

type Values = z.input<typeof ZUpdateRetroInput>;
type Output = z.output<typeof ZUpdateRetroInput>;
const FIELDS = ["title", "participantIds", "anonymous", "votesPerPerson", "hideUntilReveal"];

const valuesOf = (r: RetroState): Values => ({
  retroId: r.id,
  version: r.version,
  title: r.title,
  participantIds: r.participants.map((p) => p.userId),
  anonymous: r.anonymous,
  votesPerPerson: r.votesPerPerson,
  hideUntilReveal: r.hideUntilReveal,
});

/**
 * The facilitator changes a running retro: title, who takes part, votes per person and the card
 * settings. Saved against the version the dialog was opened with; a conflict offers to reload.
 */
export function RetroSettingsDialog({ retro, onClose, onDone }: { retro: RetroState; onClose: () => void; onDone: () => void }) {
  const t = useTranslations("retros.settings");
  const tf = useTranslations("retros.form");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const update = useMutation(trpc.retro.update.mutationOptions());
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<Values, unknown, Output>({ resolver: zodResolver(ZUpdateRetroInput), defaultValues: valuesOf(retro) });

  // Participants who are no longer in the member list (or beyond its first page) stay listed by name.
  const memberItems = (members.data?.items ?? []).map((m) => ({ id: m.userId, name: m.name }));
  const items = [...memberItems, ...retro.participants.filter((p) => !memberItems.some((m) => m.id === p.userId)).map((p) => ({ id: p.userId, name: p.name }))];

  const reload = () => {
    setConflict(null);
    form.reset(valuesOf(retro));
    onDone();
  };

  const onSubmit = form.handleSubmit(async (v) => {
    setConflict(null);
    try {
      await update.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("saved"));
      onDone();
      onClose();
    } catch (e) {
      const data = errorData(e);
      const fields = Object.entries(data.fieldErrors ?? {}).filter(([f]) => FIELDS.includes(f));
      if (fields.length) {
        for (const [f, msgs] of fields) form.setError(f as keyof Values, { type: "server", message: msgs.join(" ") });
      } else if (data.code === "CONFLICT") {
        setConflict(err(errorMessage(e)) ?? errorMessage(e));
      } else showError(e, onDone);
    }
  });

  const e = form.formState.errors;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("title")} description={t("description")} closeLabel={tc("close")} className="max-w-xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="retro-settings-form">
          {conflict && (
            <div role="alert" className="space-y-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-200" data-testid="retro-settings-conflict">
              <p>{conflict}</p>
              <p className="text-xs">{t("conflictHint")}</p>
              <Button type="button" variant="secondary" size="sm" onClick={reload}>
                {t("reload")}
              </Button>
            </div>
          )}
          <Field label={tf("title")} error={err(e.title?.message)}>
            {(a) => <Input {...a} {...form.register("title")} maxLength={200} data-testid="retro-settings-title" />}
          </Field>
          <fieldset className="space-y-1.5">
            <legend className="text-sm font-medium">{tf("participants")}</legend>
            <p className="text-xs text-zinc-500">{tf("participantsHint")}</p>
            <Controller
              control={form.control}
              name="participantIds"
              render={({ field }) => {
                const value = field.value ?? [];
                return (
                  <div className="max-h-52 space-y-0.5 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-800" data-testid="retro-settings-participants">
                    {members.isLoading && <p className="px-1 text-sm text-zinc-500">{tf("loadingMembers")}</p>}
                    {items.map((it) => {
                      const locked = it.id === retro.facilitatorId;
                      return (
                        <label key={it.id} className="flex items-center gap-2 rounded px-1 py-1 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800">
                          <input
                            type="checkbox"
                            className="size-4"
                            checked={locked || value.includes(it.id)}
                            disabled={locked}
                            onChange={(ev) => field.onChange(ev.target.checked ? [...value, it.id] : value.filter((x) => x !== it.id))}
                          />
                          <span className="min-w-0 break-words">{it.name}</span>
                          {locked && <span className="text-xs text-zinc-500">{t("facilitator")}</span>}
                        </label>
                      );
                    })}
                  </div>
                );
              }}
            />
            {e.participantIds && <p className="text-xs font-medium text-red-600">{err(e.participantIds.message ?? e.participantIds.root?.message)}</p>}
          </fieldset>
          <Field label={tf("votesPerPerson")} error={err(e.votesPerPerson?.message)} hint={t("votesHint")}>
            {(a) => <Input {...a} type="number" min={1} max={20} inputMode="numeric" {...form.register("votesPerPerson", { valueAsNumber: true })} className="w-28" data-testid="retro-settings-votes" />}
          </Field>
          <div className="space-y-3">
            <div>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-0.5 size-4" {...form.register("anonymous")} aria-invalid={!!e.anonymous || undefined} data-testid="retro-settings-anonymous" />
                <span>
                  {tf("anonymous")}
                  <span className="block text-xs text-zinc-500">{tf("anonymousHint")}</span>
                </span>
              </label>
              {e.anonymous && (
                <p role="alert" className="ml-6 mt-1 text-xs font-medium text-red-600">
                  {err(e.anonymous.message)}
                </p>
              )}
            </div>
            <div>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-0.5 size-4" {...form.register("hideUntilReveal")} data-testid="retro-settings-hide" />
                <span>{tf("hideUntilReveal")}</span>
              </label>
              {e.hideUntilReveal && <p className="ml-6 mt-1 text-xs font-medium text-red-600">{err(e.hideUntilReveal.message)}</p>}
            </div>
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting} data-testid="retro-settings-save">
              {t("save")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

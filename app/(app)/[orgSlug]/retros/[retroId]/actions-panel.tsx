"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { ArrowRightLeft, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { RETRO_ACTION_STATUSES, ZAddActionInput } from "@/server/retros/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Badge, Card } from "@/app/_components/ui/card";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useRetroLabels, useShowError } from "@/app/_components/retros/retro-ui";
import { useGroupTitle } from "./cards";
import { ConvertedLink } from "./open-actions";
import type { RetroAction, RetroState } from "./live";

const ConvertDialog = dynamic(() => import("./convert-dialog").then((m) => m.ConvertDialog));

type Changed = { onChanged: () => void };
type AddValues = z.input<typeof ZAddActionInput>;
type AddOutput = z.output<typeof ZAddActionInput>;

/** The retro's action items: add (discuss, actions), status, delete, and turn into planned work. */
export function ActionsPanel({ retro: r, onChanged, readOnly }: { retro: RetroState; readOnly?: boolean } & Changed) {
  const t = useTranslations("retros.board");
  const mayAdd = !readOnly && r.me.participant && (r.phase === "discuss" || r.phase === "actions");
  return (
    <section aria-labelledby="actions-title" className="space-y-3">
      <h2 id="actions-title" className="text-lg font-semibold">
        {t("actionsTitle")}
      </h2>
      {r.actions.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("actionsEmpty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="actions">
          {r.actions.map((a) => (
            <ActionRow key={a.id} retro={r} action={a} readOnly={!!readOnly} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {mayAdd && <AddActionForm retro={r} onChanged={onChanged} />}
    </section>
  );
}

function ActionRow({ retro: r, action: a, readOnly, onChanged }: { retro: RetroState; action: RetroAction; readOnly: boolean } & Changed) {
  const t = useTranslations("retros.board");
  const tc = useTranslations("common");
  const format = useFormatter();
  const labels = useRetroLabels();
  const org = useOrg();
  const trpc = useTRPC();
  const showError = useShowError();
  const groupTitle = useGroupTitle(r);
  const update = useMutation(trpc.retro.updateAction.mutationOptions());
  const del = useMutation(trpc.retro.deleteAction.mutationOptions());
  const [deleting, setDeleting] = useState(false);
  const [converting, setConverting] = useState(false);
  const group = a.groupId ? r.groups.find((g) => g.id === a.groupId) : undefined;
  const mayEdit = !readOnly && (r.me.participant || r.me.facilitator);
  const closed = r.phase === "closed";

  const setStatus = async (status: (typeof RETRO_ACTION_STATUSES)[number]) => {
    try {
      await update.mutateAsync({ orgSlug: org.slug, actionId: a.id, version: a.version, title: a.title, ownerId: a.ownerId, dueOn: a.dueOn, groupId: a.groupId, status });
      onChanged();
    } catch (e) {
      showError(e, onChanged);
    }
  };

  return (
    <li>
      <Card className="flex flex-wrap items-start justify-between gap-2 p-3" data-testid="action" data-action-id={a.id}>
        <div className="min-w-0 flex-1 space-y-1">
          <p className="break-words text-sm font-medium">{a.title}</p>
          <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
            <span>
              {t("owner")}: {a.ownerName ?? t("noOwner")}
            </span>
            {a.dueOn && (
              <span>
                {t("due")}: {format.dateTime(new Date(`${a.dueOn}T00:00:00`), { dateStyle: "medium" })}
              </span>
            )}
            {group && (
              <span>
                {t("linkedGroup")}: {groupTitle(group)}
              </span>
            )}
          </p>
          {a.convertedTo && <ConvertedLink to={a.convertedTo} />}
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          {mayEdit && !closed ? (
            <Select aria-label={t("status")} value={a.status} onChange={(e) => void setStatus(e.target.value as (typeof RETRO_ACTION_STATUSES)[number])} className="h-8 w-32 py-1" disabled={update.isPending} data-testid="action-status">
              {RETRO_ACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {labels.status(s)}
                </option>
              ))}
            </Select>
          ) : (
            <Badge>{labels.status(a.status)}</Badge>
          )}
          {mayEdit && !a.convertedTo && (
            <Button size="sm" variant="secondary" className="no-print" onClick={() => setConverting(true)} data-testid="action-convert">
              <ArrowRightLeft className="size-4" aria-hidden /> {t("convert")}
            </Button>
          )}
          {mayEdit && !closed && r.me.participant && (
            <Button size="sm" variant="ghost" className="no-print" aria-label={t("deleteAction")} onClick={() => setDeleting(true)}>
              <Trash2 className="size-4" aria-hidden />
            </Button>
          )}
        </div>
      </Card>
      {converting && <ConvertDialog action={a} periodId={r.periodId} onClose={() => setConverting(false)} onDone={onChanged} />}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setDeleting(false)}
          title={t("deleteActionTitle")}
          confirmLabel={t("delete")}
          cancelLabel={tc("cancel")}
          closeLabel={tc("close")}
          variant="danger"
          loading={del.isPending}
          onConfirm={async () => {
            try {
              await del.mutateAsync({ orgSlug: org.slug, actionId: a.id });
              setDeleting(false);
              onChanged();
            } catch (e) {
              showError(e, onChanged);
            }
          }}
        />
      )}
    </li>
  );
}

function AddActionForm({ retro: r, onChanged }: { retro: RetroState } & Changed) {
  const t = useTranslations("retros.board");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const groupTitle = useGroupTitle(r);
  const add = useMutation(trpc.retro.addAction.mutationOptions());
  const form = useForm<AddValues, unknown, AddOutput>({
    resolver: zodResolver(ZAddActionInput),
    defaultValues: { retroId: r.id, title: "", ownerId: null, dueOn: null, groupId: null },
  });
  const e = form.formState.errors;
  const onSubmit = form.handleSubmit(async (v) => {
    try {
      await add.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("actionAdded"));
      form.reset({ retroId: r.id, title: "", ownerId: v.ownerId, dueOn: v.dueOn, groupId: null });
      onChanged();
    } catch (ex) {
      const fields = Object.keys(errorData(ex).fieldErrors ?? {}).filter((f) => ["title", "ownerId", "dueOn", "groupId"].includes(f));
      showServerError(ex, { setError: form.setError, fields, reloadLabel: tc("reload"), onReload: onChanged });
    }
  });
  return (
    <Card className="no-print p-3">
      <form onSubmit={onSubmit} noValidate className="space-y-3" data-testid="action-form">
        <Field label={t("actionTitle")} error={err(e.title?.message)}>
          {(a) => <Input {...a} {...form.register("title")} placeholder={t("actionTitlePlaceholder")} maxLength={200} data-testid="action-title" />}
        </Field>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label={t("owner")} error={err(e.ownerId?.message)}>
            {(a) => (
              <Select {...a} {...form.register("ownerId", { setValueAs: (v) => v || null })} data-testid="action-owner">
                <option value="">{t("noOwner")}</option>
                <MemberOptions />
              </Select>
            )}
          </Field>
          <Field label={t("due")} error={err(e.dueOn?.message)}>
            {(a) => <Input {...a} type="date" {...form.register("dueOn", { setValueAs: (v) => v || null })} data-testid="action-due" />}
          </Field>
          <Field label={t("linkedGroup")} error={err(e.groupId?.message)}>
            {(a) => (
              <Select {...a} {...form.register("groupId", { setValueAs: (v) => v || null })}>
                <option value="">{t("noGroup")}</option>
                {r.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {groupTitle(g)}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
        <div className="flex justify-end">
          <Button type="submit" loading={form.formState.isSubmitting} data-testid="action-add">
            {t("addAction")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

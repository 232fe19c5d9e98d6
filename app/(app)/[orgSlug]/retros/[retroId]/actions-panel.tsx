"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowRightLeft, Link2, Trash2 } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
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
import type { RetroAction, RetroState } from "./live";

const ConvertDialog = dynamic(() => import("./convert-dialog").then((m) => m.ConvertDialog));

type Changed = { onChanged: () => void };
type AddValues = z.input<typeof ZAddActionInput>;
type AddOutput = z.output<typeof ZAddActionInput>;

/** Where a converted action went. */
function ConvertedLink({ to }: { to: NonNullable<RetroAction["convertedTo"]> }) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const href = to.type === "objective" ? `/${org.slug}/okrs/o/${to.id}` : to.type === "risk" ? `/${org.slug}/risks/${to.id}` : to.type === "kpi" ? `/${org.slug}/okrs/kpis` : to.objectiveId ? `/${org.slug}/okrs/o/${to.objectiveId}` : `/${org.slug}/okrs`;
  return (
    <Link href={href} className="inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline dark:text-brand-300" data-testid="action-converted">
      <Link2 className="size-3.5" aria-hidden /> {t(`convertedTo.${to.type}`)}
    </Link>
  );
}

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

/** Open actions of earlier retros of the same departments: reviewed while preparing. */
export function OpenActions({ retro: r }: { retro: RetroState }) {
  const t = useTranslations("retros.board");
  const labels = useRetroLabels();
  const format = useFormatter();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card className="p-4">
      <h2 className="mb-2 font-semibold">{t("openActionsTitle")}</h2>
      {r.openActions.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("openActionsEmpty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="open-actions">
          {r.openActions.map((a) => (
            <li key={a.id} className="rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-800">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <span className="min-w-0 break-words font-medium">{a.title}</span>
                <Badge>{labels.status(a.status)}</Badge>
              </div>
              <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-600 dark:text-zinc-400">
                <span>{t("fromRetro", { title: a.retroTitle })}</span>
                <span>
                  {t("owner")}: {a.ownerName ?? t("noOwner")}
                </span>
                {a.convertedTo && <ConvertedLink to={a.convertedTo} />}
                {a.dueOn && (
                  <span className={a.dueOn < today ? "font-medium text-red-600 dark:text-red-400" : undefined}>
                    {t("due")}: {format.dateTime(new Date(`${a.dueOn}T00:00:00`), { dateStyle: "medium" })}
                  </span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The period's facts to discuss: objective grades, campaigns over budget, risks that went up, overdue actions. */
export function PeriodInputs({ retroId }: { retroId: string }) {
  const t = useTranslations("retros.board");
  const org = useOrg();
  const trpc = useTRPC();
  const inputs = useQuery(trpc.retro.inputs.queryOptions({ orgSlug: org.slug, retroId }));
  const d = inputs.data;
  const empty = d && !d.grades.length && !d.overBudget.length && !d.risksUp.length && !d.overdueActions.length;
  const list = (title: string, items: { id: string; text: string; extra?: string; href?: string }[]) =>
    items.length > 0 && (
      <div>
        <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
        <ul className="mt-1 space-y-0.5 text-sm">
          {items.map((i) => (
            <li key={i.id} className="flex justify-between gap-2">
              {i.href ? (
                <Link href={i.href} className="min-w-0 break-words hover:underline">
                  {i.text}
                </Link>
              ) : (
                <span className="min-w-0 break-words">{i.text}</span>
              )}
              {i.extra && <span className="shrink-0 tabular-nums text-zinc-600 dark:text-zinc-400">{i.extra}</span>}
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <Card className="space-y-3 p-4" data-testid="retro-inputs">
      <h2 className="font-semibold">
        {t("inputsTitle")}
        {d?.period ? ` · ${d.period.name}` : ""}
      </h2>
      {inputs.isLoading && <p className="text-sm text-zinc-500">{t("inputsLoading")}</p>}
      {inputs.isError && <p className="text-sm text-red-600 dark:text-red-400">{t("inputsError")}</p>}
      {empty && <p className="text-sm text-zinc-500">{t("inputsEmpty")}</p>}
      {d && (
        <>
          {list(
            t("inputsGrades"),
            d.grades.map((g) => ({ id: g.id, text: g.title, extra: g.score === null ? t("noScore") : Number(g.score).toFixed(1), href: `/${org.slug}/okrs/o/${g.id}` })),
          )}
          {list(
            t("inputsOverBudget"),
            d.overBudget.map((c) => ({ id: c.id, text: c.name, href: `/${org.slug}/campaigns/${c.id}` })),
          )}
          {list(
            t("inputsRisksUp"),
            d.risksUp.map((x) => ({ id: x.id, text: x.title, extra: t("riskMove", { from: String(x.from), to: String(x.residualScore) }), href: `/${org.slug}/risks/${x.id}` })),
          )}
          {list(
            t("inputsOverdue"),
            d.overdueActions.map((a) => ({ id: a.id, text: a.title, extra: a.dueOn ?? undefined })),
          )}
        </>
      )}
    </Card>
  );
}

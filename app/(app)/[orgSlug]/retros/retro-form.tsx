"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ZCreateRetroInput } from "@/server/retros/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { Field, Input, Select } from "@/app/_components/ui/field";
import { errorData, showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { MemberOptions } from "@/app/_components/app/org-options";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useRetroLabels } from "@/app/_components/retros/retro-ui";

type Values = z.input<typeof ZCreateRetroInput>;
type Output = z.output<typeof ZCreateRetroInput>;
const FIELDS = ["title", "periodId", "departmentIds", "facilitatorId", "participantIds", "template", "anonymous", "votesPerPerson", "hideUntilReveal"];

/** New retro: period, departments, facilitator, participants, template and the card/vote settings. */
export function RetroFormDialog({ myUserId, onClose }: { myUserId: string; onClose: () => void }) {
  const t = useTranslations("retros.form");
  const tc = useTranslations("common");
  const err = useErrorText();
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const labels = useRetroLabels();
  const periods = useQuery(trpc.period.list.queryOptions({ orgSlug: org.slug }));
  const departments = useQuery(trpc.department.list.queryOptions({ orgSlug: org.slug }));
  const members = useQuery(trpc.member.list.queryOptions({ orgSlug: org.slug, limit: 100 }));
  const templates = useQuery(trpc.retro.templates.queryOptions({ orgSlug: org.slug }));
  const today = new Date().toISOString().slice(0, 10);
  const currentPeriod =
    periods.data?.find((p) => p.kind === "quarter" && p.startsOn <= today && p.endsOn >= today)?.id ??
    periods.data?.find((p) => p.status === "active")?.id ??
    null;

  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZCreateRetroInput),
    defaultValues: {
      title: "",
      periodId: currentPeriod,
      departmentIds: [],
      facilitatorId: myUserId,
      participantIds: [myUserId],
      template: "builtin:start_stop_continue",
      anonymous: false,
      votesPerPerson: 5,
      hideUntilReveal: true,
    },
  });
  const create = useMutation(trpc.retro.create.mutationOptions());
  const facilitatorId = useWatch({ control: form.control, name: "facilitatorId" });

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      const created = await create.mutateAsync({ ...v, orgSlug: org.slug });
      toast.success(t("created"));
      await qc.invalidateQueries({ queryKey: trpc.retro.list.queryKey() });
      onClose();
      router.push(`/${org.slug}/retros/${created.id}`);
    } catch (e) {
      const fields = Object.keys(errorData(e).fieldErrors ?? {}).filter((f) => FIELDS.includes(f));
      showServerError(e, { setError: form.setError, fields });
    }
  });

  const e = form.formState.errors;
  const checkboxList = (name: "departmentIds" | "participantIds", items: { id: string; name: string }[], lockedId?: string) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => {
        const value = field.value ?? [];
        return (
          <div className="max-h-44 space-y-0.5 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
            {items.length === 0 && <p className="px-1 text-sm text-zinc-500">{t("loadingMembers")}</p>}
            {items.map((it) => {
              const locked = it.id === lockedId;
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
                </label>
              );
            })}
          </div>
        );
      }}
    />
  );

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={t("newTitle")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="retro-form">
          <Field label={t("title")} error={err(e.title?.message)}>
            {(a) => <Input {...a} {...form.register("title")} placeholder={t("titlePlaceholder")} autoFocus data-testid="retro-title" />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("period")} error={err(e.periodId?.message)}>
              {(a) => (
                <Select {...a} {...form.register("periodId", { setValueAs: (v) => v || null })}>
                  <option value="">—</option>
                  {periods.data?.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("facilitator")} error={err(e.facilitatorId?.message)}>
              {(a) => (
                <Select {...a} {...form.register("facilitatorId")}>
                  <MemberOptions />
                </Select>
              )}
            </Field>
          </div>
          <Field label={t("template")} error={err(e.template?.message)}>
            {(a) => (
              <Select {...a} {...form.register("template")} data-testid="retro-template">
                <optgroup label={t("builtinTemplates")}>
                  {(templates.data?.builtin ?? []).map((tpl) => (
                    <option key={tpl.id} value={tpl.id}>
                      {labels.template(tpl.key)}
                    </option>
                  ))}
                </optgroup>
                {!!templates.data?.own.length && (
                  <optgroup label={t("orgTemplates")}>
                    {templates.data.own.map((tpl) => (
                      <option key={tpl.id} value={tpl.id}>
                        {tpl.name}
                      </option>
                    ))}
                  </optgroup>
                )}
              </Select>
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium">{t("participants")}</legend>
              <p className="text-xs text-zinc-500">{t("participantsHint")}</p>
              {checkboxList("participantIds", (members.data?.items ?? []).map((m) => ({ id: m.userId, name: m.name })), facilitatorId)}
              {e.participantIds && <p className="text-xs font-medium text-red-600">{err(e.participantIds.message ?? e.participantIds.root?.message)}</p>}
            </fieldset>
            <fieldset className="space-y-1.5">
              <legend className="text-sm font-medium">{t("departments")}</legend>
              <p className="text-xs text-zinc-500">{t("departmentsHint")}</p>
              {checkboxList("departmentIds", departments.data ?? [])}
              {e.departmentIds && <p className="text-xs font-medium text-red-600">{err(e.departmentIds.message ?? e.departmentIds.root?.message)}</p>}
            </fieldset>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("votesPerPerson")} error={err(e.votesPerPerson?.message)}>
              {(a) => <Input {...a} type="number" min={1} max={20} inputMode="numeric" {...form.register("votesPerPerson", { valueAsNumber: true })} className="w-28" />}
            </Field>
            <div className="space-y-3 sm:pt-6">
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-0.5 size-4" {...form.register("anonymous")} />
                <span>
                  {t("anonymous")}
                  <span className="block text-xs text-zinc-500">{t("anonymousHint")}</span>
                </span>
              </label>
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-0.5 size-4" {...form.register("hideUntilReveal")} />
                <span>{t("hideUntilReveal")}</span>
              </label>
            </div>
          </div>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting} data-testid="retro-save">
              {t("create")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/app/_components/ui/toast";
import type { z } from "zod";
import { ALL_EVENTS, WEBHOOK_EVENT_GROUPS } from "@/server/webhooks/events";
import { ZWebhookFields } from "@/server/webhooks/schema";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Field, Input } from "@/app/_components/ui/field";
import { Dialog, DialogContent } from "@/app/_components/ui/dialog";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";
import { useErrorText } from "@/app/_components/app/use-error-text";
import { useEventLabel } from "./shared";

type Values = z.input<typeof ZWebhookFields>;
type Output = z.output<typeof ZWebhookFields>;
const FIELDS = ["url", "description", "events", "format"] as const;

export interface EditableWebhook {
  id: string;
  url: string;
  description: string;
  events: string[];
  format: "json" | "slack";
  active: boolean;
  version: number;
}

/** Creates a webhook (then hands its secret to `onCreated`) or edits one. */
export function WebhookFormDialog({
  webhook,
  onClose,
  onSaved,
  onCreated,
}: {
  webhook: EditableWebhook | null;
  onClose: () => void;
  onSaved: () => void;
  onCreated?: (secret: string, id: string) => void;
}) {
  const t = useTranslations("webhooks");
  const tc = useTranslations("common");
  const err = useErrorText();
  const label = useEventLabel();
  const org = useOrg();
  const trpc = useTRPC();
  const create = useMutation(trpc.webhook.create.mutationOptions());
  const update = useMutation(trpc.webhook.update.mutationOptions());
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(ZWebhookFields),
    defaultValues: {
      url: webhook?.url ?? "",
      description: webhook?.description ?? "",
      events: (webhook?.events ?? [ALL_EVENTS]) as Values["events"],
      format: webhook?.format ?? "json",
    },
  });
  const events = useWatch({ control: form.control, name: "events" }) as string[];
  const all = events.includes(ALL_EVENTS);
  const setEvents = (next: string[]) => form.setValue("events", next as Values["events"], { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  const toggle = (e: string, on: boolean) => setEvents(on ? [...events.filter((x) => x !== ALL_EVENTS), e] : events.filter((x) => x !== e));

  const onSubmit = form.handleSubmit(async (v) => {
    try {
      if (webhook) {
        await update.mutateAsync({ orgSlug: org.slug, webhookId: webhook.id, version: webhook.version, active: webhook.active, ...v });
        toast.success(tc("saved"));
        onSaved();
      } else {
        const res = await create.mutateAsync({ orgSlug: org.slug, ...v });
        onSaved();
        onCreated?.(res.secret, res.webhook.id);
      }
    } catch (e) {
      showServerError(e, { setError: form.setError, fields: FIELDS, onReload: onSaved, reloadLabel: tc("reload") });
    }
  });
  const eventsError = err(form.formState.errors.events?.message ?? (form.formState.errors.events as { root?: { message?: string } } | undefined)?.root?.message);

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={webhook ? t("editTitle") : t("newTitle")} closeLabel={tc("close")} className="max-w-2xl">
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label={t("url")} hint={t("urlHint")} error={err(form.formState.errors.url?.message)}>
            {(p) => <Input {...p} type="url" inputMode="url" autoFocus placeholder="https://" {...form.register("url")} />}
          </Field>
          <Field label={t("description")} hint={t("descriptionHint")} error={err(form.formState.errors.description?.message)}>
            {(p) => <Input {...p} {...form.register("description")} />}
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("format")}</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {(["json", "slack"] as const).map((f) => (
                <label key={f} className="flex cursor-pointer gap-2 rounded-md border border-zinc-200 p-3 text-sm has-[:checked]:border-brand-600 dark:border-zinc-700">
                  <input type="radio" value={f} className="mt-0.5" {...form.register("format")} />
                  <span>
                    <span className="font-medium">{f === "json" ? t("formatJson") : t("formatSlack")}</span>
                    <span className="block text-xs text-zinc-500">{f === "json" ? t("formatJsonHint") : t("formatSlackHint")}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset aria-describedby={eventsError ? "webhook-events-error" : undefined}>
            <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{t("events")}</legend>
            <label className="mt-2 flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5" checked={all} onChange={(e) => setEvents(e.target.checked ? [ALL_EVENTS] : [])} data-testid="webhook-all-events" />
              <span>
                <span className="font-medium">{t("allEvents")}</span>
                <span className="block text-xs text-zinc-500">{t("allEventsHint")}</span>
              </span>
            </label>
            {!all && (
              <div className="mt-3 grid gap-4 sm:grid-cols-2">
                {WEBHOOK_EVENT_GROUPS.map((g) => (
                  <div key={g.group}>
                    <div className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{t(`groups.${g.group}`)}</div>
                    <div className="mt-1 space-y-1">
                      {g.events.map((e) => (
                        <label key={e} className="flex items-start gap-2 text-sm">
                          <input type="checkbox" className="mt-1" checked={events.includes(e)} onChange={(ev) => toggle(e, ev.target.checked)} />
                          <span>
                            {label(e)}
                            <code className="block text-xs text-zinc-400">{e}</code>
                          </span>
                        </label>
                      ))}
                    </div>
                  </div>
                ))}
              </div>
            )}
            {eventsError && (
              <p id="webhook-events-error" className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">
                {eventsError}
              </p>
            )}
          </fieldset>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              {tc("cancel")}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending} data-testid="webhook-save">
              {webhook ? tc("save") : t("create")}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { MailWarning } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/react";
import { Button } from "@/app/_components/ui/button";
import { Card } from "@/app/_components/ui/card";
import { showServerError } from "@/app/_components/app/errors";
import { useOrg } from "@/app/_components/app/org-context";

type Choice = { inApp: boolean; email: boolean };

/**
 * The grid of notification kinds × {in the app, by email} for the signed-in person in this
 * organisation. Changes are kept locally until saved; "Restore defaults" fills in the defaults.
 */
export function PreferencesClient() {
  const t = useTranslations("notifications.prefs");
  const tc = useTranslations("common");
  const org = useOrg();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = trpc.notification.preferences.queryOptions({ orgSlug: org.slug });
  const { data } = useSuspenseQuery(options);
  const save = useMutation(trpc.notification.updatePreferences.mutationOptions());
  const [draft, setDraft] = useState<Record<string, Choice>>({});

  const value = (kind: string): Choice => {
    const item = data.items.find((i) => i.kind === kind)!;
    return draft[kind] ?? { inApp: item.inApp, email: item.email };
  };
  const changed = data.items.filter((i) => {
    const d = draft[i.kind];
    return d && (d.inApp !== i.inApp || d.email !== i.email);
  });
  const set = (kind: string, channel: keyof Choice, on: boolean) => setDraft((old) => ({ ...old, [kind]: { ...value(kind), [channel]: on } }));

  const onSave = async () => {
    try {
      const saved = await save.mutateAsync({
        orgSlug: org.slug,
        preferences: changed.map((i) => ({ kind: i.kind, ...value(i.kind) })),
      });
      qc.setQueryData(options.queryKey, (old) => (old ? { ...old, items: saved } : old));
      setDraft({});
      toast.success(t("saved"));
    } catch (e) {
      showServerError(e);
    }
  };

  const kindLabel = (kind: string) => t(`kinds.${kind}.label`);
  const channels: { key: keyof Choice; label: string }[] = [
    { key: "inApp", label: t("inApp") },
    { key: "email", label: t("email") },
  ];

  return (
    <div className="grid max-w-3xl gap-4">
      {!data.emailConfigured && (
        <div
          role="note"
          data-testid="email-not-configured"
          className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
        >
          <MailWarning className="mt-0.5 size-4 shrink-0" aria-hidden />
          <span>{t("emailOff")}</span>
        </div>
      )}
      <Card className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="notification-preferences">
          <thead>
            <tr className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              <th scope="col" className="px-4 py-2 font-medium">
                {t("kindColumn")}
              </th>
              {channels.map((c) => (
                <th key={c.key} scope="col" className="w-28 px-4 py-2 text-center font-medium">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {data.items.map((item) => (
              <tr key={item.kind} data-kind={item.kind}>
                <th scope="row" className="px-4 py-3 text-left font-normal">
                  <span className="block font-medium">{kindLabel(item.kind)}</span>
                  <span className="block text-xs text-zinc-500">{t(`kinds.${item.kind}.hint`)}</span>
                </th>
                {channels.map((c) => {
                  const available = c.key === "email" || item.inAppAvailable;
                  return (
                    <td key={c.key} className="px-4 py-3 text-center">
                      {available ? (
                        <input
                          type="checkbox"
                          className="size-4 rounded border-zinc-300 accent-brand-600"
                          checked={value(item.kind)[c.key]}
                          onChange={(e) => set(item.kind, c.key, e.target.checked)}
                          aria-label={t("toggle", { kind: kindLabel(item.kind), channel: c.label })}
                          data-testid={`pref-${item.kind}-${c.key}`}
                        />
                      ) : (
                        <span className="text-xs text-zinc-400">
                          <span aria-hidden>—</span>
                          <span className="sr-only">{t("notAvailable")}</span>
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <div className="flex flex-wrap items-center justify-end gap-3">
        {changed.length > 0 && (
          <span className="mr-auto text-sm text-zinc-600 dark:text-zinc-400" role="status">
            {t("unsaved")}
          </span>
        )}
        <Button
          variant="secondary"
          onClick={() =>
            setDraft(Object.fromEntries(data.items.map((i) => [i.kind, { inApp: i.inAppAvailable ? i.defaults.inApp : false, email: i.defaults.email }])))
          }
        >
          {t("reset")}
        </Button>
        <Button onClick={onSave} loading={save.isPending} disabled={changed.length === 0} data-testid="save-preferences">
          {tc("save")}
        </Button>
      </div>
    </div>
  );
}
